/**
 * The α sweep (issue 5, item 4): W worlds of one problem, all from the same start, advanced at
 * once by the engine with the same flow and method but a per-world α_w (a GPU batch of W). Per
 * world it reports the steps to a tolerance, the final B and the final F − F*.
 *
 * α_w = α_lo + (α_hi − α_lo)·w/(W − 1), w = 0..W−1 (both ends included).
 *
 * Steps to tolerance: the engine is read every `checkEvery` steps (t = 0, c, 2c, … ≤ T); the
 * reported value is the first checkpoint t with e_t ≤ tol, where e_t = F(θ_t) − F* when F* is
 * known and e_t = B(θ_t) otherwise (an undefined B, S = 0, counts as reached: every gradient is
 * zero there). It is exact for checkEvery = 1 and an upper bound within checkEvery − 1 steps
 * otherwise; −1 when never reached in T steps. A world whose state became non-finite is reported
 * in `diverged` (indices) and keeps its last finite θ; it never counts as reached.
 */
import { check, InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createEngine } from '../engine/index';
import {
  type Backend,
  type Engine,
  type FlowKind,
  type Summaries,
  WorldStatus,
} from '../engine/types';
import { recordedRun } from './recordedRun';

export interface AlphaSweepOptions {
  problem: Problem;
  /** Method with an α (cosine or any method reading spec.alpha); α is set per world. */
  method: MethodSpec;
  /** Number of α values (worlds), ≥ 2. */
  W: number;
  /** α range, inside [0, 1]; default [0, 1]. */
  range?: readonly [number, number];
  /**
   * Explicit α values, one per world (length W), instead of the grid over `range` (a share of a
   * larger sweep, for example, when one sweep is split over workers).
   */
  alphas?: Float64Array;
  /** The shared start θ_0 (length d); default problem.starts()[0]. */
  start?: Float64Array;
  flow?: FlowKind;
  eta: number;
  /** Steps T. */
  steps: number;
  /** Read-back interval c ≥ 1 (default 5). */
  checkEvery?: number;
  /** Tolerance on F − F* (F* known) or on B. Default 1e-6. */
  tol?: number;
  backend: Backend;
  device?: GPUDevice;
  signal?: AbortSignal;
  /** Called after each checkpoint with the partial result. */
  onCheckpoint?: (partial: AlphaSweepResult, fraction: number) => void;
}

export interface AlphaSweepResult {
  backend: Backend;
  W: number;
  alpha: Float64Array;
  /** 'gap' when e_t = F − F*, 'B' when F* is unknown. */
  measure: 'gap' | 'B';
  tol: number;
  /** Steps advanced so far. */
  step: number;
  /** First checkpoint at which e_t ≤ tol; −1 if not yet. */
  stepsToTol: Int32Array;
  /** At the last checkpoint; NaN where undefined (status ≠ 0). */
  finalB: Float64Array;
  /** F − F* at the last checkpoint (NaN when F* is unknown or the world diverged). */
  finalGap: Float64Array;
  finalF: Float64Array;
  status: Uint8Array;
  /** World indices whose state became non-finite. */
  diverged: number[];
  /** Worlds whose B is undefined (S = 0) at the last checkpoint. */
  undefinedB: number;
  /** Final θ, W·d. */
  thetas: Float64Array;
  /** Wall time of engine creation, advancing and read-backs, ms. */
  elapsedMs: number;
}

/** A result for the worlds of α values `alpha` with nothing measured yet. */
export function emptySweep(
  backend: AlphaSweepResult['backend'],
  alpha: Float64Array,
  measure: AlphaSweepResult['measure'],
  tol: number,
): AlphaSweepResult {
  const W = alpha.length;
  return {
    backend,
    W,
    alpha,
    measure,
    tol,
    step: 0,
    stepsToTol: new Int32Array(W).fill(-1),
    finalB: new Float64Array(W),
    finalGap: new Float64Array(W),
    finalF: new Float64Array(W),
    status: new Uint8Array(W),
    diverged: [],
    undefinedB: 0,
    thetas: new Float64Array(0),
    elapsedMs: 0,
  };
}

