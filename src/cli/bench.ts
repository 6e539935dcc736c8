/**
 * `npm run bench`: world-steps per second and achieved bytes per second of the float64 CPU
 * core and the float32 GPU engine in the same run, over a grid of (W, K, d), loss-flow with
 * PCGrad on quadratic groups. Also the device's copyBufferToBuffer bandwidth, the GPU/CPU
 * ratio, the crossover W where the GPU starts to win for each (K, d), and the minimum bytes one
 * step must move: read θ and write θ of every world plus read the shared q and c,
 *   bytes = (2·W·d + 2·K·d)·s,  s = 4 (GPU, float32) or 8 (CPU, float64).
 * Flags: --quick (default) | --full, --out FILE (default bench/RESULTS.md; the run replaces its
 * own machine's section there and keeps the others), --time S (seconds per measurement),
 * --skip-grid (only the batched section: src/cli/benchBatched.ts, the counts of dispatches and
 * read-backs per batch for the lab's sweeps, basin maps and the live run, and the CPU Gram at
 * K = 16, d = 2^20 beside the copy bandwidth), --skip-batched (only the grid), --inner-speed
 * (only the inner-speed rows of the batched table, printed, RESULTS.md untouched).
 * The adapter is whatever WebGPU gives in this environment (VK_ICD_FILENAMES, and Dawn flags in
 * CONCORD_DAWN_FLAGS, comma-separated, e.g. "backend=vulkan" or "backend=opengles"; with
 * CONCORD_FEATURE_LEVEL=compatibility an OpenGL ES adapter is accepted).
 * On an NVIDIA machine without a Vulkan loader, Dawn reaches the GPU through EGL:
 *   __EGL_VENDOR_LIBRARY_FILENAMES=<json naming libEGL_nvidia.so.0> CONCORD_DAWN_FLAGS=backend=opengles
 *   CONCORD_FEATURE_LEVEL=compatibility npm run bench -- --full
 */

import { writeSection } from '../../bench/results';
import { initNodeWebGpu } from './nodeGpu';

interface Row {
  W: number;
  K: number;
  d: number;
  cpuWps: number | null;
  gpuWps: number;
  cpuBps: number | null;
  gpuBps: number;
  minBytes: number;
  stepMs: number;
}

const args = process.argv.slice(2);
const full = args.includes('--full');
const outIdx = args.indexOf('--out');
const outFile = outIdx >= 0 ? args[outIdx + 1] : 'bench/RESULTS.md';
const timeIdx = args.indexOf('--time');
const budget = timeIdx >= 0 ? Number(args[timeIdx + 1]) : full ? 1 : 0.4;
const skipGrid = args.includes('--skip-grid');
const skipBatched = args.includes('--skip-batched');
const innerOnly = args.includes('--inner-speed');

/** The grid: quick keeps the default run short on an emulated GPU; full spans every size. */
function grid(): [number, number, number][] {
  if (!full) {
    return [
      [1, 2, 2],
      [256, 2, 2],
      [4096, 2, 2],
      [65536, 2, 2],
      [1, 8, 64],
      [64, 8, 64],
      [1024, 8, 64],
      [4096, 8, 64],
      [16, 32, 64],
      [1, 16, 65536],
      [1, 16, 1 << 20],
    ];
  }
  const out: [number, number, number][] = [];
  for (const K of [2, 8, 16, 32]) {
    for (const d of [2, 64, 4096, 1 << 20]) {
      for (const W of [1, 16, 256, 4096, 65536]) {
        if (K * d > 1 << 24 || W * d > 1 << 26) continue;
        out.push([W, K, d]);
      }
    }
  }
  return out;
}

function fmt(x: number | null, unit = ''): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  const [v, p] =
    a >= 1e12
      ? [x / 1e12, 'T']
      : a >= 1e9
        ? [x / 1e9, 'G']
        : a >= 1e6
          ? [x / 1e6, 'M']
          : a >= 1e3
            ? [x / 1e3, 'k']
            : [x, ''];
  return `${v.toPrecision(3)} ${p}${unit}`.trim();
}

