/**
 * `mgda` (Désidéri 2012; Sener & Koltun 2018; MATH.md §2): u = Σ_i w_i g_i, the min-norm point
 * of the convex hull of g_1..g_K, with w from minNormWeights (simplex.ts: exact closed form for
 * K = 2, exact active-set NNLS for K > 2). The direction is d = K·u so that its scale matches
 * `sum` (d = Σ g_i when all g_i are equal), and each objective keeps its own share:
 * g'_i = K·w_i·g_i, i.e. C = diag(K·w_i).
 *
 * At the min-norm point u·g_i ≥ ‖u‖² ≥ 0 for every i (the optimality condition), so d never
 * increases an objective to first order; d = 0 exactly when 0 lies in the hull (Pareto
 * stationarity).
 *
 * Accuracy: w satisfies the KKT conditions (Gw)_j ≥ wᵀGw to the rounding of the data
 * (mgdaCertificate, certificate.ts): from G (coefficients()) at the floor of simplex.ts, and on
 * the QR factor of the gradients (mgdaFromFactor, used by project()) without squaring the
 * condition number, so d = 0 to rounding at a Pareto-stationary set.
 */

import { type Factor, factorGram, minNormWeightsFactor } from '../qpFactor';
import { minNormWeights, splitDuplicates } from '../simplex';
import type { MethodSpec } from '../types';

function diagonal(K: number, w: Float64Array): Float64Array {
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) C[i * K + i] = K * w[i];
  return C;
}

export function mgdaCoefficients(G: Float64Array, K: number, _spec: MethodSpec): Float64Array {
  return diagonal(K, minNormWeights(G, K));
}

/** The same on the QR factor of the gradients (project()). */
export function mgdaFromFactor(F: Factor, K: number, _spec: MethodSpec): Float64Array {
  const w = minNormWeightsFactor(F.R, F.m, K);
  return diagonal(K, splitDuplicates(factorGram(F, K), K, w));
}
