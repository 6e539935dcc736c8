/**
 * `krum`, (Multi-)Krum (Blanchard et al. 2017, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent"; TorchJD's Krum), from the Gram matrix:
 *   dist_ij = √(G_ii + G_jj − 2G_ij),  score_i = Σ of the K − f − 2 smallest dist_ij over j ≠ i,
 * the m rows of smallest score are selected (ties: the lower index), w_j = 1/m on them.
 * f = spec.byzantine (default 0), m = spec.selected (default 1); needs K ≥ f + 3 and m ≤ K.
 * C = diag(K·w): TorchJD's weights sum to 1 (mean convention, `scale: 'mean'`).
 */
import type { MethodSpec } from '../types';
import { diagonal } from './gramPinv';

export function krumCoefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const f = spec.byzantine ?? 0;
  const m = spec.selected ?? 1;
  const nClosest = K - f - 2;
  const score = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    const dist: number[] = [];
    for (let j = 0; j < K; j++) {
      if (j === i) continue;
      dist.push(Math.sqrt(Math.max(0, G[i * K + i] + G[j * K + j] - 2 * G[i * K + j])));
    }
    dist.sort((a, b) => a - b);
    for (let k = 0; k < nClosest; k++) score[i] += dist[k];
  }
  const order = Array.from({ length: K }, (_, i) => i).sort((a, b) => score[a] - score[b] || a - b);
  const w = new Float64Array(K);
  for (let k = 0; k < m; k++) w[order[k]] = 1 / m;
  return diagonal(w, K, K);
}
