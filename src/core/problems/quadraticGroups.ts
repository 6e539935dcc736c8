/**
 * Quadratic groups (MATH.md §9): L_i(θ) = ½ (θ − c_i)ᵀ Q_i (θ − c_i), i = 0..K−1, θ ∈ R^d.
 *
 * Q_i is DIAGONAL, q_i = diag(Q_i) > 0: a Hessian product is then O(d) (H_i v = q_i ⊙ v) and the
 * GPU kernel that steps many worlds is bandwidth-bound rather than compute-bound. The eigenvalues
 * (the diagonal entries) are log-uniform in [eigMin, eigMax].
 *
 * Generation, in this order from one stream createRng(seed):
 *  1. group centroids m_1..m_groups: m = groupRadius · z/‖z‖, z ~ N(0, I_d) (redrawn if z = 0);
 *  2. for each i = 0..K−1: q_ik = exp(U(log eigMin, log eigMax)) for k = 0..d−1, then
 *     c_i = m_{i mod groups} + spread · N(0, I_d). Objective i belongs to group i mod groups.
 *  3. starts: the origin, then four points θ* + (2·groupRadius + 1)·u with u uniform on the unit
 *     sphere (normalised Gaussians), so they lie outside the cloud of centres.
 *
 * Minimiser: ∇F = Σ_i Q_i(θ − c_i) = 0 ⇔ (Σ_i Q_i) θ* = Σ_i Q_i c_i, coordinatewise
 * θ*_k = Σ_i q_ik c_ik / Σ_i q_ik (exact up to rounding, Q diagonal), and F* = F(θ*).
 */
import { createRng, type Rng } from '../rng';
import type { Problem } from './types';
import { requireInt, requireObjective, requirePoint, requireReal } from './validate';

export interface QuadraticGroupParams {
  K: number;
  d: number;
  groups: number;
  groupRadius: number;
  spread: number;
  eigMin: number;
  eigMax: number;
  seed: number;
}

export const QUADRATIC_GROUP_DEFAULTS: Readonly<QuadraticGroupParams> = Object.freeze({
  K: 6,
  d: 3,
  groups: 2,
  groupRadius: 2,
  spread: 0.3,
  eigMin: 0.5,
  eigMax: 2,
  seed: 1,
});

/** Largest K·d accepted (the problem stores two K×d arrays). */
export const QUADRATIC_MAX_ENTRIES = 1 << 24;

export interface QuadraticGroupsProblem extends Problem {
  readonly kind: 'quadratic';
  /** Row-major K×d: diagonals of Q_i. */
  readonly q: Float64Array;
  /** Row-major K×d: centres c_i. */
  readonly c: Float64Array;
  /** Group label of objective i (i mod groups). */
  readonly groupOf: Int32Array;
  /** The parameters used, defaults filled in. */
  readonly params: Readonly<QuadraticGroupParams>;
}

/** Validates and fills in defaults; throws InputError naming the field. */
export function quadraticGroupParams(p: Partial<QuadraticGroupParams> = {}): QuadraticGroupParams {
  const v = { ...QUADRATIC_GROUP_DEFAULTS, ...p };
  const K = requireInt(v.K, 2, 4096, 'K');
  const d = requireInt(v.d, 1, QUADRATIC_MAX_ENTRIES, 'd');
  requireInt(K * d, 1, QUADRATIC_MAX_ENTRIES, 'd');
  const groups = requireInt(v.groups, 1, K, 'groups');
  const groupRadius = requireReal(v.groupRadius, 0, 1e6, 'groupRadius');
  const spread = requireReal(v.spread, 0, 1e6, 'spread');
  const eigMin = requireReal(v.eigMin, 1e-12, 1e12, 'eigMin');
  const eigMax = requireReal(v.eigMax, eigMin, 1e12, 'eigMax');
  const seed = requireInt(v.seed, 0, 0xffffffff, 'seed');
  return { K, d, groups, groupRadius, spread, eigMin, eigMax, seed };
}

