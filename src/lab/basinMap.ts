/**
 * Basin maps of a 2-D problem (issue 5, item 5): an n × n grid of starts over the problem's
 * domain, all advanced T steps at once by the engine with one method, then drawn by where each
 * start ends or by the steps it took to settle.
 *
 * Grid: pixel (r, c), r = 0 at the top, is world w = r·n + c with start
 *   x = x_lo + (c + ½)(x_hi − x_lo)/n,  y = y_hi − (r + ½)(y_hi − y_lo)/n.
 * Steps to settle: θ is read every `checkEvery` steps (t = c, 2c, …); a world has settled at the
 * first checkpoint t with max_k |θ_t,k − θ_{t−c},k| ≤ moveTol·span, span = the larger side of
 * the domain (the problems' minimisers need not be known, and the CAGrad toy's F* is reached
 * only along a valley, so movement is the criterion every problem shares); −1 if never, and for
 * a world whose state became non-finite, which `diverged` lists. The engine records a summary
 * row every c steps whose `moved` column is that movement (one dispatch and one read-back per
 * batch of steps on the GPU); where it does not carry it (the GPU's per-step path) θ is read at
 * every checkpoint instead, as for the last checkpoint T when c does not divide T.
 */
import { check, InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createEngine } from '../engine/index';
import { type Backend, type FlowKind, type Summaries, WorldStatus } from '../engine/types';
import { abortError, checkSchedule } from './alphaSweep';
import { recordedRun } from './recordedRun';

export interface BasinMapOptions {
  problem: Problem;
  method: MethodSpec;
  /** Grid side n ≥ 2 (n² worlds). */
  n: number;
  /**
   * Only grid rows [r0, r1) (worlds r0·n … r1·n − 1): a share of the map, when one map is split
   * over workers; the result then holds those rows alone. Default: every row.
   */
  rows?: readonly [number, number];
  flow?: FlowKind;
  eta: number;
  steps: number;
  /** Read-back interval (default 10). */
  checkEvery?: number;
  /** Settling tolerance relative to the domain's span (default 1e-5). */
  moveTol?: number;
  backend: Backend;
  device?: GPUDevice;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface BasinMapResult {
  backend: Backend;
  n: number;
  domain: [[number, number], [number, number]];
  /** n²·2 starts, world-major. */
  starts: Float64Array;
  /** n²·2 final θ (last finite θ for diverged worlds). */
  ends: Float64Array;
  /** First checkpoint at which the world settled; −1 if never. */
  settleStep: Int32Array;
  status: Uint8Array;
  diverged: number[];
  undefinedB: number;
  steps: number;
  elapsedMs: number;
}

/** Starts of the n × n grid over `domain` (see the module comment). */
export function basinStarts(
  n: number,
  domain: readonly (readonly [number, number])[],
): Float64Array {
  check(Number.isInteger(n) && n >= 2, 'n', `must be an integer ≥ 2, got ${n}`);
  const [[x0, x1], [y0, y1]] = domain;
  const out = new Float64Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const w = r * n + c;
      out[2 * w] = x0 + ((c + 0.5) * (x1 - x0)) / n;
      out[2 * w + 1] = y1 - ((r + 0.5) * (y1 - y0)) / n;
    }
  }
  return out;
}

function problemDomain(problem: Problem): [[number, number], [number, number]] {
  if (problem.d !== 2 || !problem.domain || problem.domain.length !== 2) {
    throw new InputError('problem', `"${problem.id}" is not a 2-D problem with a domain`);
  }
  const [[a, b], [c, e]] = problem.domain;
  return [
    [a, b],
    [c, e],
  ];
}

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

