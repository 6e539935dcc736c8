/**
 * Bounded time series of a run (B, I, F, F − F*, each L_i), stored in preallocated
 * Float64Arrays so that charts can read them without copying.
 *
 * Bounding rule: when the buffers are full, every other sample is dropped (samples 0, 2, 4, …
 * are kept) and appending continues; the series therefore always covers the whole run, at a
 * resolution that halves each time the capacity is reached. This keeps the early transient of a
 * log-scale B curve visible, which a sliding window would lose.
 */
import { InputError } from '../core/errors';

export interface Series {
  step: Float64Array;
  B: Float64Array;
  I: Float64Array;
  F: Float64Array;
  /** F − F* (NaN where F* is unknown). */
  gap: Float64Array;
  /** One buffer per objective: L_i. */
  losses: Float64Array[];
  length: number;
}

export interface MetaSeries {
  cycle: Float64Array;
  /** ‖A_t − A_{t−1}‖_F per meta-cycle. */
  dA: Float64Array;
  metaLoss: Float64Array;
  length: number;
}

export interface SeriesSample {
  step: number;
  B: number;
  I: number;
  F: number;
  gap: number;
  losses: ArrayLike<number>;
}

export const SERIES_CAPACITY = 4096;

export function createSeries(K: number, capacity = SERIES_CAPACITY): Series {
  if (!Number.isInteger(K) || K < 0) throw new InputError('K', `must be an integer ≥ 0, got ${K}`);
  if (!Number.isInteger(capacity) || capacity < 2) {
    throw new InputError('capacity', `must be an integer ≥ 2, got ${capacity}`);
  }
  const mk = () => new Float64Array(capacity);
  return {
    step: mk(),
    B: mk(),
    I: mk(),
    F: mk(),
    gap: mk(),
    losses: Array.from({ length: K }, mk),
    length: 0,
  };
}

function columns(s: Series): Float64Array[] {
  return [s.step, s.B, s.I, s.F, s.gap, ...s.losses];
}

/** Keeps samples 0, 2, 4, … in place; returns the new length ⌈n/2⌉. */
function decimate(cols: Float64Array[], n: number): number {
  const m = Math.ceil(n / 2);
  for (const c of cols) for (let k = 1; k < m; k++) c[k] = c[2 * k];
  return m;
}

/**
 * Appends one sample (mutating the buffers) and returns a new Series object that shares them,
 * so subscribers see a changed reference. Losses beyond K are ignored; missing ones are NaN.
 */
export function appendSeries(s: Series, x: SeriesSample): Series {
  const cols = columns(s);
  let n = s.length;
  if (n >= s.step.length) n = decimate(cols, n);
  s.step[n] = x.step;
  s.B[n] = x.B;
  s.I[n] = x.I;
  s.F[n] = x.F;
  s.gap[n] = x.gap;
  for (let i = 0; i < s.losses.length; i++)
    s.losses[i][n] = i < x.losses.length ? x.losses[i] : NaN;
  return { ...s, length: n + 1 };
}

export function createMetaSeries(capacity = 1024): MetaSeries {
  return {
    cycle: new Float64Array(capacity),
    dA: new Float64Array(capacity),
    metaLoss: new Float64Array(capacity),
    length: 0,
  };
}

export function appendMeta(
  s: MetaSeries,
  x: { cycle: number; dA: number; metaLoss: number },
): MetaSeries {
  let n = s.length;
  if (n >= s.cycle.length) n = decimate([s.cycle, s.dA, s.metaLoss], n);
  s.cycle[n] = x.cycle;
  s.dA[n] = x.dA;
  s.metaLoss[n] = x.metaLoss;
  return { ...s, length: n + 1 };
}

/** A copy of the first `length` samples of each column, as plain arrays (for JSON/CSV). */
export function seriesColumns(s: Series): Record<string, number[]> {
  const out: Record<string, number[]> = {
    step: Array.from(s.step.subarray(0, s.length)),
    B: Array.from(s.B.subarray(0, s.length)),
    I: Array.from(s.I.subarray(0, s.length)),
    F: Array.from(s.F.subarray(0, s.length)),
    gap: Array.from(s.gap.subarray(0, s.length)),
  };
  s.losses.forEach((l, i) => {
    out[`L${i + 1}`] = Array.from(l.subarray(0, s.length));
  });
  return out;
}

/**
 * The lowest value a log chart draws: uPlot's log-axis splits step through each decade in
 * floating point and, below about 1e−22, miss the next power of ten and never end (RangeError:
 * Invalid array length); 1e−20 keeps two decades of margin.
 */
export const CHART_FLOOR = 1e-20;

export interface RoundingFloors {
  /** Below this B is rounding: K·u² (Σg of K gradients carries ≈ K·u·‖g‖ of rounding). */
  B: number;
  /** Below this F − F* is rounding: 8·K·u·|F*| (F sums K losses, each to relative u). */
  gap: number;
}

/**
 * Rounding floors of B and F − F* for K objectives on a backend (unit roundoff u = 2^−53 for
 * the float64 CPU engine, 2^−24 for the float32 GPU engine), never below CHART_FLOOR.
 */
export function roundingFloors(
  K: number,
  Fstar: number | null,
  backend: 'cpu' | 'gpu',
): RoundingFloors {
  const u = backend === 'cpu' ? 2 ** -53 : 2 ** -24;
  const k = Math.max(1, K);
  const fs = Fstar !== null && Number.isFinite(Fstar) ? Math.abs(Fstar) : 0;
  return {
    B: Math.max(CHART_FLOOR, k * u * u),
    gap: Math.max(CHART_FLOOR, 8 * k * u * fs),
  };
}
