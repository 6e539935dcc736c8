/**
 * The Pareto-stationarity gap of the current gradients (MATH.md §6): the norm of the min-norm
 * point u* of their convex hull, ‖u*‖ = √(wᵀGw) with w = minNormWeights(G) on the simplex,
 * computed by the float64 core from the K×K Gram matrix. ‖u*‖ = 0 exactly when some convex
 * combination of the gradients vanishes: no direction decreases every objective to first order.
 */
import { minNormWeights, quadForm } from '../core/simplex';

/** ‖u*‖ for the Gram matrix G (K×K); NaN when G is not usable. */
export function paretoGap(G: Float64Array | null | undefined, K: number): number {
  if (!G || K < 1 || G.length !== K * K) return Number.NaN;
  const hit = recent.find((e) => e.G === G && e.K === K);
  if (hit) return hit.gap;
  let gap: number;
  try {
    gap = Math.sqrt(quadForm(G, K, minNormWeights(G, K)));
  } catch {
    gap = Number.NaN;
  }
  recent.unshift({ G, K, gap });
  recent.length = Math.min(recent.length, 2);
  return gap;
}

/**
 * The last two Gram matrices asked about (the run's and the compared method's) and their gaps:
 * the readout, the findings and the tour ask for the gap of the same views on every store change,
 * and a view's G is replaced, never changed in place.
 */
const recent: { G: Float64Array; K: number; gap: number }[] = [];

/**
 * ‖u*‖ relative to the largest gradient norm, max_i √G_ii: scale-free, so "0" can be judged
 * against rounding (below PARETO_ZERO it is shown as 0 to rounding).
 */
export function relativeParetoGap(G: Float64Array | null | undefined, K: number): number {
  const gap = paretoGap(G, K);
  if (!G || !Number.isFinite(gap)) return Number.NaN;
  let m = 0;
  for (let i = 0; i < K; i++) m = Math.max(m, Math.sqrt(Math.max(G[i * K + i], 0)));
  return m > 0 ? gap / m : 0;
}

/** Relative gap below which the point counts as Pareto-stationary (rounding of float64 Gram form). */
export const PARETO_ZERO = 1e-6;
