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
 * Stopping rule: bisection until the bracket is within 4ε of its right end (at most 200 halvings).
 *
 * Degenerate cases (no NaN): ρ = 0 (c = 0 or g0 = 0) gives C = I (d = K·g0 = Σ g_i). When the
 * sign change sits at t → 0 (h ≥ 0 down to 1e-12 of the bracket's start) the optimal g_w is zero:
 * 0 lies in the hull and the ball around g0 reaches the dual cone {v : v·g_i ≥ 0 ∀i}. The formula
 * is then 0/0 and the maximisers are not unique; Concord returns the limit of d(t) = u(t)/t as
 * t → 0 (u(t) the min-norm point of the shifted hull), which is the projection of g0 onto the dual
 * cone: d = g0 + Σ_j μ_j g_j with μ = argmin_{μ≥0} ‖g0 + Σ_j μ_j g_j‖² (nnlsGram), a maximiser
 * with min_i g_i·d = 0. So C = diag(1 + K·μ_j).
 *
 * Conditioning: d is discontinuous where 0 is near the hull (the direction of a tiny optimal g_w
 * decides the correction of size ρ), and in Gram form ‖g_w‖ carries an absolute error of about
 * √ε·max‖g_i‖; results with ‖g_w‖ below ~1e-4·max‖g_i‖ are accurate only to ε/(‖g_w‖/max‖g_i‖)².
 */

import { normalizeGram } from '../metrics/scaled';
import { minNormWeights, nnlsGram, quadForm } from '../simplex';
import type { MethodSpec } from '../types';

function identity(K: number): Float64Array {
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) C[i * K + i] = 1;
  return C;
}

/** C = diag(1 + K·μ_j) for the projection g0 + Σ_j μ_j g_j of g0 onto the dual cone (b = G1/K). */
function dualConeLimit(G: Float64Array, K: number, b: Float64Array): Float64Array {
  const rhs = new Float64Array(K);
  for (let j = 0; j < K; j++) rhs[j] = -b[j];
  const mu = nnlsGram(G, rhs, K);
  const C = new Float64Array(K * K);
  for (let j = 0; j < K; j++) C[j * K + j] = 1 + K * mu[j];
  return C;
}

export function cagradCoefficients(G0: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const c = spec.c ?? 0.5;
  const G = normalizeGram(G0, K);
  const b = new Float64Array(K);
  let g0sq = 0;
  let maxNorm = 0;
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += G[i * K + j];
    b[i] = s / K;
    g0sq += s;
    maxNorm = Math.max(maxNorm, Math.sqrt(Math.max(0, G[i * K + i])));
  }
  g0sq = Math.max(0, g0sq / (K * K));
  const rho = c * Math.sqrt(g0sq);
  if (!(rho > 0) || !(maxNorm > 0)) return identity(K);

  const H = new Float64Array(K * K);
  const weightsAt = (t: number): Float64Array => {
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) H[i * K + j] = G[i * K + j] + t * (b[i] + b[j]) + t * t * g0sq;
    }
    return minNormWeights(H, K);
  };
  const top = maxNorm / rho;
  let lo = 0;
  let hi = top;
  let wHi: Float64Array | null = null;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    const w = weightsAt(mid);
    if (rho * mid - Math.sqrt(quadForm(G, K, w)) < 0) lo = mid;
    else {
      hi = mid;
      wHi = w;
    }
    if (lo > 0 && hi - lo <= 4 * 2 ** -52 * hi) break;
    if (lo === 0 && hi < 1e-12 * top) return dualConeLimit(G, K, b);
  }
  const w = wHi ?? weightsAt(hi);
  const gw = Math.sqrt(quadForm(G, K, w));
  if (!(gw > 0)) return dualConeLimit(G, K, b);
  const lambda = rho / gw;
  const C = new Float64Array(K * K);
  for (let j = 0; j < K; j++) C[j * K + j] = 1 + K * lambda * w[j];
  return C;
}
