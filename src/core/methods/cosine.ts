/**
 * `cosine`, the cosine-scaled projection (seed `cosine-scaled-projection.txt`; MATH.md §2),
 * α ∈ [0, 1] (default 1).
 * - mode 'simultaneous' (default): g'_i = g_i − Σ_{j conflicting with i} α·|cos_ij|·(G_ij/G_jj)·g_j,
 *   every term from the original gradients, so C_ii = 1 and C_ij = −α|cos_ij|·G_ij/G_jj for the
 *   conflicting pairs (§1, tolerance τ), 0 otherwise.
 * - mode 'sequential': the PCGrad loop (pcgrad.ts, same order table from spec.order and
 *   spec.seed) with the factor α·|cos(p, g_j)| on each projection.
 * α = 0 gives `sum`. For a single conflicting pair the residual is
 * g'_i·g_j = G_ij·(1 − α|cos_ij|), still negative unless α|cos_ij| = 1.
 */
import { cosineFromGram, normsFromGram } from '../gram';
import { isConflict } from '../metrics/conflict';
import { DEFAULT_TAU, type MethodSpec } from '../types';
import { ordersForSpec, sequentialCoefficients } from './pcgrad';

export function cosineCoefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const alpha = spec.alpha ?? 1;
  const tau = spec.tau ?? DEFAULT_TAU;
  if (spec.mode === 'sequential') {
    const orders = ordersForSpec(K, spec);
    return sequentialCoefficients(G, K, orders, tau, alpha);
  }
  const n = normsFromGram(G, K);
  const cos = cosineFromGram(G, K);
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    C[i * K + i] = 1;
    for (let j = 0; j < K; j++) {
      if (j === i || !isConflict(G[i * K + j], n[i], n[j], tau)) continue;
      C[i * K + j] = -alpha * Math.abs(cos[i * K + j]) * (G[i * K + j] / G[j * K + j]);
    }
  }
  return C;
}
