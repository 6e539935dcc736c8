/**
 * `cagrad`, conflict-averse gradient descent (Liu et al. 2021; MATH.md §2), c ∈ [0, 1)
 * (default 0.5).
 *
 * With g0 = (1/K)Σ_i g_i and ρ = √φ = c‖g0‖, CAGrad solves max_{‖d − g0‖ ≤ ρ} min_i g_i·d through
 * its dual: w = argmin_{w ∈ Δ} F(w), F(w) = g_w·g0 + ρ‖g_w‖, g_w = Σ_i w_i g_i, and returns
 * d_cagrad = g0 + (ρ/‖g_w‖)·g_w. Concord scales it by K so that d matches `sum` (c = 0 gives
 * d = Σ g_i exactly), and writes it as a per-objective weighting:
 *   K·d_cagrad = Σ_j (1 + K·λ·w_j)·g_j with λ = ρ/‖g_w‖, i.e. C = diag(1 + K·λ·w_j).
 *
 * Solving for w exactly (Gram form: g_w·g0 = (wᵀG1)/K, ‖g_w‖² = wᵀGw, ‖g0‖² = 1ᵀG1/K²): using
 * ρ‖u‖ = min_{t>0} ‖u‖²/(2t) + ρ²t/2, and Σ_i w_i = 1,
 *   min_w F = min_{t>0} ψ(t),  ψ(t) = min_w ‖g_w + t·g0‖²/(2t) − (t/2)(1 − c²)‖g0‖²,
 * where the inner problem is a min-norm point of the shifted points g_i + t·g0 (Gram
 * G + t(b1ᵀ + 1bᵀ) + t²‖g0‖²11ᵀ with b_i = g_i·g0), solved exactly by minNormWeights. ψ is convex
 * and ψ'(t) = (ρ²t² − ‖g_w(t)‖²)/(2t²), so its minimiser is the single sign change of
 * h(t) = ρt − ‖g_w(t)‖ on [0, max_i‖g_i‖/ρ] (h ≥ 0 at the right end since ‖g_w‖ ≤ max_i‖g_i‖).
 * Stopping rule: bisection until the bracket is within 4ε of its right end (at most 400 halvings:
 * the sign change can sit far below the bracket's scale when the gradients' norms span 1e±10).
 *
 * Degenerate cases (no NaN): ρ = 0 (c = 0 or g0 = 0) gives C = I (d = K·g0 = Σ g_i). When the
 * sign change sits at t → 0 (h ≥ 0 down to 1e-12 of the bracket's start, 0 lies in the hull of
 * the g_i to the rounding of ‖g_w‖, and the ball around g0 reaches the dual cone
 * {v : v·g_i ≥ 0 ∀i}, both checked: otherwise the bisection goes on, since a tiny optimal
 * g_w ≠ 0, e.g. g = (−0.88, −8e-13) in d = 1, looks the same from above) the optimal g_w is zero. The formula
 * is then 0/0 and the maximisers are not unique; Concord returns the limit of d(t) = u(t)/t as
 * t → 0 (u(t) the min-norm point of the shifted hull), which is the projection of g0 onto the dual
 * cone: d = g0 + Σ_j μ_j g_j with μ = argmin_{μ≥0} ‖g0 + Σ_j μ_j g_j‖² (nnlsGram), a maximiser
 * with min_i g_i·d = 0. So C = diag(1 + K·μ_j).
 *
 * Conditioning: d is discontinuous where 0 is near the hull (the direction of a tiny optimal g_w
 * decides the correction of size ρ). From G alone (coefficients(), the engines) ‖g_w‖ = √(wᵀGw)
 * carries an absolute error of about √ε·max‖g_i‖ (the floor of simplex.ts), so results with
 * ‖g_w‖ below ~1e-4·max‖g_i‖ are accurate only to ε/(‖g_w‖/max‖g_i‖)², and d/K can leave the ball
 * by that relative amount. With the gradients at hand (project()) the same bisection runs on
 * their QR factor (cagradFromFactor): the min-norm points are NNLS on the shifted factor columns
 * ĝ_i + t·ĝ0 and ‖g_w‖ = ‖Σ w_i ĝ_i‖ is a vector norm, accurate to ε·max‖g_i‖. The result is
 * checked by cagradCertificate (certificate.ts): ball feasibility and a zero duality gap
 * F(w) − min_i g_i·d/K to the rounding of the data.
 */

import { normalizeGram } from '../metrics/scaled';
import {
  combinationNorm,
  dualConeMultipliers,
  type Factor,
  factorGram,
  minNormWeightsFactor,
} from '../qpFactor';
import { minNormWeights, nnlsGram, quadForm, splitDuplicates } from '../simplex';
import type { MethodSpec } from '../types';

/** What the bisection needs: min-norm weights of the hull of g_i + t·g0, ‖g_w‖, the cone limit. */
interface HullOracle {
  /** ‖g0‖ (on the factor a vector norm: the Gram sum 1ᵀG1/K² cancels when g0 is small). */
  g0norm: number;
  weightsAt(t: number): Float64Array;
  norm(w: Float64Array): number;
  /** The absolute rounding error of norm() for gradients of largest norm `maxNorm`. */
  floor(maxNorm: number): number;
  /** μ with g0 + Σ_j μ_j g_j the projection of g0 onto the dual cone. */
  coneLimit(): Float64Array;
}

