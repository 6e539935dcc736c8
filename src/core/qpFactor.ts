/**
 * The QP methods' small problems on a factor of the gradients instead of their Gram matrix.
 *
 * gradientFactor: Householder QR of the d×K matrix whose columns are the gradients (rescaled by
 * the power of two of scaledGram, exact), A = Q·R, keeping the m×K upper-trapezoidal R
 * (m = min(d, K)): column k of R is a vector ĝ_k ∈ ℝᵐ with ĝ_i·ĝ_j = g_i·g_j, and every problem of
 * MATH.md §2 posed on the g_k has the same coefficients posed on the ĝ_k. Householder QR is
 * backward stable column by column (R is the exact factor of A + δA with ‖δa_k‖ ≲ d·ε·‖a_k‖), and
 * the NNLS on R (nnls.ts) is solved by Householder QR too, so the coefficients carry an error of
 * about ε·κ (κ the condition number of the active gradients) where any solver that starts from
 * G = AᵀA has ε·κ² (the floor stated in simplex.ts). Cost O(d·K²), that of forming G.
 */
import { maxAbs, pow2Scale } from './metrics/scaled';
import { nnls } from './nnls';
import type { GradSet } from './types';

export interface Factor {
  /** Rows of R. */
  readonly m: number;
  /** Column-major m×K: column k is ĝ_k, entries R[k·m + a]. */
  readonly R: Float64Array;
}

/** R of the QR factorisation of the (rescaled) gradients; see above. */
export function gradientFactor(gs: GradSet): Factor {
  const { K, d } = gs;
  const sigma = pow2Scale(maxAbs(gs.g));
  // Column k of A is row k of gs.g (contiguous), scaled by σ.
  const A = new Float64Array(K * d);
  for (let k = 0; k < A.length; k++) A[k] = gs.g[k] * sigma;
  const m = Math.min(d, K);
  for (let k = 0; k < m; k++) {
    const col = k * d;
    let s = 0;
    for (let i = k; i < d; i++) s += A[col + i] * A[col + i];
    const nrm = Math.sqrt(s);
    if (!(nrm > 0)) continue;
    const alpha = A[col + k] > 0 ? -nrm : nrm;
    A[col + k] -= alpha;
    const vv = 2 * (s - alpha * (A[col + k] + alpha));
    if (vv > 0) {
      for (let c = k + 1; c < K; c++) {
        let t = 0;
        for (let i = k; i < d; i++) t += A[col + i] * A[c * d + i];
        t = (2 * t) / vv;
        if (t !== 0) for (let i = k; i < d; i++) A[c * d + i] -= t * A[col + i];
      }
    }
    A[col + k] = alpha;
    for (let i = k + 1; i < d; i++) A[col + i] = 0;
  }
  const R = new Float64Array(m * K);
  for (let c = 0; c < K; c++) for (let a = 0; a < m; a++) R[c * m + a] = A[c * d + a];
  return { m, R };
}

/** Gram matrix RᵀR of the factor (row-major K×K). */
export function factorGram(F: Factor, K: number): Float64Array {
  const { m, R } = F;
  const G = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      let s = 0;
      for (let a = 0; a < m; a++) s += R[i * m + a] * R[j * m + a];
      G[i * K + j] = s;
      G[j * K + i] = s;
    }
  }
  return G;
}

/**
 * μ = argmin_{μ ≥ 0} ‖Σ_k (t_k + μ_k) ĝ_k‖: v = Σ_k (t_k + μ_k) g_k is the projection of
 * Σ_k t_k g_k onto the dual cone {v : v·g_j ≥ 0 ∀j} (Moreau: −Σ_k μ_k g_k lies in the polar
 * cone, and v·g_j = 0 where μ_j > 0). upgrad uses t = e_i, cagrad's limit t = 1/K.
 */
export function dualConeMultipliers(F: Factor, K: number, t: ArrayLike<number>): Float64Array {
  const { m, R } = F;
  if (m === 0) return new Float64Array(K);
  const y = new Float64Array(m);
  for (let k = 0; k < K; k++) {
    if (t[k] !== 0) for (let a = 0; a < m; a++) y[a] -= t[k] * R[k * m + a];
  }
  return nnls(R, m, K, y).x;
}

/**
 * Min-norm point of the convex hull of the columns v_1..v_n of V (m×n column-major): simplex
 * weights w through the lifting v̂_i = (v_i, γ) of simplex.ts (minNormWeights): x = NNLS([V; γ1ᵀ],
 * γ·e_{m+1}), w = x/Σ x_i (uniform if Σ x_i = 0); γ = max‖v_i‖, then γ = Σ w_i‖v_i‖ when that is
 * smaller, so that u = Σ w_i v_i is resolved to ε·Σ w_i‖v_i‖.
 */
export function minNormWeightsFactor(V: Float64Array, m: number, n: number): Float64Array {
  const norms = new Float64Array(n);
  let top = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let a = 0; a < m; a++) s += V[j * m + a] ** 2;
    norms[j] = Math.sqrt(s);
    top = Math.max(top, norms[j]);
  }
  let w = liftedWeights(V, m, n, top > 0 ? top : 1);
  let size = 0;
  for (let j = 0; j < n; j++) size += w[j] * norms[j];
  if (size > 0 && size < top / 4) w = liftedWeights(V, m, n, size);
  return w;
}

/** NNLS([V; γ1ᵀ], γ·e_{m+1}) normalised to the simplex (uniform if it is 0). */
function liftedWeights(V: Float64Array, m: number, n: number, gamma: number): Float64Array {
  const mm = m + 1;
  const L = new Float64Array(mm * n);
  for (let j = 0; j < n; j++) {
    L.set(V.subarray(j * m, j * m + m), j * mm);
    L[j * mm + m] = gamma;
  }
  const y = new Float64Array(mm);
  y[m] = gamma;
  const x = nnls(L, mm, n, y).x;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  if (!(s > 0)) return x.fill(1 / n);
  for (let i = 0; i < n; i++) x[i] /= s;
  return x;
}

/** ‖Σ_k w_k ĝ_k‖, computed on the vectors (no square root of a cancelled quadratic form). */
export function combinationNorm(F: Factor, K: number, w: ArrayLike<number>): number {
  const { m, R } = F;
  let s = 0;
  for (let a = 0; a < m; a++) {
    let v = 0;
    for (let k = 0; k < K; k++) v += w[k] * R[k * m + a];
    s += v * v;
  }
  return Math.sqrt(s);
}
