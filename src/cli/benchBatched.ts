/**
 * The batched part of `npm run bench`: machine-independent counts of GPU work (dispatches and
 * read-backs per 1000 world-steps and per batch, counted by the engine, src/gpu/counters.ts) for
 * the lab's α sweep and basin maps, for the live run and for the inner-speed runs
 * (benchInnerSpeed.ts), with the wall times of the GPU and CPU
 * engines in the same run; and the CPU engine's K = 16, d = 2^20 Gram (blocked and the core's
 * row-by-row pair dots) beside this machine's copy bandwidth measured in the same run.
 * Imported by src/cli/bench.ts after WebGPU is set up.
 */

import { cpus } from 'node:os';
import { balance } from '../core/metrics/balance';
import { createProblem } from '../core/problems/index';
import { createQuadraticGroups } from '../core/problems/quadraticGroups';
import { createRng } from '../core/rng';
import type { MethodSpec } from '../core/types';
import { blockedMeasure } from '../engine/blockedGram';
import { createCpuEngine } from '../engine/cpuEngine';
import { SimdGram } from '../engine/simdGram';
import type { Backend } from '../engine/types';
import { diffCounters, GPU_TOTALS, type GpuCounters } from '../gpu/counters';
import type { GpuContext } from '../gpu/device';
import { createGpuEngine } from '../gpu/gpuEngine';
import { alphaSweep } from '../lab/alphaSweep';
import { basinMap } from '../lab/basinMap';
import { SimdGramThreads } from './simdGramThreads';

export interface CountRow {
  experiment: string;
  size: string;
  path: string;
  c: GpuCounters;
  gpuS: number;
  cpuS: number;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, (performance.now() - t0) / 1000];
}

/** Counts and times of the lab experiments and the live run on `ctx`. */
export async function batchedCounts(
  ctx: GpuContext,
  log: (s: string) => void,
): Promise<CountRow[]> {
  const rows: CountRow[] = [];
  const device = ctx.device;
  const sweepOpts = (backend: Backend, method: MethodSpec) => ({
    problem: createProblem('quadratic-groups', { seed: 3 }),
    method,
    W: 256,
    eta: 0.05,
    steps: 500,
    checkEvery: 5,
    backend,
    device,
  });
  for (const method of [{ id: 'cosine' } as MethodSpec, { id: 'upgrad' } as MethodSpec]) {
    // Warm-up: pipelines compile on first use (tens of seconds on SwiftShader for the QP code).
    await alphaSweep({ ...sweepOpts('gpu', method), steps: 5 });
    const t = { ...GPU_TOTALS };
    const [, gpuS] = await timed(() => alphaSweep(sweepOpts('gpu', method)));
    const c = diffCounters({ ...GPU_TOTALS }, t);
    const [, cpuS] = await timed(() => alphaSweep(sweepOpts('cpu', method)));
    rows.push({
      experiment: `α sweep, ${method.id}`,
      size: 'W = 256, K = 6, d = 3, T = 500, rows every 5',
      path: 'gpu-multi-step',
      c,
      gpuS,
      cpuS,
    });
    log(
      `sweep ${method.id}: ${JSON.stringify(c)} GPU ${gpuS.toFixed(2)} s CPU ${cpuS.toFixed(2)} s`,
    );
  }
  const basinOpts = (backend: Backend, method: MethodSpec, n: number) => ({
    problem: createProblem('cagrad-toy'),
    method,
    n,
    eta: 0.002,
    steps: 500,
    backend,
    device,
  });
  for (const [method, n] of [
    [{ id: 'pcgrad' }, 64],
    [{ id: 'upgrad' }, 32],
  ] as [MethodSpec, number][]) {
    await basinMap({ ...basinOpts('gpu', method, n), steps: 10 });
    const t = { ...GPU_TOTALS };
    const [, gpuS] = await timed(() => basinMap(basinOpts('gpu', method, n)));
    const c = diffCounters({ ...GPU_TOTALS }, t);
    const [, cpuS] = await timed(() => basinMap(basinOpts('cpu', method, n)));
    rows.push({
      experiment: `basin map, ${method.id}`,
      size: `${n} × ${n} starts, CAGrad toy, T = 500, rows every 10`,
      path: 'gpu-multi-step',
      c,
      gpuS,
      cpuS,
    });
    log(
      `basin ${method.id}: ${JSON.stringify(c)} GPU ${gpuS.toFixed(2)} s CPU ${cpuS.toFixed(2)} s`,
    );
  }
  // The live run: 200 frames of advance(stepsPerFrame) + latestSummaries(), as the runner does.
  for (const [d, perFrame] of [
    [3, 50],
    [100, 5],
  ]) {
    const problem = createQuadraticGroups({ K: 6, d, seed: 11 });
    const rng = createRng(5);
    const starts = Float64Array.from({ length: d }, () => rng.uniform(-2, 2));
    const cfg = {
      problem,
      method: { id: 'pcgrad' as const },
      flow: 'loss' as const,
      eta: 0.01,
      starts,
    };
    const gpu = await createGpuEngine(cfg, { context: ctx });
    await gpu.advance(1);
    await gpu.finish();
    const before = gpu.counters();
    const frames = 200;
    const [, gpuS] = await timed(async () => {
      for (let f = 0; f < frames; f++) {
        await gpu.advance(perFrame);
        gpu.latestSummaries();
        await new Promise((r) => setTimeout(r, 0));
      }
      await gpu.finish();
    });
    const c = diffCounters(gpu.counters(), before);
    const path = gpu.path;
    gpu.dispose();
    const cpu = createCpuEngine(cfg);
    const [, cpuS] = await timed(async () => {
      for (let f = 0; f < frames; f++) {
        await cpu.advance(perFrame);
        cpu.latestSummaries();
      }
    });
    rows.push({
      experiment: 'live run, pcgrad',
      size: `W = 1, K = 6, d = ${d}, ${frames} frames × ${perFrame} steps`,
      path,
      c,
      gpuS,
      cpuS,
    });
    log(`live d=${d}: ${JSON.stringify(c)} GPU ${gpuS.toFixed(2)} s CPU ${cpuS.toFixed(2)} s`);
  }
  const { innerSpeedCounts } = await import('./benchInnerSpeed');
  rows.push(...(await innerSpeedCounts(ctx, log)));
  return rows;
}

