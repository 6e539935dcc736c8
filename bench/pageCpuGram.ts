/**
 * `npm run bench:cpu-gram`: the page's CPU engine at K = 16, d = 2^20 (quadratic groups, PCGrad),
 * in the built app (vite preview, cross-origin isolated) in headless Chromium without WebGPU:
 * the engine worker's Gram (WebAssembly SIMD, copy of the gradients into its memory included)
 * and the whole step (advance(1) round trip: gradients, Gram, PCGrad, Σ w_j g_j and the θ update,
 * the messages and the θ copy), on one thread and on every core (window.__concord.largeCpuRun),
 * beside the page's copy bandwidth (TypedArray.set of the K×d float64 gradients) measured in the
 * same run. Then, in Node on one thread, what else reads or writes the K×d rows each step (the
 * problem's gradients, the Gram with its copy-in, the direction and θ update), so the step's
 * single-threaded costs can be compared, and the Gram without its copy-in on one thread and on
 * every core (SimdGramThreads). Writes bench/RESULTS.md, section "Page CPU engine Gram".
 */
import { cpus, loadavg } from 'node:os';
import { BASE_FLAGS, launchChromium, serveBuiltApp } from '../src/cli/browser';
import { SimdGramThreads } from '../src/cli/simdGramThreads';
import { createProblem } from '../src/core/problems/index';
import { blockedStep } from '../src/engine/blockedGram';
import { largeMeasure } from '../src/engine/largeGram';
import { SimdGram } from '../src/engine/simdGram';
import type { LargeCpuRunResult } from '../src/workers/largeCpuRun';
import { writeSection } from './results';

const K = 16;
const d = 2 ** 20;
const STEPS = 5;

const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Best of `reps` times of f in ms. */
function time(f: () => void, reps: number): number {
  let t = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

async function pageFigures(): Promise<{ copyMs: number; runs: LargeCpuRunResult[] }> {
  const app = await serveBuiltApp();
  const browser = await launchChromium(BASE_FLAGS);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.url}#backend=cpu`);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 120_000,
    });
    const copyMs = await page.evaluate((n) => {
      const a = new Float64Array(n).fill(1.5);
      const b = new Float64Array(n);
      let t = Number.POSITIVE_INFINITY;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        b.set(a);
        t = Math.min(t, performance.now() - t0);
      }
      return t;
    }, K * d);
    const runs: LargeCpuRunResult[] = [];
    for (const gramThreads of [1, undefined]) {
      const r = (await page.evaluate(
        (o) => window.__concord!.largeCpuRun(o).then((x) => ({ ...x, theta: [], G: [] })),
        { K, d, seed: 1, steps: STEPS, ...(gramThreads ? { gramThreads } : {}) },
      )) as LargeCpuRunResult;
      console.log(r.gram.map((g) => `${g.path} ${g.ms.toFixed(1)} ms`).join('; '));
      runs.push(r);
    }
    return { copyMs, runs };
  } finally {
    await browser.close();
    await app.close();
  }
}

/** Node: the parts of one step that read or write the K×d rows, and the Gram without its copy-in. */
async function nodeParts(): Promise<string[]> {
  const problem = createProblem('quadratic-groups', { K, d, seed: 1 });
  const theta = problem.starts()[0];
  let g = problem.gradients(theta);
  const grad = time(() => {
    g = problem.gradients(theta);
  }, 3);
  const gram = time(() => largeMeasure(g, K, d), 3);
  const next = Float64Array.from(theta);
  const f = Float64Array.from({ length: K }, (_, j) => 1e-3 * (j + 1));
  const step = time(() => blockedStep(next, g, f, K), 3);
  const one = new SimdGram(K, d);
  one.rowsView().set(g);
  const inOne = time(() => one.measure(), 5);
  const n = cpus().length;
  const th = new SimdGramThreads(K, d, n);
  th.rowsView().set(g);
  await th.measure();
  let inAll = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    await th.measure();
    inAll = Math.min(inAll, performance.now() - t0);
  }
  await th.destroy();
  return [
    `| problem.gradients(θ) (quadratic groups: K×d written, q and c read) | ${ms(grad)} |`,
    `| Gram: copy into the WebAssembly memory + SIMD Gram, one thread | ${ms(gram)} |`,
    `| direction Σ_j η w_j g_j and θ update (blockedStep: K×d read once) | ${ms(step)} |`,
    `| SIMD Gram alone, rows already in its memory, one thread (best of 5) | ${ms(inOne)} |`,
    `| SIMD Gram alone, rows already in the shared memory, ${n} threads (simdGramThreads.ts, best of 5) | ${ms(inAll)} |`,
  ];
}

async function main() {
  const { copyMs, runs } = await pageFigures();
  const node = await nodeParts();
  const bytes = K * d * 8;
  const gbs = (2 * bytes) / (copyMs / 1000) / 1e9;
  const rows = runs.map((r) => {
    // The first step builds the kernel's memory; the figures are from the later steps.
    const later = r.gram.slice(1);
    const gramBest = best(later.map((g) => g.ms));
    const stepBest = best(r.stepMs.slice(1));
    return `| ${later[later.length - 1].path} | ${ms(gramBest)} (median ${ms(median(later.map((g) => g.ms)))}) | ${(gramBest / copyMs).toFixed(1)}× | ${ms(stepBest)} (median ${ms(median(r.stepMs.slice(1)))}) |`;
  });
  for (const r of rows) console.log(r);
  for (const r of node) console.log(r);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  writeSection(
    `page-cpu-gram ${cpu}`,
    [
      `## Page CPU engine Gram — ${cpu}, ${cpus().length} cores`,
      '',
      `Written by \`npm run bench:cpu-gram\` (bench/pageCpuGram.ts) on ${new Date().toISOString().slice(0, 10)}: the built app in headless Chromium without WebGPU (cross-origin isolated: ${runs.every((r) => r.crossOriginIsolated)}, navigator.hardwareConcurrency = ${runs[0].cores}), the CPU engine worker at K = ${K}, d = 2^20 (${(bytes / 1e6).toFixed(0)} MB of float64 gradients), quadratic groups, PCGrad, ${STEPS} steps per row, figures from steps 2–${STEPS}. Copy floor in the page: TypedArray.set of the gradients ${ms(copyMs)} = **${gbs.toFixed(2)} GB/s** (read + write), best of 5. This machine has ${cpus().length} cores, so "every core" is ${runs[1].gram.at(-1)?.path}; it is shared (load average ${loadavg()[0].toFixed(1)} at the end of the run), so the figures move with its load.`,
      '',
      '| Gram threads | Gram (copy-in + SIMD Gram) best | × copy floor | step (advance(1) round trip) best |',
      '|---|---:|---:|---:|',
      ...rows,
      '',
      'The parts of one step that read or write the K×d rows, in Node (same V8), one thread, best of 3 unless said:',
      '',
      '| part of the step | time |',
      '|---|---:|',
      ...node,
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
