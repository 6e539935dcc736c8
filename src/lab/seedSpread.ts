/**
 * Distributions over seeds (issue 13, item 2): every measured number of a claim is reported as
 * its median and interquartile range over the seeds, with the seed list, never as one run.
 *
 * Quantiles by linear interpolation between order statistics (type 7 of Hyndman & Fan): for n
 * sorted values x_(0..n−1) the q-quantile is x_(h) interpolated at h = (n − 1)·q.
 * Missing values (null: not defined or not reached for that seed) are counted, not averaged in.
 */

/** Default number of seeds per measurement. */
export const DEFAULT_SEEDS = 10;

/** Seeds first, first + 1, …, first + n − 1. */
export function seedList(n: number, first = 1): number[] {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`seeds: must be an integer ≥ 1, got ${n}`);
  return Array.from({ length: n }, (_, k) => first + k);
}

/** q-quantile (type 7) of sorted finite values; null when there are none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface Spread {
  median: number | null;
  q1: number | null;
  q3: number | null;
  /** Seeds with a defined (finite) value. */
  n: number;
  /** Seeds without one (null or non-finite). */
  missing: number;
}

export function spread(values: readonly (number | null)[]): Spread {
  const xs = values
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => a - b);
  return {
    median: quantile(xs, 0.5),
    q1: quantile(xs, 0.25),
    q3: quantile(xs, 0.75),
    n: xs.length,
    missing: values.length - xs.length,
  };
}

/** A number for a card: e-notation below 1e-3 or from 1e5, 3 significant digits otherwise. */
export function fmtNumber(x: number | null): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : Number.isNaN(x) ? 'NaN' : '−∞';
  const a = Math.abs(x);
  if (x !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  if (Number.isInteger(x)) return String(x);
  return x.toPrecision(3);
}

/** "median m (IQR q1–q3)", plus "k missing" where some seeds have no value. */
export function fmtSpread(s: Spread, missingLabel = 'undefined'): string {
  if (s.n === 0) return `${missingLabel} on every seed`;
  const iqr = s.n > 1 ? ` (IQR ${fmtNumber(s.q1)} – ${fmtNumber(s.q3)})` : '';
  const miss = s.missing > 0 ? `; ${missingLabel} on ${s.missing}` : '';
  return `median ${fmtNumber(s.median)}${iqr}${miss}`;
}
