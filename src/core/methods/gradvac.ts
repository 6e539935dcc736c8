/**
 * `gradvac`, Gradient Vaccine (Wang et al. 2021, "Gradient Vaccine: Investigating and Improving
 * Multi-Task Optimization in Massively Multilingual Models", Algorithm 1). For each i: p ← g_i;
 * for j ≠ i in the order of row i of the order table (pcgradOrders: seeded or ascending):
 *   φ = cos(p, g_j);  if φ < φ̂_ij:
 *     p ← p + ‖p‖·(φ̂_ij·√(1 − φ²) − φ·√(1 − φ̂_ij²)) / (‖g_j‖·√(1 − φ̂_ij²)) · g_j,
 *   then φ̂_ij ← (1 − β)·φ̂_ij + β·φ   (Eq. 3: the running target, updated after its use);
 * g'_i = p, d = Σ_i g'_i. The adjustment sets cos(p, g_j) to exactly φ̂_ij (for the p it starts
 * from). φ̂ is the K×K matrix of running targets, starting at 0 (so the first step is PCGrad's
 * rule), kept across steps in MethodState.gradvacTargets per world; it is the nearest published
 * relative of Concord's learned interaction matrix A (the live view shows it in the A heatmap).
 * spec.target fixes φ̂_ij = φᵀ for all pairs (φᵀ = 0 is PCGrad), spec.beta is β (default 0.01).
 *
 * Gram form: p = Σ_k c_k g_k, p·g_j = (cᵀG)_j, ‖p‖² = cᵀGc, as in pcgrad.ts. Sum-like as
 * published. Without a state the targets are zeros and nothing is kept.
 */
import { normsFromGram } from '../gram';
import type { MethodSpec, MethodState } from '../types';
import { pcgradOrders } from './pcgrad';

export function gradvacCoefficients(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
  state?: MethodState,
): Float64Array {
  const beta = spec.beta ?? 0.01;
  let T = state?.gradvacTargets ?? null;
  if (!T || T.length !== K * K) T = new Float64Array(K * K);
  const orders = pcgradOrders(K, spec.seed ?? 0, spec.order ?? 'random');
  const n = normsFromGram(G, K);
  const C = new Float64Array(K * K);
  const c = new Float64Array(K);
  const v = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    c.fill(0);
    c[i] = 1;
    for (let k = 0; k < K; k++) v[k] = G[i * K + k];
    for (let s = 0; s < K - 1; s++) {
      const j = orders[i * (K - 1) + s];
      let pp = 0;
      for (let k = 0; k < K; k++) pp += c[k] * v[k];
      const np = Math.sqrt(Math.max(0, pp));
      if (!(np > 0) || !(n[j] > 0)) continue;
      const phi = Math.max(-1, Math.min(1, v[j] / (np * n[j])));
      const target = spec.target ?? T[i * K + j];
      if (phi < target) {
        const st = Math.sqrt(1 - target * target);
        const t = (np * (target * Math.sqrt(1 - phi * phi) - phi * st)) / (n[j] * st);
        c[j] += t;
        for (let k = 0; k < K; k++) v[k] += t * G[j * K + k];
      }
      T[i * K + j] = (1 - beta) * T[i * K + j] + beta * phi;
    }
    C.set(c, i * K);
  }
  if (state) state.gradvacTargets = T;
  return C;
}