export interface CpuGramRow {
  copyBps: number;
  copyS: number;
  blockedS: number;
  coreS: number;
  /** WebAssembly SIMD, one thread, rows already in its memory / copied in first. */
  simdS: number;
  simdCopyInS: number;
  /** WebAssembly SIMD split over `threads` threads (the main one included). */
  threadsS: number;
  threads: number;
  bytes: number;
}

/**
 * K = 16, d = 2^20 float64 Gram on the CPU (the core, the blocked JavaScript pass, WebAssembly SIMD
 * on one thread and on every core) against one copy of the data, best of a few runs each.
 */
export async function cpuGram(log: (s: string) => void): Promise<CpuGramRow> {
  const K = 16;
  const d = 1 << 20;
  const rng = createRng(9);
  const g = Float64Array.from({ length: K * d }, () => rng.uniform(-1, 1));
  const dst = new Float64Array(K * d);
  const best = async (f: () => unknown, reps: number) => {
    let t = Number.POSITIVE_INFINITY;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await f();
      t = Math.min(t, (performance.now() - t0) / 1000);
    }
    return t;
  };
  const copyS = await best(() => dst.set(g), 5);
  const blockedS = await best(() => blockedMeasure(g, K, d), 3);
  const coreS = await best(() => balance({ K, d, g }), 2);
  const sg = new SimdGram(K, d);
  sg.rowsView().set(g);
  const simdS = await best(() => sg.measure(), 8);
  const simdCopyInS = await best(() => sg.measure(g), 5);
  const threads = Math.max(1, cpus().length);
  const th = new SimdGramThreads(K, d, threads);
  th.rowsView().set(g);
  const threadsS = await best(() => th.measure(), 8);
  await th.destroy();
  const bytes = K * d * 8;
  const row = {
    copyBps: (2 * bytes) / copyS,
    copyS,
    blockedS,
    coreS,
    simdS,
    simdCopyInS,
    threadsS,
    threads,
    bytes,
  };
  log(`CPU Gram K=16 d=2^20: ${JSON.stringify(row)}`);
  return row;
}

