/**
 * The run's finding, in one sentence: what the run did with F − F* and why, from the measured
 * series and the Pareto-stationarity gap of the current gradients (pareto.ts).
 *
 * - settled: over the last SETTLE_STEPS steps F − F* changed by less than SETTLE_TOL·(1 + |F − F*|)
 *   (below the five digits shown; a run on the Pareto set may still creep at the 1e-8 level);
 * - large: F − F* > LARGE_GAP;
 * - Pareto-stationary: relative Pareto gap < PARETO_ZERO.
 * Rising: F − F* now exceeds RISE × its value at the first sample.
 */

import type { MethodId } from '../core/types';
import { METHOD_LABELS } from '../state/runConfig';
import { PARETO_ZERO } from './pareto';

export const SETTLE_STEPS = 100;
export const SETTLE_TOL = 1e-6;
export const LARGE_GAP = 1e-3;
export const RISE = 1.5;

export interface FindingInput {
  method: MethodId;
  /** Steps and F − F* of the samples so far (equal lengths; NaN where unknown). */
  steps: ArrayLike<number>;
  gaps: ArrayLike<number>;
  /** Pareto gap of the current gradients relative to max_i ‖g_i‖. */
  paretoRel: number;
}

function fmt(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/** The sample index at or just before `step` (binary search over ascending steps). */
function indexAt(steps: ArrayLike<number>, n: number, step: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid] <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function runFinding(x: FindingInput): string | null {
  const n = Math.min(x.steps.length, x.gaps.length);
  if (n < 2) return null;
  const last = x.gaps[n - 1];
  const first = x.gaps[0];
  if (!Number.isFinite(last) || !Number.isFinite(first)) return null;
  const label = METHOD_LABELS[x.method];
  const stepNow = x.steps[n - 1];
  const settled =
    stepNow - x.steps[0] >= SETTLE_STEPS &&
    Math.abs(last - x.gaps[indexAt(x.steps, n, stepNow - SETTLE_STEPS)]) <=
      SETTLE_TOL * (1 + Math.abs(last));
  const stationary = x.paretoRel < PARETO_ZERO;
  const rose = last > RISE * first && last > LARGE_GAP;
  if (settled && last <= LARGE_GAP) {
    return x.method === 'sum' || !stationary
      ? null
      : `${label} has settled at the minimum of the sum (F − F* = ${fmt(Math.max(last, 0))}).`;
  }
  if (settled && stationary) {
    return `${label} has stopped for good at F − F* = ${fmt(last)} because the Pareto gap is 0 here: the gradients’ hull contains 0, which makes θ one of ${label}’s fixed points — only Sum aims at the minimum of F = ΣL_i.`;
  }
  if (rose && stationary) {
    return `F − F* rose from ${fmt(first)} to ${fmt(last)} while the Pareto gap stayed 0: ${label} carries θ along the Pareto set, where its combined direction does not yet vanish, towards a point where it does, far from the minimum of ΣL_i, which it does not aim at.`;
  }
  if (settled) {
    return `${label} has stopped at F − F* = ${fmt(last)} with a Pareto gap above 0: its combined direction vanishes here although some direction would still decrease every objective.`;
  }
  return null;
}
