/**
 * Spectral representation of a symmetric matrix (MATH.md §8): W = Σ_k λ_k q_k q_kᵀ, and the
 * error of its best rank-r approximation.
 *
 * By Eckart–Young (Frobenius norm, symmetric case) the best rank-r approximation keeps the r
 * eigenpairs of largest |λ|; with |λ_(1)| ≥ … ≥ |λ_(K)|,
 *   e_r = ‖W − W_r‖_F / ‖W‖_F = √(Σ_{k>r} λ_(k)²) / √(Σ_k λ_k²),   r = 0..K,
 * so e_0 = 1, e_K = 0, non-increasing. Computed from the eigenvalues (tail sums from the
 * smallest up), which is exact to rounding and avoids forming W_r.
 * W is used as given, diagonal included (MATH.md §8 has zero diagonal; pass it so).
 */
import { InputError } from '../errors';
import { eigenSym, type SymEigen } from '../linalg/eigenSym';

/** Eigenpairs of W ordered by |λ| descending (ties: larger λ first). */
export function spectralByMagnitude(W: Float64Array, K: number): SymEigen {
  const e = eigenSym(W, K, 'W');
  const order = Array.from({ length: K }, (_, k) => k).sort(
    (a, b) => Math.abs(e.values[b]) - Math.abs(e.values[a]) || e.values[b] - e.values[a],
  );
  const values = new Float64Array(K);
  const vectors = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    values[k] = e.values[order[k]];
    for (let i = 0; i < K; i++) vectors[i * K + k] = e.vectors[i * K + order[k]];
  }
  return { n: K, values, vectors, sweeps: e.sweeps };
}

/** W_r = Σ_{k<r} λ_(k) q_(k) q_(k)ᵀ from eigenpairs ordered by |λ| (spectralByMagnitude). */
export function truncate(e: SymEigen, r: number): Float64Array {
  const K = e.n;
  if (!Number.isInteger(r) || r < 0 || r > K) {
    throw new InputError('r', `must be an integer in [0, ${K}], got ${r}`);
  }
  const out = new Float64Array(K * K);
  for (let k = 0; k < r; k++) {
    const lam = e.values[k];
    for (let i = 0; i < K; i++) {
      const a = lam * e.vectors[i * K + k];
      for (let j = 0; j < K; j++) out[i * K + j] += a * e.vectors[j * K + k];
    }
  }
  return out;
}

/** e_r for r = 0..K (length K + 1). W = 0 has no relative error: InputError. */
export function rankTruncationErrors(W: Float64Array, K: number): Float64Array {
  const { values } = spectralByMagnitude(W, K);
  const tail = new Float64Array(K + 1);
  for (let k = K - 1; k >= 0; k--) tail[k] = tail[k + 1] + values[k] * values[k];
  if (tail[0] === 0) throw new InputError('W', 'is the zero matrix: relative error undefined');
  const out = new Float64Array(K + 1);
  for (let r = 0; r <= K; r++) out[r] = Math.sqrt(tail[r] / tail[0]);
  return out;
}
