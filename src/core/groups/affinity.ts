/**
 * Affinities for grouping objectives (MATH.md §7): the symmetric part of an interaction matrix
 * and its cosine-like affinity.
 */
import { check, InputError, requireFinite } from '../errors';

/** (A + Aᵀ)/2 for a row-major K×K matrix. */
export function symmetricPart(A: Float64Array, K: number): Float64Array {
  check(A.length === K * K, 'A', `must have ${K}×${K} = ${K * K} entries, got ${A.length}`);
  requireFinite(A, 'A');
  const S = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) S[i * K + j] = 0.5 * (A[i * K + j] + A[j * K + i]);
  }
  return S;
}

/**
 * Cosine-like affinity of an interaction matrix A ≥ 0: a_ij = 1 − 2·Ā_ij / max_{k≠l} Ā_kl with
 * Ā = (A + Aᵀ)/2, diagonal 1. A learned A is large between competing groups and small within a
 * cooperative one, so its affinity is the complement: pairs that need no projection attract
 * (a → 1), pairs projected hardest repel (a → −1). An all-zero A gives a ≡ 1 (one group).
 */
export function interactionAffinity(A: Float64Array, K: number): Float64Array {
  const S = symmetricPart(A, K);
  let mx = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      if (S[i * K + j] < 0) {
        throw new InputError(`A[${i}][${j}]`, `must be non-negative, got ${S[i * K + j]}`);
      }
      mx = Math.max(mx, S[i * K + j]);
    }
  }
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++)
      out[i * K + j] = i === j || mx === 0 ? 1 : 1 - (2 * S[i * K + j]) / mx;
  }
  return out;
}
