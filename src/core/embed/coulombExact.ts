/**
 * Constructive m = K Coulomb-like representation (MATH.md §8): every symmetric W is exactly
 * w_ij = μ_i·μ_j / ‖x_i − x_j‖² (i ≠ j) with μ_i ∈ R^K.
 *
 * Construction: distinct x_i (default: the Fibonacci sphere, see coulombForm.ts; or given);
 * M⁰_ij = w_ij‖x_i − x_j‖² for i ≠ j, M⁰_ii = 0; a diagonal D that makes M = M⁰ + D positive
 * semi-definite; then M = μμᵀ (psdFactor), and for i ≠ j μ_i·μ_j = M_ij = w_ij‖x_i − x_j‖².
 * Diagonal choices:
 *  - 'eigen' (default): D = s·I with s = max(0, −λ_min(M⁰)), the smallest uniform shift
 *    (λ_min(M) = 0 up to rounding, so the masses are as small as a uniform shift allows);
 *  - 'gershgorin': D_ii = Σ_{j≠i} |M⁰_ij|, diagonally dominant hence PSD, no eigenvalues needed.
 * The result is checked: the relative off-diagonal residual is returned (rounding level,
 * ~1e-15·cond, for any W).
 */
import { check, requireFinite } from '../errors';
import { eigenSym } from '../linalg/eigenSym';
import { psdFactor } from '../linalg/psdFactor';
import {
  coulombMatrix,
  dist2,
  fibonacciSphere,
  offDiagonalResidual,
  requireCoulombTarget,
} from './coulombForm';

export interface CoulombExactOptions {
  /** Positions, row-major K×3, pairwise distinct (default: Fibonacci sphere). */
  x?: Float64Array;
  diagonal?: 'eigen' | 'gershgorin';
}

export interface CoulombExact {
  readonly K: number;
  /** m = K. */
  readonly m: number;
  /** Positions, row-major K×3. */
  readonly x: Float64Array;
  /** Masses, row-major K×K (row i is μ_i). */
  readonly mu: Float64Array;
  /** The diagonal D_ii used. */
  readonly diagonal: Float64Array;
  /** ‖W_rep − W‖_F/‖W‖_F over i ≠ j. */
  readonly residual: number;
  /** max_{i≠j} |(W_rep)_ij − w_ij|. */
  readonly maxError: number;
}

export function coulombExact(W: Float64Array, K: number, opts: CoulombExactOptions = {}) {
  const w = requireCoulombTarget(W, K);
  const x = opts.x ?? fibonacciSphere(K);
  check(x.length === 3 * K, 'x', `must have ${K}×3 entries, got ${x.length}`);
  requireFinite(x, 'x');
  const mode = opts.diagonal ?? 'eigen';
  check(mode === 'eigen' || mode === 'gershgorin', 'diagonal', `unknown "${mode}"`);
  const M = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      const r = dist2(x, i, j);
      check(r > 0, 'x', `positions ${i} and ${j} must be distinct`);
      M[i * K + j] = w[i * K + j] * r;
    }
  }
  const diagonal = new Float64Array(K);
  if (mode === 'eigen') {
    const lmin = eigenSym(M, K, 'M').values[K - 1];
    diagonal.fill(Math.max(0, -lmin));
  } else {
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) if (j !== i) diagonal[i] += Math.abs(M[i * K + j]);
    }
  }
  for (let i = 0; i < K; i++) M[i * K + i] = diagonal[i];
  const { mu } = psdFactor(M, K, 'M');
  const rep = coulombMatrix(x, mu, K, K);
  let maxError = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i !== j) maxError = Math.max(maxError, Math.abs(rep[i * K + j] - w[i * K + j]));
    }
  }
  const result: CoulombExact = {
    K,
    m: K,
    x: Float64Array.from(x),
    mu,
    diagonal,
    residual: offDiagonalResidual(rep, w, K),
    maxError,
  };
  return result;
}
