/**
 * The Moore–Penrose pseudo-inverse of a Gram matrix applied to a vector, for IMTL-G, ConFIG and
 * the least-squares summary of the vector-only methods: with G = V Λ Vᵀ (eigenSym, λ descending),
 *   G⁺b = Σ_{λ_k > cut} v_k (v_kᵀ b) / λ_k,   cut = K·ε·λ_1 (ε = 2⁻⁵²).
 * The cut is the rank decision of the Gram form: an eigenvalue of G below K·ε·λ_1 is rounding,
 * i.e. singular values of the gradient matrix below √(Kε)·σ_1 ≈ 1.5e-8·σ_1 (K = 1) are treated as
 * zero (torch.linalg.pinv on the gradients themselves cuts at K·ε_float32·σ_1; on these small
 * well-separated sets both give the same result).
 */
import { eigenSym, type SymEigen } from '../linalg/eigenSym';

const EPS = 2 ** -52;

/** Eigen-decomposition of G with the rank cut of the module comment. */
export function gramEigen(G: Float64Array, K: number): { eig: SymEigen; rank: number } {
  const eig = eigenSym(G, K, 'gradients');
  const cut = K * EPS * Math.max(0, eig.values[0]);
  let rank = 0;
  while (rank < K && eig.values[rank] > cut && eig.values[rank] > 0) rank++;
  return { eig, rank };
}

/** x = G⁺ b (module comment). */
export function pinvSolve(G: Float64Array, K: number, b: ArrayLike<number>): Float64Array {
  const { eig, rank } = gramEigen(G, K);
  const x = new Float64Array(K);
  for (let k = 0; k < rank; k++) {
    let t = 0;
    for (let i = 0; i < K; i++) t += eig.vectors[i * K + k] * b[i];
    t /= eig.values[k];
    for (let i = 0; i < K; i++) x[i] += t * eig.vectors[i * K + k];
  }
  return x;
}

/** C = diag(w): the per-objective form of a weighting d = Σ_j w_j g_j. */
export function diagonal(w: ArrayLike<number>, K: number, factor = 1): Float64Array {
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) C[i * K + i] = factor * w[i];
  return C;
}