/** A uniformly random unit vector in R^d (normalised Gaussian, redrawn on the null event). */
function unitVector(rng: Rng, d: number): Float64Array {
  const z = new Float64Array(d);
  for (;;) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      z[k] = rng.normal();
      s += z[k] * z[k];
    }
    if (s > 0) {
      const r = 1 / Math.sqrt(s);
      for (let k = 0; k < d; k++) z[k] *= r;
      return z;
    }
  }
}

export function createQuadraticGroups(
  params: Partial<QuadraticGroupParams> = {},
): QuadraticGroupsProblem {
  const P = quadraticGroupParams(params);
  const { K, d, groups, groupRadius, spread, eigMin, eigMax } = P;
  const rng = createRng(P.seed);

  const centroids: Float64Array[] = [];
  for (let g = 0; g < groups; g++) {
    const u = unitVector(rng, d);
    for (let k = 0; k < d; k++) u[k] *= groupRadius;
    centroids.push(u);
  }
  const q = new Float64Array(K * d);
  const c = new Float64Array(K * d);
  const groupOf = new Int32Array(K);
  const logMin = Math.log(eigMin);
  const logMax = Math.log(eigMax);
  for (let i = 0; i < K; i++) {
    const g = i % groups;
    groupOf[i] = g;
    const m = centroids[g];
    for (let k = 0; k < d; k++) q[i * d + k] = Math.exp(rng.uniform(logMin, logMax));
    for (let k = 0; k < d; k++) c[i * d + k] = m[k] + spread * rng.normal();
  }

  // θ*_k = Σ_i q_ik c_ik / Σ_i q_ik.
  const thetaStar = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < K; i++) {
      num += q[i * d + k] * c[i * d + k];
      den += q[i * d + k];
    }
    thetaStar[k] = num / den;
  }

  const lossesAt = (theta: ArrayLike<number>): Float64Array => {
    const L = new Float64Array(K);
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const r = theta[k] - c[i * d + k];
        s += q[i * d + k] * r * r;
      }
      L[i] = 0.5 * s;
    }
    return L;
  };
  let Fstar = 0;
  for (const Li of lossesAt(thetaStar)) Fstar += Li;

  const startRadius = 2 * groupRadius + 1;
  const startPoints: Float64Array[] = [new Float64Array(d)];
  for (let s = 0; s < 4; s++) {
    const u = unitVector(rng, d);
    for (let k = 0; k < d; k++) u[k] = thetaStar[k] + startRadius * u[k];
    startPoints.push(u);
  }

  return {
    id: 'quadratic-groups',
    kind: 'quadratic',
    K,
    d,
    q,
    c,
    groupOf,
    params: Object.freeze(P),
    Fstar,
    thetaStar,
    domain: null,
    /** L_i = ½ Σ_k q_ik (θ_k − c_ik)². */
    losses(theta) {
      requirePoint(theta, d);
      return lossesAt(theta);
    },
    /** g_i = Q_i (θ − c_i), i.e. g_ik = q_ik (θ_k − c_ik). */
    gradients(theta) {
      requirePoint(theta, d);
      const g = new Float64Array(K * d);
      for (let i = 0; i < K; i++) {
        for (let k = 0; k < d; k++) g[i * d + k] = q[i * d + k] * (theta[k] - c[i * d + k]);
      }
      return g;
    },
    /** H_i v = Q_i v = q_i ⊙ v (independent of θ). */
    hessianVec(theta, i, v) {
      requirePoint(theta, d);
      requireObjective(i, K);
      requirePoint(v, d, 'v');
      const out = new Float64Array(d);
      for (let k = 0; k < d; k++) out[k] = q[i * d + k] * v[k];
      return out;
    },
    starts() {
      return startPoints.map((s) => Float64Array.from(s));
    },
  };
}
