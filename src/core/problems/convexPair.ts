/**
 * Convex quadratic pair (TorchJD trajectories "CQF"), MATH.md §9, θ = x ∈ R²:
 *   f_i(x) = (x − u_i)ᵀ A_i (x − u_i),  A_i = B_i B_iᵀ,  φ = π/16,
 *   B_1 = R(φ)·diag(1, 0.1),  B_2 = R(−φ)·diag(√3, 0.1),  u_1 = (1, 0),  u_2 = (−1, 0),
 * with R(φ) = [[cos φ, −sin φ], [sin φ, cos φ]]. No factor ½: ∇f_i = 2A_i(x − u_i), ∇²f_i = 2A_i.
 *
 * Minimiser of F = f_1 + f_2: (A_1 + A_2) x* = A_1 u_1 + A_2 u_2, solved in closed form by
 * Cramer's rule (A_1 + A_2 is symmetric positive definite, det ≈ 0.513); F* = F(x*).
 * Starts: the initial points TorchJD's trajectories use for its rotated CQF variants. Domain: a
 * plotting box that contains the starts and x* ≈ (−0.075, 4.274).
 */
import type { Problem } from './types';
import { requireObjective, requirePoint } from './validate';

export const CONVEX_PAIR_ANGLE = Math.PI / 16;

export const CONVEX_PAIR_STARTS: ReadonlyArray<readonly [number, number]> = [
  [0.8, 0],
  [0.5, 0],
  [0.25, 7],
  [0.5, 7],
  [0.75, 7],
  [0, 4],
  [1, 5],
  [0.0625, 0],
];

export interface ConvexPairProblem extends Problem {
  readonly kind: 'convex-pair';
  /** A_1, A_2 as row-major 2×2 arrays. */
  readonly A: readonly [Float64Array, Float64Array];
  readonly u: readonly [Float64Array, Float64Array];
}

/** B Bᵀ for B = R(angle)·diag(s1, s2), row-major 2×2. */
function gramOfRotated(angle: number, s1: number, s2: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // B = [[c·s1, −s·s2], [s·s1, c·s2]].
  const b00 = c * s1;
  const b01 = -s * s2;
  const b10 = s * s1;
  const b11 = c * s2;
  const a00 = b00 * b00 + b01 * b01;
  const a01 = b00 * b10 + b01 * b11;
  const a11 = b10 * b10 + b11 * b11;
  return Float64Array.of(a00, a01, a01, a11);
}

export function createConvexPair(): ConvexPairProblem {
  const A: [Float64Array, Float64Array] = [
    gramOfRotated(CONVEX_PAIR_ANGLE, 1, 0.1),
    gramOfRotated(-CONVEX_PAIR_ANGLE, Math.sqrt(3), 0.1),
  ];
  const u: [Float64Array, Float64Array] = [Float64Array.of(1, 0), Float64Array.of(-1, 0)];

  const residual = (x: ArrayLike<number>, i: number): [number, number] => [
    x[0] - u[i][0],
    x[1] - u[i][1],
  ];
  const lossesAt = (x: ArrayLike<number>): Float64Array => {
    const L = new Float64Array(2);
    for (let i = 0; i < 2; i++) {
      const [r0, r1] = residual(x, i);
      const M = A[i];
      L[i] = M[0] * r0 * r0 + 2 * M[1] * r0 * r1 + M[3] * r1 * r1;
    }
    return L;
  };

  // (A_1 + A_2) x* = A_1 u_1 + A_2 u_2 by Cramer's rule.
  const m00 = A[0][0] + A[1][0];
  const m01 = A[0][1] + A[1][1];
  const m11 = A[0][3] + A[1][3];
  const r0 = A[0][0] * u[0][0] + A[0][1] * u[0][1] + A[1][0] * u[1][0] + A[1][1] * u[1][1];
  const r1 = A[0][2] * u[0][0] + A[0][3] * u[0][1] + A[1][2] * u[1][0] + A[1][3] * u[1][1];
  const det = m00 * m11 - m01 * m01;
  const thetaStar = Float64Array.of((m11 * r0 - m01 * r1) / det, (m00 * r1 - m01 * r0) / det);
  const Ls = lossesAt(thetaStar);

  return {
    id: 'convex-pair',
    kind: 'convex-pair',
    K: 2,
    d: 2,
    A,
    u,
    Fstar: Ls[0] + Ls[1],
    thetaStar,
    domain: [
      [-2, 2],
      [-1, 8],
    ],
    /** f_i = (x − u_i)ᵀ A_i (x − u_i). */
    losses(theta) {
      requirePoint(theta, 2);
      return lossesAt(theta);
    },
    /** g_i = 2 A_i (x − u_i). */
    gradients(theta) {
      requirePoint(theta, 2);
      const g = new Float64Array(4);
      for (let i = 0; i < 2; i++) {
        const [e0, e1] = residual(theta, i);
        const M = A[i];
        g[2 * i] = 2 * (M[0] * e0 + M[1] * e1);
        g[2 * i + 1] = 2 * (M[2] * e0 + M[3] * e1);
      }
      return g;
    },
    /** H_i v = 2 A_i v (independent of x). */
    hessianVec(theta, i, v) {
      requirePoint(theta, 2);
      requireObjective(i, 2);
      requirePoint(v, 2, 'v');
      const M = A[i];
      return Float64Array.of(2 * (M[0] * v[0] + M[1] * v[1]), 2 * (M[2] * v[0] + M[3] * v[1]));
    },
    starts() {
      return CONVEX_PAIR_STARTS.map((s) => Float64Array.from(s));
    },
  };
}
