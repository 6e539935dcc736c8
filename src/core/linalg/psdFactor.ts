/**
 * Factorisation of a symmetric positive semi-definite matrix, M = μ μᵀ, through its
 * eigen-decomposition: μ = Q·diag(√λ), row i of μ (length n) being the vector μ_i, so that
 * M_ij = μ_i·μ_j.
 *
 * Eigen-based rather than Cholesky because the matrices Concord factors are often exactly
 * singular (a diagonal shift that puts λ_min at 0); Cholesky breaks down there, the eigen form
 * does not. Eigenvalues in [−tol, 0) with tol = 64·n·ε·max|λ| are rounding of a zero eigenvalue
 * and are taken as 0; anything more negative means M is not PSD and is an InputError.
 */
import { InputError } from '../errors';
import { eigenSym } from './eigenSym';

export interface PsdFactor {
  readonly n: number;
  /** Row-major n×n: row i is μ_i ∈ R^n. */
  readonly mu: Float64Array;
  /** Eigenvalues of M (descending) used for the factor. */
  readonly values: Float64Array;
}

/** μ with M = μμᵀ for a symmetric PSD n×n matrix M (row-major). */
export function psdFactor(M: Float64Array, n: number, field = 'M'): PsdFactor {
  const { values, vectors } = eigenSym(M, n, field);
  const scale = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  const tol = 64 * n * 2 ** -52 * scale;
  const mu = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const lam = values[k];
    if (lam < -tol) {
      throw new InputError(field, `is not positive semi-definite (eigenvalue ${lam})`);
    }
    const r = Math.sqrt(Math.max(lam, 0));
    for (let i = 0; i < n; i++) mu[i * n + k] = vectors[i * n + k] * r;
  }
  return { n, mu, values };
}
