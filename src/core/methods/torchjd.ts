/**
 * TorchJD's treatment of the Gram matrix for `upgrad` and `dualproj` (`torchjd: true`), so that a
 * TorchJD user sees the same numbers (with `scale: 'mean'`):
 *   Q = G / tr(G) + 1e-4·I   (trace normalisation, then TorchJD's reg_eps = 1e-4),
 * and the weights of TorchJD's dual-cone projection min_v vᵀQv s.t. v ≥ u (projectWeights):
 * - upgrad: for each i, v⁽ⁱ⁾ with u = K·pref_i·e_i; row i of C is v⁽ⁱ⁾ (TorchJD sums the rows);
 * - dualproj: one v with u = K·pref; C = diag(v).
 * pref is TorchJD's pref_vector (default 1/K each, its Mean weighting); the factor K is
 * Concord's 'sum' convention, removed by `scale: 'mean'`. Difference left: TorchJD replaces G by
 * 0 when tr(G) < norm_eps = 1e-4 in absolute terms; Concord's coefficients are scale-free (G
 * arrives rescaled by a power of two), so that cut is not reproduced. The regulariser makes
 * the result differ from the exact projection by O(1e-4) relatively: an objective may be
 * slightly conflicted (g'_i·g_j ≈ −1e-4·tr G scale), which the exact default never does.
 */
import type { MethodSpec } from '../types';
import { prefTimesK, projectWeights } from './dualproj';
import { diagonal } from './gramPinv';

export const TORCHJD_REG_EPS = 1e-4;

/** Q = G/tr(G) + 1e-4·I (G itself plus the regulariser when tr(G) = 0). */
export function torchjdGram(G: Float64Array, K: number): Float64Array {
  let tr = 0;
  for (let i = 0; i < K; i++) tr += G[i * K + i];
  const Q = new Float64Array(K * K);
  for (let k = 0; k < K * K; k++) Q[k] = tr > 0 ? G[k] / tr : 0;
  for (let i = 0; i < K; i++) Q[i * K + i] += TORCHJD_REG_EPS;
  return Q;
}

export function upgradTorchjdCoefficients(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
): Float64Array {
  const Q = torchjdGram(G, K);
  const p = prefTimesK(K, spec);
  const C = new Float64Array(K * K);
  const u = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    u.fill(0);
    u[i] = p[i];
    C.set(projectWeights(Q, K, u), i * K);
  }
  return C;
}

export function dualprojTorchjdCoefficients(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
): Float64Array {
  return diagonal(projectWeights(torchjdGram(G, K), K, prefTimesK(K, spec)), K);
}