/** α_w = lo + (hi − lo)·w/(W − 1). */
export function alphaGrid(W: number, lo = 0, hi = 1): Float64Array {
  check(Number.isInteger(W) && W >= 2, 'W', `must be an integer ≥ 2, got ${W}`);
  check(
    lo >= 0 && hi <= 1 && lo <= hi,
    'range',
    `must satisfy 0 ≤ lo ≤ hi ≤ 1, got [${lo}, ${hi}]`,
  );
  const out = new Float64Array(W);
  for (let w = 0; w < W; w++) out[w] = lo + ((hi - lo) * w) / (W - 1);
  return out;
}

export function abortError(what: string): DOMException {
  return new DOMException(`${what} cancelled`, 'AbortError');
}

/** Checks T, c and tol, shared with the basin map. */
export function checkSchedule(steps: number, checkEvery: number, tol: number): void {
  check(Number.isInteger(steps) && steps >= 1, 'steps', `must be an integer ≥ 1, got ${steps}`);
  check(
    Number.isInteger(checkEvery) && checkEvery >= 1,
    'checkEvery',
    `must be an integer ≥ 1, got ${checkEvery}`,
  );
  check(Number.isFinite(tol) && tol >= 0, 'tol', `must be a finite number ≥ 0, got ${tol}`);
}

export async function alphaSweep(o: AlphaSweepOptions): Promise<AlphaSweepResult> {
  const { problem } = o;
  const checkEvery = o.checkEvery ?? 5;
  const tol = o.tol ?? 1e-6;
  checkSchedule(o.steps, checkEvery, tol);
  const [lo, hi] = o.range ?? [0, 1];
  let alpha: Float64Array;
  if (o.alphas) {
    check(
      o.alphas.length === o.W && o.W >= 1,
      'alphas',
      `must hold W = ${o.W} values, got ${o.alphas.length}`,
    );
    alpha = Float64Array.from(o.alphas);
  } else alpha = alphaGrid(o.W, lo, hi);
  const start = o.start ?? problem.starts()[0];
  if (!(start instanceof Float64Array) || start.length !== problem.d) {
    throw new InputError('start', `must be a Float64Array of length d = ${problem.d}`);
  }
  const W = o.W;
  const d = problem.d;
  const starts = new Float64Array(W * d);
  for (let w = 0; w < W; w++) starts.set(start, w * d);
  const t0 = performance.now();
  if (o.signal?.aborted) throw abortError('α sweep');
  const engine: Engine = await createEngine(
    o.backend,
    {
      problem,
      method: o.method,
      alpha,
      flow: o.flow ?? 'loss',
      eta: o.eta,
      starts,
      recordEvery: checkEvery,
    },
    o.device ? { device: o.device } : undefined,
  );
  const Fstar = problem.Fstar;
  const res = emptySweep(engine.backend, alpha, Fstar === null ? 'B' : 'gap', tol);
  /** One checkpoint: the summaries at step t = s.step. */
  const checkpoint = (s: Summaries) => {
    const t = s.step;
    for (let w = 0; w < W; w++) {
      const st = s.status[w];
      if (res.stepsToTol[w] < 0 && st !== WorldStatus.diverged) {
        const e = st === WorldStatus.undefinedB ? 0 : Fstar === null ? s.B[w] : s.F[w] - Fstar;
        if (e <= tol) res.stepsToTol[w] = t;
      }
    }
    res.step = t;
    res.finalB.set(s.B);
    res.finalF.set(s.F);
    for (let w = 0; w < W; w++) res.finalGap[w] = Fstar === null ? Number.NaN : s.F[w] - Fstar;
    res.status.set(s.status);
    res.elapsedMs = performance.now() - t0;
    o.onCheckpoint?.(res, t / o.steps);
  };
  try {
    // Checkpoints at multiples of c from the engine's recorded rows, and at T.
    const final = await recordedRun(
      engine,
      o.steps,
      checkEvery,
      (rows) => {
        for (const s of rows) checkpoint(s);
      },
      () => {
        if (o.signal?.aborted) throw abortError('α sweep');
      },
    );
    if (o.steps % checkEvery !== 0) checkpoint(await engine.summaries());
    res.thetas = final ?? (await engine.thetas());
    res.diverged = [];
    res.undefinedB = 0;
    for (let w = 0; w < W; w++) {
      if (res.status[w] === WorldStatus.diverged) res.diverged.push(w);
      else if (res.status[w] === WorldStatus.undefinedB) res.undefinedB++;
    }
    res.elapsedMs = performance.now() - t0;
    return res;
  } finally {
    engine.dispose();
  }
}
