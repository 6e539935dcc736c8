/**
 * `npm run bench:lab`: the lab's batched experiments timed on the CPU engine and the GPU engine
 * in the same run (issue targets: each under a second on a real GPU):
 * - α sweep: W = 256 values of α, cosine-scaled projection, quadratic groups (K = 6, d = 3),
 *   T = 500 steps, read back every 5 steps;
 * - basin maps: 256 × 256 starts of the CAGrad toy, T = 500 steps, PCGrad and cosine α = 0.5
 *   (two maps, side by side in the app), read back every 10 steps;
 * - one meta-gradient cycle: the 2K(K−1) = 60 perturbed matrices × 5 starts as one batch of 300
 *   worlds, K = 6, T = 20.
 * Flags: --n N (basin side, default 256), --skip-cpu-basin (the CPU basin map takes minutes on a
 * slow machine). Writes a "Lab timings" section to bench/RESULTS.md.
 */
import { cpus } from 'node:os';
import { initNodeWebGpu } from '../src/cli/nodeGpu';
import { constantInteraction, metaPerturbations, resolveMetaOptions } from '../src/core/meta/index';
import { createProblem } from '../src/core/problems/index';
import type { Backend } from '../src/engine/types';
import { alphaSweep } from '../src/lab/alphaSweep';
import { basinMap } from '../src/lab/basinMap';
import { engineMetaEvaluator } from '../src/lab/engineMeta';
import { writeSection } from './results';

const args = process.argv.slice(2);
const nAt = args.indexOf('--n');
const n = nAt >= 0 ? Number(args[nAt + 1]) : 256;
const skipCpuBasin = args.includes('--skip-cpu-basin');

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [(performance.now() - t0) / 1000, r];
}

async function main() {
  await initNodeWebGpu();
  const { createGpuContext } = await import('../src/gpu/device');
  const ctx = await createGpuContext();
  const device = ctx.device;
  const rows: string[] = [];
  const row = (what: string, size: string, cpu: number | null, gpu: number) => {
    const line = `| ${what} | ${size} | ${cpu === null ? '—' : cpu.toFixed(3)} | ${gpu.toFixed(3)} | ${cpu === null ? '—' : `${(cpu / gpu).toFixed(1)}×`} |`;
    console.log(line);
    rows.push(line);
  };

  const q = createProblem('quadratic-groups', {});
  const sweep = (backend: Backend) =>
    time(() =>
      alphaSweep({
        problem: q,
        method: { id: 'cosine' },
        W: 256,
        eta: 0.05,
        steps: 500,
        backend,
        device,
      }),
    );
  await sweep('gpu'); // warm-up: pipeline compilation
  const [sc] = await sweep('cpu');
  const [sg] = await sweep('gpu');
  row('α sweep', 'W = 256, K = 6, d = 3, T = 500', sc, sg);

  const toy = createProblem('cagrad-toy', {});
  for (const method of [{ id: 'pcgrad' as const }, { id: 'cosine' as const, alpha: 0.5 }]) {
    const map = (backend: Backend) =>
      time(() => basinMap({ problem: toy, method, n, eta: 0.01, steps: 500, backend, device }));
    await map('gpu');
    const [bg] = await map('gpu');
    const bc = skipCpuBasin ? null : (await map('cpu'))[0];
    row(`basin map, ${method.id}`, `${n} × ${n} starts, CAGrad toy, T = 500`, bc, bg);
  }

  const K = 6;
  const mp = createProblem('quadratic-groups', { K });
  const o = resolveMetaOptions(mp, { T: 20 });
  const ms = metaPerturbations(constantInteraction(K, 0.5), K, 1e-4).matrices;
  await engineMetaEvaluator('gpu', o, device)(ms);
  const [mc] = await time(() => engineMetaEvaluator('cpu', o)(ms));
  const [mg] = await time(() => engineMetaEvaluator('gpu', o, device)(ms));
  row(
    'meta-gradient batch',
    `${ms.length} matrices × ${o.starts.length} starts, K = 6, T = 20`,
    mc,
    mg,
  );

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  writeSection(
    `lab ${ctx.adapterInfo}`,
    [
      `## Lab timings — ${ctx.adapterInfo}; CPU ${cpu} (${cpus().length} cores)`,
      '',
      `Written by \`npm run bench:lab\` (bench/lab.ts) on ${new Date().toISOString().slice(0, 10)}. Seconds of wall time, CPU engine (float64) against GPU engine (float32) in the same run, after one GPU warm-up run.`,
      '',
      '| experiment | size | CPU (s) | GPU (s) | CPU/GPU |',
      '|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
  device.destroy();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
