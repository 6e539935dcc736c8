/**
 * `alignedmtl`, Aligned-MTL (Senushkin et al. 2023, "Independent Component Alignment for
 * Multi-Task Learning", Algorithm 1; TorchJD's AlignedMTL): the weights u (pref, default 1/K) are
 * corrected by the balance transformation of the Gram matrix,
 *   G = V Λ Vᵀ (rank r, cut of gramPinv.ts),  B = √λ_r · V_r Λ_r^{-1/2} V_rᵀ,  α = B u,
 * which makes the principal components of the combined gradient equally strong (condition
 * number 1); B = I when G = 0. d = Σ_j α_j g_j, C = diag(K·α) in Concord's 'sum' convention
 * (TorchJD's mean convention: `scale: 'mean'`). Scale-free: λ_r/λ_k does not change with g → s·g.
 *
 * Accuracy (Gram form): G's eigenvalues are known to ε·λ_1 absolute, so the balanced spectrum
 * (the non-zero eigenvalues of BGB, all λ_r in exact arithmetic) is equal only to ε·λ_1/λ_r
 * relative; a pair within 1e-7 of antiparallel puts λ_r/λ_1 near the rank cut K·ε and leaves it
 * unequal by up to ~2%. That floor is inherent to solving from G; test/core-methods/
 * hardWeightings.test.ts checks ‖(BGB)² − c·BGB‖ ≤ 256K²ε·c·max|G| on the hard input families.
 */
import type { MethodSpec } from '../types';
import { diagonal, gramEigen } from './gramPinv';

export function alignedmtlCoefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const u = new Float64Array(K).fill(1 / K);
  if (spec.pref) for (let i = 0; i < K; i++) u[i] = spec.pref[i];
  const { eig, rank } = gramEigen(G, K);
  if (rank === 0) return diagonal(u, K, K);
  const lr = Math.sqrt(eig.values[rank - 1]);
  const alpha = new Float64Array(K);
  for (let k = 0; k < rank; k++) {
    let t = 0;
    for (let i = 0; i < K; i++) t += eig.vectors[i * K + k] * u[i];
    t *= lr / Math.sqrt(eig.values[k]);
    for (let i = 0; i < K; i++) alpha[i] += t * eig.vectors[i * K + k];
  }
  return diagonal(alpha, K, K);
}