function identity(K: number): Float64Array {
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) C[i * K + i] = 1;
  return C;
}

function diagonal(K: number, v: (j: number) => number): Float64Array {
  const C = new Float64Array(K * K);
  for (let j = 0; j < K; j++) C[j * K + j] = v(j);
  return C;
}

/** Bisection on h(t) = ρt − ‖g_w(t)‖ (above); G normalised, used for g0 and the bracket. */
function cagradSolve(G: Float64Array, K: number, c: number, oracle: HullOracle): Float64Array {
  let maxNorm = 0;
  for (let i = 0; i < K; i++) maxNorm = Math.max(maxNorm, Math.sqrt(Math.max(0, G[i * K + i])));
  const rho = c * oracle.g0norm;
  if (!(rho > 0) || !(maxNorm > 0)) return identity(K);
  let mu: Float64Array | null = null;
  const coneLimit = (): Float64Array => {
    mu ??= oracle.coneLimit();
    const m = mu;
    return diagonal(K, (j) => 1 + K * m[j]);
  };
  /** The ball reaches the dual cone: ‖Σ_j μ_j g_j‖ ≤ ρ (to rounding) at the cone limit. */
  const coneReached = (): boolean => {
    mu ??= oracle.coneLimit();
    let m = 0;
    for (let j = 0; j < K; j++) m += mu[j] * Math.sqrt(Math.max(0, G[j * K + j]));
    return oracle.norm(mu) <= rho + 64 * K * 2 ** -52 * (m + rho);
  };
  /** 0 lies in the hull of the g_i to rounding (else the optimal g_w is not zero, however small). */
  let zero: boolean | null = null;
  const zeroInHull = (): boolean => {
    zero ??= oracle.norm(oracle.weightsAt(0)) <= oracle.floor(maxNorm);
    return zero;
  };
  const top = maxNorm / rho;
  let lo = 0;
  let hi = top;
  let wHi: Float64Array | null = null;
  for (let it = 0; it < 400; it++) {
    const mid = 0.5 * (lo + hi);
    const w = oracle.weightsAt(mid);
    if (rho * mid - oracle.norm(w) < 0) lo = mid;
    else {
      hi = mid;
      wHi = w;
    }
    if (lo > 0 && hi - lo <= 4 * 2 ** -52 * hi) break;
    if (lo === 0 && hi < 1e-12 * top && zeroInHull() && coneReached()) return coneLimit();
  }
  const w = wHi ?? oracle.weightsAt(hi);
  const gw = oracle.norm(w);
  if (!(gw > 0)) return coneLimit();
  const lambda = rho / gw;
  return diagonal(K, (j) => 1 + K * lambda * w[j]);
}

export function cagradCoefficients(G0: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const G = normalizeGram(G0, K);
  const b = new Float64Array(K);
  let g0sq = 0;
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += G[i * K + j];
    b[i] = s / K;
    g0sq += s;
  }
  g0sq = Math.max(0, g0sq / (K * K));
  const H = new Float64Array(K * K);
  return cagradSolve(G, K, spec.c ?? 0.5, {
    g0norm: Math.sqrt(g0sq),
    weightsAt(t) {
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < K; j++) H[i * K + j] = G[i * K + j] + t * (b[i] + b[j]) + t * t * g0sq;
      }
      return minNormWeights(H, K);
    },
    norm: (w) => Math.sqrt(quadForm(G, K, w)),
    // wᵀGw is known to about Kε·max‖g_i‖², so its square root to √(Kε)·max‖g_i‖.
    floor: (maxNorm) => Math.sqrt(64 * K * 2 ** -52) * maxNorm,
    coneLimit: () =>
      nnlsGram(
        G,
        b.map((v) => -v),
        K,
      ),
  });
}

/** The same on the QR factor of the gradients (project()). */
export function cagradFromFactor(F: Factor, K: number, spec: MethodSpec): Float64Array {
  const { m, R } = F;
  const g0 = new Float64Array(m);
  for (let k = 0; k < K; k++) for (let a = 0; a < m; a++) g0[a] += R[k * m + a] / K;
  const V = new Float64Array(m * K);
  const uniform = new Float64Array(K).fill(1 / K);
  const G = factorGram(F, K);
  return cagradSolve(G, K, spec.c ?? 0.5, {
    g0norm: Math.hypot(...g0),
    weightsAt(t) {
      for (let k = 0; k < K; k++)
        for (let a = 0; a < m; a++) V[k * m + a] = R[k * m + a] + t * g0[a];
      // g_i = g_j exactly iff g_i + t·g0 = g_j + t·g0: the duplicates share their weight.
      return splitDuplicates(G, K, minNormWeightsFactor(V, m, K));
    },
    norm: (w) => combinationNorm(F, K, w),
    floor: (maxNorm) => 64 * K * 2 ** -52 * maxNorm,
    coneLimit: () => dualConeMultipliers(F, K, uniform),
  });
}
