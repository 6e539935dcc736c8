/**
 * Gram matrix and derived quantities (MATH.md notation).
 * G_ij = g_i·g_j, cos_ij = G_ij / (‖g_i‖‖g_j‖) (0 when either norm is 0).
 */
import type { GradSet } from './types';
import { rowDot } from './vec';

/** G = g gᵀ, row-major K×K, symmetric by construction. */
export function gram(gs: GradSet): Float64Array {
  const { K, d, g } = gs;
  const G = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      const v = rowDot(g, i, g, j, d);
      G[i * K + j] = v;
      G[j * K + i] = v;
    }
  }
  return G;
}

/** Norms ‖g_i‖ = √G_ii. */
export function normsFromGram(G: Float64Array, K: number): Float64Array {
  const n = new Float64Array(K);
  for (let i = 0; i < K; i++) n[i] = Math.sqrt(Math.max(G[i * K + i], 0));
  return n;
}

/** cos_ij = G_ij / (‖g_i‖‖g_j‖), with 0 where a norm is 0, clamped to [−1, 1]. */
export function cosineFromGram(G: Float64Array, K: number): Float64Array {
  const n = normsFromGram(G, K);
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const den = n[i] * n[j];
      C[i * K + j] = den > 0 ? Math.max(-1, Math.min(1, G[i * K + j] / den)) : 0;
    }
  }
  return C;
}
