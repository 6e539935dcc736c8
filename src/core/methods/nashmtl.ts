/**
 * `nashmtl`, Nash-MTL (Navon et al. 2022, "Multi-Task Learning as a Bargaining Game"): the
 * Nash bargaining solution d = Σ_j α_j g_j with α > 0 solving Gα = 1/α (componentwise), i.e.
 * d·g_i = 1/α_i for every i. G is first normalised by its Frobenius norm as TorchJD does
 * (Q = G/‖G‖_F), so α is scale-free and d is linear under g → s·g.
 *
 * Solved exactly rather than by the paper's sequence of convex-concave linearisations: Gα = 1/α
 * is the stationarity condition of the strictly convex f(α) = ½αᵀQ̃α − Σ_i log α_i, minimised by
 * Newton's method with backtracking that keeps α > 0, where Q̃ = Q + 1e-8·I (without the ridge f
 * is unbounded below when 0 lies in the gradients' hull along a singular direction of G: then no
 * bargaining solution exists, and the ridge gives a small d instead of none). Stopping rule, per
 * row at the rounding level of its own terms: |(Q̃α)_i − 1/α_i| ≤ 4Kε·(Σ_j |Q̃_ij α_j| + 1/α_i)
 * (near-singular G makes α large and (Q̃α)_i a cancelling sum, so ‖1/α‖ alone is not a floor
 * any arithmetic reaches), at most 100 Newton steps (quadratic convergence
 * takes ~10; past the rounding level the last steps only polish). Warm start: the previous step's α when
 * a MethodState is given (the engine keeps one per world), else α = 1.
 * On every hard input family (nearly antiparallel, duplicated, K > d, rows over 1e±10,
 * near-Pareto-stationary, zero rows) α stays finite and positive and meets the stopping rule
 * (test/core-methods/hardWeightings.test.ts).
 * C = diag(α). Convention: sum-like (equal gradients give d = K·g), as published; TorchJD also
 * caps ‖d‖ at max_norm = 1, which Concord leaves out (the step size is η).
 */
import type { MethodSpec, MethodState } from '../types';
import { diagonal } from './gramPinv';

const RIDGE = 1e-8;

/** Solves H x = r for symmetric positive definite H by Cholesky (in place on copies). */
function choleskySolve(H: Float64Array, r: Float64Array, K: number): Float64Array | null {
  const L = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[i * K + j];
      for (let k = 0; k < j; k++) s -= L[i * K + k] * L[j * K + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * K + i] = Math.sqrt(s);
      } else L[i * K + j] = s / L[j * K + j];
    }
  }
  const x = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i * K + k] * x[k];
    x[i] = s / L[i * K + i];
  }
  for (let i = K - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < K; k++) s -= L[k * K + i] * x[k];
    x[i] = s / L[i * K + i];
  }
  return x;
}

/** α of the module comment for the normalised Gram Q̃. */
export function nashWeights(G: Float64Array, K: number, start: Float64Array | null): Float64Array {
  let fro = 0;
  for (let k = 0; k < K * K; k++) fro += G[k] * G[k];
  fro = Math.sqrt(fro);
  const Q = new Float64Array(K * K);
  for (let k = 0; k < K * K; k++) Q[k] = fro > 0 ? G[k] / fro : 0;
  for (let i = 0; i < K; i++) Q[i * K + i] += RIDGE;
  const f = (a: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < K; i++) {
      let r = 0;
      for (let j = 0; j < K; j++) r += Q[i * K + j] * a[j];
      s += 0.5 * a[i] * r - Math.log(a[i]);
    }
    return s;
  };
  let a = new Float64Array(K).fill(1);
  if (start && start.length === K && start.every((x) => x > 0 && Number.isFinite(x))) {
    a = Float64Array.from(start);
  }
  const grad = new Float64Array(K);
  const H = new Float64Array(K * K);
  for (let it = 0; it < 100; it++) {
    let converged = true;
    for (let i = 0; i < K; i++) {
      let r = 0;
      let size = 1 / a[i];
      for (let j = 0; j < K; j++) {
        r += Q[i * K + j] * a[j];
        size += Math.abs(Q[i * K + j] * a[j]);
      }
      grad[i] = r - 1 / a[i];
      if (Math.abs(grad[i]) > 4 * K * 2 ** -52 * size) converged = false;
    }
    if (converged) break;
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) H[i * K + j] = Q[i * K + j] + (i === j ? 1 / (a[i] * a[i]) : 0);
    }
    const step = choleskySolve(H, grad, K);
    if (!step) break;
    let t = 1;
    for (let i = 0; i < K; i++) if (step[i] > 0) t = Math.min(t, (0.99 * a[i]) / step[i]);
    const f0 = f(a);
    let slope = 0;
    for (let i = 0; i < K; i++) slope -= grad[i] * step[i];
    const next = new Float64Array(K);
    // Near the solution the decrease −slope·t falls below the rounding of f: no line search can
    // see it, and the full (positivity-capped) Newton step is taken, which converges quadratically.
    const rounding = -slope <= 1e-10 * (1 + Math.abs(f0));
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < K; i++) next[i] = a[i] - t * step[i];
      if (rounding || f(next) <= f0 + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    a = next;
  }
  return a;
}

export function nashmtlCoefficients(
  G: Float64Array,
  K: number,
  _spec: MethodSpec,
  state?: MethodState,
): Float64Array {
  const a = nashWeights(G, K, state?.nashAlpha ?? null);
  if (state) state.nashAlpha = Float64Array.from(a);
  return diagonal(a, K);
}
