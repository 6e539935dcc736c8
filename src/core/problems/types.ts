/**
 * The problem interface (MATH.md §9): K objectives L_i over θ ∈ R^d with analytic gradients and
 * Hessian–vector products. Gradient-only problems (random conflict sets, imported gradients) are
 * not Problems: they are plain GradSets.
 */
export interface Problem {
  /** Stable id, e.g. 'quadratic-groups', 'cagrad-toy', 'convex-pair'. */
  readonly id: string;
  readonly K: number;
  readonly d: number;
  /** L_i(θ), i = 0..K−1. */
  losses(theta: Float64Array): Float64Array;
  /** g_i = ∇L_i(θ), row-major K×d. */
  gradients(theta: Float64Array): Float64Array;
  /** H_i v = ∇²L_i(θ)·v for objective i. */
  hessianVec(theta: Float64Array, i: number, v: Float64Array): Float64Array;
  /** F* = min Σ_i L_i where known (null otherwise). */
  readonly Fstar: number | null;
  /** The minimiser θ* of F where known (null otherwise). */
  readonly thetaStar: Float64Array | null;
  /** Standard starting points. */
  starts(): Float64Array[];
  /** Box [lo, hi] per coordinate where the problem defines one (2-D problems), else null. */
  readonly domain: ReadonlyArray<readonly [number, number]> | null;
}
