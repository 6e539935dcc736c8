/**
 * `interaction` (seed `interaction-matrix.txt`; MATH.md §2):
 * g'_i = g_i − Σ_{j≠i} A_ij·m_ij·(G_ij/G_jj)·g_j, all terms from the original gradients, so
 * C_ii = 1 and C_ij = −A_ij·m_ij·G_ij/G_jj. m_ij = 1 when (i, j) conflicts (§1, tolerance τ;
 * gating 'conflicting', default) or always (gating 'all'). A is row-major K×K, its diagonal
 * ignored, not necessarily symmetric; default all zeros (= `sum`). A zero-norm g_j (G_jj = 0)
 * contributes nothing.
 *
 * With A_ij = α|cos_ij| and conflicting gating this is simultaneous `cosine`; with A_ij = 1 it
 * is a simultaneous PCGrad, equal to `pcgrad` when K = 2.
 */
import { normsFromGram } from '../gram';
import { isConflict } from '../metrics/conflict';
import { DEFAULT_TAU, type MethodSpec } from '../types';

export function interactionCoefficients(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
): Float64Array {
  const tau = spec.tau ?? DEFAULT_TAU;
  const all = spec.gating === 'all';
  const A = spec.A;
  const n = normsFromGram(G, K);
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    C[i * K + i] = 1;
    if (!A) continue;
    for (let j = 0; j < K; j++) {
      const a = A[i * K + j];
      const gjj = G[j * K + j];
      if (j === i || a === 0 || !(gjj > 0)) continue;
      if (!all && !isConflict(G[i * K + j], n[i], n[j], tau)) continue;
      C[i * K + j] = -a * (G[i * K + j] / gjj);
    }
  }
  return C;
}