async function main(): Promise<void> {
  await initNodeWebGpu();
  const { createGpuContext } = await import('../gpu/device');
  const { createGpuEngine } = await import('../gpu/gpuEngine');
  const { createCpuEngine } = await import('../engine/cpuEngine');
  const { createQuadraticGroups } = await import('../core/problems/quadraticGroups');
  const { createRng } = await import('../core/rng');

  const level = process.env.CONCORD_FEATURE_LEVEL === 'compatibility' ? 'compatibility' : 'core';
  const ctx = await createGpuContext(undefined, level);
  const adapter = ctx.adapterInfo;
  const emulated = /swiftshader|llvmpipe|lavapipe/i.test(adapter);
  console.log(`adapter: ${adapter}${emulated ? ' (emulated: CPU software renderer)' : ''}`);
  const device = ctx.device;

  /** copyBufferToBuffer bandwidth, bytes read + written per second. */
  async function copyBandwidth(): Promise<number> {
    const size = Math.min(emulated ? 32 << 20 : 512 << 20, device.limits.maxBufferSize);
    const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const a = device.createBuffer({ size, usage });
    const b = device.createBuffer({ size, usage });
    const run = async (n: number) => {
      const enc = device.createCommandEncoder();
      for (let k = 0; k < n; k++) enc.copyBufferToBuffer(a, 0, b, 0, size);
      const t0 = performance.now();
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
      return (performance.now() - t0) / 1000;
    };
    await run(2);
    let n = 2;
    let t = await run(n);
    while (t < budget && n < 1024) {
      n *= 2;
      t = await run(n);
    }
    a.destroy();
    b.destroy();
    return (2 * size * n) / t;
  }

  /** Seconds per step of `advance`, doubling the count until the budget is spent. */
  async function timeSteps(advance: (n: number) => Promise<void>, cap: number): Promise<number> {
    let n = 1;
    for (;;) {
      const t0 = performance.now();
      await advance(n);
      const t = (performance.now() - t0) / 1000;
      if (t >= budget || n >= cap) return t / n;
      n *= 2;
    }
  }

  if (innerOnly) {
    // Only the inner-speed rows of the batched table, printed (bench/RESULTS.md is not touched).
    const b = await import('./benchBatched');
    const { innerSpeedCounts } = await import('./benchInnerSpeed');
    for (const r of await innerSpeedCounts(ctx, console.log)) console.log(b.countLine(r));
    device.destroy();
    return;
  }
  if (!skipBatched) {
    const b = await import('./benchBatched');
    const counts = await b.batchedCounts(ctx, console.log);
    const cg = await b.cpuGram(console.log);
    const bb = await import('./benchBigStep');
    const big = await bb.bigStepBench(ctx, emulated ? 2 : 20, console.log);
    const section = `${b.batchedReport(adapter, emulated, counts, cg)}\n${bb.bigStepReport(big, emulated)}`;
    writeSection(`batched ${adapter}`, section, outFile);
    console.log(section);
  }
  if (skipGrid) {
    device.destroy();
    return;
  }
  const copyBps = await copyBandwidth();
  console.log(`copy bandwidth: ${fmt(copyBps, 'B/s')}`);
  const rows: Row[] = [];
  const method = { id: 'pcgrad' as const, seed: 1 };
  for (const [W, K, d] of grid()) {
    const problem = createQuadraticGroups({ K, d, seed: 7 });
    const rng = createRng(W * 31 + d);
    const starts = new Float64Array(W * d);
    for (let k = 0; k < starts.length; k++) starts[k] = rng.uniform(-2, 2);
    const cfg = { problem, method, flow: 'loss' as const, eta: 0.01, starts };
    device.pushErrorScope('validation');
    const gpu = await createGpuEngine(cfg, { context: ctx });
    await gpu.advance(2);
    await gpu.finish();
    const gpuStep = await timeSteps(async (n) => {
      await gpu.advance(n);
      await gpu.finish();
    }, 1 << 14);
    gpu.dispose();
    const err = await device.popErrorScope();
    if (err) throw new Error(`GPU validation error at W=${W} K=${K} d=${d}: ${err.message}`);
    // The CPU core is skipped where one step would take longer than ~20 budgets.
    const cpuWork = W * K * (K + d);
    let cpuStep: number | null = null;
    if (cpuWork <= 4e8 * budget) {
      const cpu = createCpuEngine(cfg);
      cpuStep = await timeSteps((n) => cpu.advance(n), 1 << 14);
    }
    const minGpu = (2 * W * d + 2 * K * d) * 4;
    const minCpu = (2 * W * d + 2 * K * d) * 8;
    const row: Row = {
      W,
      K,
      d,
      gpuWps: W / gpuStep,
      cpuWps: cpuStep === null ? null : W / cpuStep,
      gpuBps: minGpu / gpuStep,
      cpuBps: cpuStep === null ? null : minCpu / cpuStep,
      minBytes: minGpu,
      stepMs: gpuStep * 1000,
    };
    rows.push(row);
    const ratio = row.cpuWps ? row.gpuWps / row.cpuWps : null;
    console.log(
      `W=${W} K=${K} d=${d}: GPU ${fmt(row.gpuWps, 'ws/s')} (${fmt(row.gpuBps, 'B/s')}), CPU ${fmt(row.cpuWps, 'ws/s')}, ratio ${fmt(ratio)}`,
    );
    write(outFile, report(adapter, emulated, copyBps, rows));
  }
  // Parity on this adapter: GPU engine against the CPU core after 100 steps.
  const pp = createQuadraticGroups({ K: 8, d: 64, seed: 3 });
  const prng = createRng(5);
  const pstarts = new Float64Array(256 * 64);
  for (let k = 0; k < pstarts.length; k++) pstarts[k] = prng.uniform(-2, 2);
  const pcfg = { problem: pp, method, flow: 'loss' as const, eta: 0.02, starts: pstarts };
  const pg = await createGpuEngine(pcfg, { context: ctx });
  const pc = createCpuEngine(pcfg);
  await pg.advance(100);
  await pc.advance(100);
  const [sg, sc, tg, tc] = [
    await pg.summaries(),
    await pc.summaries(),
    await pg.thetas(),
    await pc.thetas(),
  ];
  pg.dispose();
  const rel = (a: Float64Array, b: Float64Array) =>
    a.reduce((m, x, k) => Math.max(m, Math.abs(x - b[k]) / (1 + Math.abs(b[k]))), 0);
  parity = `GPU engine vs CPU core after 100 steps (K=8, d=64, W=256, PCGrad), max relative error: B ${rel(sg.B, sc.B).toExponential(1)}, F ${rel(sg.F, sc.F).toExponential(1)}, θ ${rel(tg, tc).toExponential(1)}; conflicting pairs equal in ${sg.conflicts.filter((c, w) => c === sc.conflicts[w]).length}/256 worlds.`;
  console.log(parity);
  write(outFile, report(adapter, emulated, copyBps, rows));
  console.log(`written: ${outFile}`);
  device.destroy();
}

