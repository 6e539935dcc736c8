/**
 * Independent per-world reference for the batch views: one world of loss-flow run step by step
 * with the float64 core (problem gradients, Gram matrix, method coefficients), keeping the last
 * finite θ when a gradient, a Gram entry or the next θ is not finite, and recording θ_t at every step.
 */
import { gram } from '../../src/core/gram';
import { coefficients, directionWeights } from '../../src/core/methods/index';
import type { Problem } from '../../src/core/problems/types';
import type { MethodSpec } from '../../src/core/types';

export interface CoreRun {
  /** θ_0..θ_T (stops growing once diverged). */
  thetas: Float64Array[];
  diverged: boolean;
}

export function coreLossFlow(
  problem: Problem,
  spec: MethodSpec,
  eta: number,
  start: Float64Array,
  steps: number,
): CoreRun {
  const { K, d } = problem;
  let theta = Float64Array.from(start);
  const thetas = [theta];
  for (let t = 0; t < steps; t++) {
    const g = problem.gradients(theta);
    const G = gram({ K, d, g });
    if (!g.every(Number.isFinite) || !G.every(Number.isFinite)) return { thetas, diverged: true };
    const w = directionWeights(coefficients(G, K, spec), K);
    const next = Float64Array.from(theta);
    for (let j = 0; j < K; j++) for (let k = 0; k < d; k++) next[k] -= eta * w[j] * g[j * d + k];
    if (!next.every(Number.isFinite)) return { thetas, diverged: true };
    theta = next;
    thetas.push(theta);
  }
  return { thetas, diverged: false };
}

/** F(θ) = Σ_i L_i(θ) and B(θ) = ‖Σ g_i‖²/Σ‖g_i‖² (null where S = 0). */
export function coreMeasures(
  problem: Problem,
  theta: Float64Array,
): { F: number; B: number | null } {
  const { K, d } = problem;
  const L = problem.losses(theta);
  const g = problem.gradients(theta);
  let F = 0;
  for (const v of L) F += v;
  let S = 0;
  const s = new Float64Array(d);
  for (let i = 0; i < K; i++) {
    for (let k = 0; k < d; k++) {
      S += g[i * d + k] ** 2;
      s[k] += g[i * d + k];
    }
  }
  let n = 0;
  for (const v of s) n += v * v;
  return { F, B: S > 0 ? n / S : null };
}

/** max_k |a_k − b_k| / max(1, |b_k|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let k = 0; k < b.length; k++)
    e = Math.max(e, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k])));
  return e;
}