function per1000(n: number, ws: number): string {
  return ((1000 * n) / ws).toPrecision(3);
}

/** The markdown section of these measurements. */
/** One row of the counts table of batchedReport. */
export function countLine(r: CountRow): string {
  const { c } = r;
  return `| ${r.experiment} | ${r.size} | ${r.path} | ${c.worldSteps} | ${c.batches} | ${per1000(c.dispatches, c.worldSteps)} | ${per1000(c.readbacks, c.worldSteps)} | ${(c.dispatches / c.batches).toFixed(2)} | ${(c.readbacks / c.batches).toFixed(2)} | ${r.gpuS.toFixed(3)} | ${r.cpuS.toFixed(3)} | ${(r.cpuS / r.gpuS).toPrecision(3)}× |`;
}

export function batchedReport(
  adapter: string,
  emulated: boolean,
  rows: CountRow[],
  cg: CpuGramRow,
): string {
  const L: string[] = [];
  L.push(
    `### Batched engine — ${adapter}${emulated ? ' (GPU EMULATED: SwiftShader on the CPU)' : ''}`,
  );
  L.push('');
  L.push(
    `Run ${new Date().toISOString()} by \`npm run bench\` (src/cli/benchBatched.ts). Counts are machine-independent (counted by the engine: compute dispatches, buffer read-backs, T-step batches); wall times are one run each after a warm-up, GPU engine (float32) and CPU engine (float64) in the same run${emulated ? ': on SwiftShader the GPU times and ratios prove the code path, not speed' : ''}.`,
  );
  L.push('');
  L.push(
    '| experiment | size | GPU path | world-steps | batches | dispatches / 1000 ws | read-backs / 1000 ws | dispatches / batch | read-backs / batch | GPU (s) | CPU (s) | CPU/GPU |',
  );
  L.push('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) L.push(countLine(r));
  L.push('');
  L.push(
    'The lab runs read back once per batch: its recorded rows (the step-0 row with the first batch, the final θ with the last batch, in the same copy); the live run reads back at most every 250 ms (latestSummaries never waits). Goal: ≤ 1 dispatch and ≤ 1 read-back per T-step batch.',
  );
  L.push('');
  const mb = (x: number) => `${(x / 1e6).toFixed(0)} MB`;
  const x = (t: number) => `${(t / cg.copyS).toFixed(1)}×`;
  const ms = (t: number) => `${(t * 1000).toFixed(1)} ms`;
  L.push(
    `CPU engine, K = 16, d = 2^20 (${mb(cg.bytes)} of float64 gradients): copy of the gradient array (TypedArray.set) ${ms(cg.copyS)} = **${(cg.copyBps / 1e9).toFixed(2)} GB/s** (read + write), the floor the Gram is measured against (goal ≤ 3×). Best of 2–8 runs each, in one run; the machine is shared, so the ratios move with its load.`,
  );
  L.push('');
  L.push('| Gram + balance + Σg | time | × copy floor |');
  L.push('|---|---:|---:|');
  L.push(
    `| core balance() (row-by-row pair dots), one thread | ${ms(cg.coreS)} | ${x(cg.coreS)} |`,
  );
  L.push(
    `| blocked JavaScript (blockedGram.ts), one thread (before) | ${ms(cg.blockedS)} | ${x(cg.blockedS)} |`,
  );
  L.push(
    `| WebAssembly SIMD f64x2 (simdGram.ts), one thread, rows copied into its memory first (the CPU engine's step) | ${ms(cg.simdCopyInS)} | ${x(cg.simdCopyInS)} |`,
  );
  L.push(
    `| WebAssembly SIMD f64x2, one thread, rows in its memory | ${ms(cg.simdS)} | **${x(cg.simdS)}** |`,
  );
  L.push(
    `| WebAssembly SIMD f64x2 on ${cg.threads} threads (this one and ${cg.threads - 1} worker threads) over one shared memory, rows in it (simdGramPool.ts) | ${ms(cg.threadsS)} | **${x(cg.threadsS)}** |`,
  );
  L.push('');
  return L.join('\n');
}
