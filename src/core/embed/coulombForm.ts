/**
 * The Coulomb-like form of MATH.md §8 and the pieces shared by its exact construction and its
 * least-squares fit: w_ij = μ_i·μ_j / ‖x_i − x_j‖² (i ≠ j) for positions x_i ∈ R³ and masses
 * μ_i ∈ R^m. Only off-diagonal entries are represented; the diagonal of W is ignored.
 */
import { check, InputError } from '../errors';
import { requireSymmetric } from '../linalg/eigenSym';

/** ‖x_i − x_j‖² for positions x (row-major K×3). */
export function dist2(x: Float64Array, i: number, j: number): number {
  const a = x[3 * i] - x[3 * j];
  const b = x[3 * i + 1] - x[3 * j + 1];
  const c = x[3 * i + 2] - x[3 * j + 2];
  return a * a + b * b + c * c;
}

/** W_fit with (W_fit)_ij = μ_i·μ_j/‖x_i − x_j‖² off the diagonal and 0 on it. */
export function coulombMatrix(
  x: Float64Array,
  mu: Float64Array,
  K: number,
  m: number,
): Float64Array {
  check(x.length === 3 * K, 'x', `must have ${K}×3 entries, got ${x.length}`);
  check(mu.length === m * K, 'mu', `must have ${K}×${m} entries, got ${mu.length}`);
  const W = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const r = dist2(x, i, j);
      if (r === 0) throw new InputError('x', `positions ${i} and ${j} coincide`);
      let p = 0;
      for (let t = 0; t < m; t++) p += mu[i * m + t] * mu[j * m + t];
      W[i * K + j] = p / r;
      W[j * K + i] = p / r;
    }
  }
  return W;
}

/**
 * Relative off-diagonal residual ‖W_fit − W‖_F / ‖W‖_F over i ≠ j. A W that is zero off the
 * diagonal has no relative residual: InputError.
 */
export function offDiagonalResidual(Wfit: Float64Array, W: Float64Array, K: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      num += (Wfit[i * K + j] - W[i * K + j]) ** 2;
      den += W[i * K + j] ** 2;
    }
  }
  if (den === 0) throw new InputError('W', 'is zero off the diagonal: relative residual undefined');
  return Math.sqrt(num / den);
}

/** Validates W (K ≥ 2, finite, symmetric to rounding) and returns its exactly symmetric part. */
export function requireCoulombTarget(W: Float64Array, K: number): Float64Array {
  check(Number.isInteger(K) && K >= 2, 'K', `must be an integer ≥ 2, got ${K}`);
  return requireSymmetric(W, K, 'W');
}

/**
 * K distinct points on the unit sphere by the Fibonacci lattice:
 *   z_i = 1 − 2(i + ½)/K,  ρ_i = √(1 − z_i²),  φ_i = i·π(3 − √5),  x_i = (ρ_i cos φ_i, ρ_i sin φ_i, z_i).
 * The z_i are distinct, so the points are; they are near-uniform, so the squared distances lie
 * in roughly [c/K, 4] and no entry of M = w·‖Δx‖² is scaled by a tiny or huge factor.
 */
export function fibonacciSphere(K: number): Float64Array {
  const x = new Float64Array(3 * K);
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < K; i++) {
    const z = 1 - (2 * (i + 0.5)) / K;
    const rho = Math.sqrt(Math.max(0, 1 - z * z));
    x[3 * i] = rho * Math.cos(i * golden);
    x[3 * i + 1] = rho * Math.sin(i * golden);
    x[3 * i + 2] = z;
  }
  return x;
}