export async function basinMap(o: BasinMapOptions): Promise<BasinMapResult> {
  const domain = problemDomain(o.problem);
  const checkEvery = o.checkEvery ?? 10;
  const moveTol = o.moveTol ?? 1e-5;
  checkSchedule(o.steps, checkEvery, moveTol);
  const [r0, r1] = o.rows ?? [0, o.n];
  check(
    Number.isInteger(r0) && Number.isInteger(r1) && r0 >= 0 && r0 < r1 && r1 <= o.n,
    'rows',
    `must be integers with 0 ≤ r0 < r1 ≤ n = ${o.n}, got [${r0}, ${r1}]`,
  );
  const grid = basinStarts(o.n, domain);
  const starts = o.rows ? grid.slice(2 * r0 * o.n, 2 * r1 * o.n) : grid;
  const W = (r1 - r0) * o.n;
  const span = Math.max(domain[0][1] - domain[0][0], domain[1][1] - domain[1][0]);
  const limit = moveTol * span;
  const t0 = performance.now();
  if (o.signal?.aborted) throw abortError('basin map');
  const engine = await createEngine(
    o.backend,
    {
      problem: o.problem,
      method: o.method,
      flow: o.flow ?? 'loss',
      eta: o.eta,
      starts,
      recordEvery: checkEvery,
    },
    o.device ? { device: o.device } : undefined,
  );
  try {
    const settleStep = new Int32Array(W).fill(-1);
    let prev = starts;
    let t = 0;
    // The last recorded row (its statuses are the run's when it is at the final step).
    let last = null as Summaries | null;
    if (engine.path !== 'gpu-per-step') {
      // Whole multiples of c from the recorded rows' `moved` column.
      const whole = o.steps - (o.steps % checkEvery);
      const final = await recordedRun(
        engine,
        whole,
        checkEvery,
        (rows) => {
          for (const r of rows) {
            last = r;
            if (r.step === 0 || !r.moved) continue;
            for (let w = 0; w < W; w++) {
              if (settleStep[w] < 0 && r.moved[w] <= limit) settleStep[w] = r.step;
            }
            o.onProgress?.(r.step / o.steps);
          }
        },
        () => {
          if (o.signal?.aborted) throw abortError('basin map');
        },
      );
      t = whole;
      // θ at `whole` came with the last rows (recordedRun), or is read here.
      prev = final ?? (await engine.thetas());
    }
    while (t < o.steps) {
      await yieldToEventLoop();
      if (o.signal?.aborted) throw abortError('basin map');
      const k = Math.min(checkEvery, o.steps - t);
      await engine.advance(k);
      t += k;
      const cur = await engine.thetas();
      for (let w = 0; w < W; w++) {
        if (settleStep[w] >= 0) continue;
        const m = Math.max(
          Math.abs(cur[2 * w] - prev[2 * w]),
          Math.abs(cur[2 * w + 1] - prev[2 * w + 1]),
        );
        if (m <= limit) settleStep[w] = t;
      }
      prev = cur;
      o.onProgress?.(t / o.steps);
    }
    if (t === 0 || prev === starts) prev = await engine.thetas();
    const s = last?.step === t ? last : await engine.summaries();
    const diverged: number[] = [];
    let undefinedB = 0;
    for (let w = 0; w < W; w++) {
      if (s.status[w] === WorldStatus.diverged) {
        diverged.push(w);
        settleStep[w] = -1;
      } else if (s.status[w] === WorldStatus.undefinedB) undefinedB++;
    }
    return {
      backend: engine.backend,
      n: o.n,
      domain,
      starts,
      ends: prev,
      settleStep,
      status: s.status,
      diverged,
      undefinedB,
      steps: t,
      elapsedMs: performance.now() - t0,
    };
  } finally {
    engine.dispose();
  }
}

/**
 * RGBA pixels (n·n·4) of a basin map.
 *  - 'end': a bilinear 2-D colour map of the end point normalised to the domain,
 *    u = (x − x_lo)/(x_hi − x_lo), v = (y − y_lo)/(y_hi − y_lo), clamped to [0, 1], mixing the
 *    corner colours c00 (u = 0, v = 0), c10, c01, c11; nearby end points get nearby colours.
 *  - 'steps': grey level 255·(1 − t/T) for settle step t (bright = fast); never settled: dark
 *    blue.
 * Diverged worlds are black in both modes.
 */
export function basinPixels(r: BasinMapResult, mode: 'end' | 'steps'): Uint8ClampedArray {
  const W = r.n * r.n;
  const px = new Uint8ClampedArray(W * 4);
  const [[x0, x1], [y0, y1]] = r.domain;
  const C00 = [230, 97, 1];
  const C10 = [253, 184, 99];
  const C01 = [94, 60, 153];
  const C11 = [178, 223, 138];
  for (let w = 0; w < W; w++) {
    const o = 4 * w;
    px[o + 3] = 255;
    if (r.status[w] === WorldStatus.diverged) continue;
    if (mode === 'steps') {
      const t = r.settleStep[w];
      if (t < 0) {
        px[o] = 20;
        px[o + 1] = 40;
        px[o + 2] = 110;
      } else {
        const g = 255 * (1 - t / r.steps);
        px[o] = g;
        px[o + 1] = g;
        px[o + 2] = g;
      }
      continue;
    }
    const u = Math.min(1, Math.max(0, (r.ends[2 * w] - x0) / (x1 - x0)));
    const v = Math.min(1, Math.max(0, (r.ends[2 * w + 1] - y0) / (y1 - y0)));
    for (let ch = 0; ch < 3; ch++) {
      px[o + ch] =
        (1 - u) * (1 - v) * C00[ch] +
        u * (1 - v) * C10[ch] +
        (1 - u) * v * C01[ch] +
        u * v * C11[ch];
    }
  }
  return px;
}