let parity = '';

function report(adapter: string, emulated: boolean, copyBps: number, rows: Row[]): string {
  const lines: string[] = [];
  const tag = emulated
    ? ' — GPU EMULATED (SwiftShader on the CPU): GPU numbers prove correctness, not speed'
    : '';
  lines.push(`### ${adapter}${tag}`);
  lines.push('');
  lines.push(
    `Run ${new Date().toISOString()}, node ${process.version}, ${process.platform}/${process.arch}, ${full ? 'full' : 'quick'} grid. ` +
      `Loss-flow with PCGrad on quadratic groups. Device copy bandwidth (copyBufferToBuffer, read + write): **${fmt(copyBps, 'B/s')}**.`,
  );
  lines.push('');
  lines.push(
    '| W | K | d | min bytes/step (f32) | GPU step | GPU world-steps/s | GPU bytes/s | % of copy bw | CPU world-steps/s | CPU bytes/s (f64) | GPU/CPU |',
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = r.cpuWps ? r.gpuWps / r.cpuWps : null;
    lines.push(
      `| ${r.W} | ${r.K} | ${r.d} | ${fmt(r.minBytes, 'B')} | ${r.stepMs.toPrecision(3)} ms | ${fmt(r.gpuWps)} | ${fmt(r.gpuBps, 'B/s')} | ${((100 * r.gpuBps) / copyBps).toFixed(1)}% | ${fmt(r.cpuWps)} | ${fmt(r.cpuBps, 'B/s')} | ${ratio === null ? '—' : `${ratio.toPrecision(3)}×`} |`,
    );
  }
  lines.push('');
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `K=${r.K}, d=${r.d}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  lines.push('Crossover (smallest W measured where the GPU engine beats the CPU core):');
  for (const [key, rs] of groups) {
    const win = rs.filter((r) => r.cpuWps !== null).find((r) => r.gpuWps > (r.cpuWps as number));
    lines.push(`- ${key}: ${win ? `W = ${win.W}` : 'not reached in this grid'}`);
  }
  const t1 = rows.find((r) => r.W === 4096 && r.K === 8 && r.d === 64);
  const t2 = rows.find((r) => r.W === 1 && r.K === 16 && r.d === 1 << 20);
  lines.push('');
  lines.push('Targets:');
  if (t1?.cpuWps)
    lines.push(
      `- W=4096, K=8, d=64: GPU/CPU = ${(t1.gpuWps / t1.cpuWps).toPrecision(3)}× (target ≥ 20×)`,
    );
  if (t2)
    lines.push(
      `- W=1, K=16, d=2^20: ${((100 * t2.gpuBps) / copyBps).toFixed(1)}% of copy bandwidth (target ≥ 50%)`,
    );
  if (parity) lines.push('', parity);
  lines.push('');
  return lines.join('\n');
}

/** Replaces this adapter's section of `file` (between markers), keeping the others. */
function write(file: string, section: string): void {
  writeSection(section.split('\n')[0], section, file);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
