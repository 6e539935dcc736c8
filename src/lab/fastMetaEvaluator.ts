/**
 * A faster CPU evaluator of the meta-gradient's batches for the steelman search: the same
 * rollouts as the core (core/meta/rollout.ts: T steps of loss-flow with `interaction(A)` from
 * every start, scored by the core's metaLoss), with the interaction direction computed in one
 * pass instead of through the general projection:
 *   d = Σ_i g'_i = Σ_j w_j g_j,  w_j = Σ_i C_ij,  C_ii = 1,
 *   C_ij = −A_ij·m_ij·G_ij/G_jj for j ≠ i with G_jj > 0 (m_ij = conflict gate, MATH.md §2),
 * and θ_{t+1} = θ_t − η·d. B_t comes from the core's balanceOf, at the steps the meta-loss
 * reads (every step for mean log B, the last for final log B; null elsewhere). Agrees with the core's
 * evaluateMetaLosses to rounding (test/lab/steelman.test.ts); the GPU path is engineMeta.ts.
 */

import { InputError } from '../core/errors';
import { balanceOf } from '../core/flows/balanceGrad';
import { metaLoss, type ResolvedMetaOptions, type StartRollout } from '../core/meta/index';
import { isConflict } from '../core/metrics/conflict';
import { DEFAULT_TAU } from '../core/types';

/**
 * θ − η·d for loss-flow with interaction(A) at θ with gradients g (module comment); throws an
 * InputError naming η when the step leaves the finite numbers.
 */
export function interactionStepper(
  K: number,
  d: number,
  gating: 'conflicting' | 'all',
  tau: number = DEFAULT_TAU,
) {
  const G = new Float64Array(K * K);
  const n = new Float64Array(K);
  const w = new Float64Array(K);
  const all = gating === 'all';
  return (A: Float64Array, theta: Float64Array, g: Float64Array, eta: number, t: number) => {
    for (let i = 0; i < K; i++) {
      for (let j = i; j < K; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += g[i * d + k] * g[j * d + k];
        G[i * K + j] = s;
        G[j * K + i] = s;
      }
    }
    for (let i = 0; i < K; i++) n[i] = Math.sqrt(G[i * K + i]);
    w.fill(1);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const a = A[i * K + j];
        const gjj = G[j * K + j];
        if (j === i || a === 0 || !(gjj > 0)) continue;
        if (!all && !isConflict(G[i * K + j], n[i], n[j], tau)) continue;
        w[j] -= a * (G[i * K + j] / gjj);
      }
    }
    const next = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      let dir = 0;
      for (let j = 0; j < K; j++) dir += w[j] * g[j * d + k];
      next[k] = theta[k] - eta * dir;
      if (!Number.isFinite(next[k])) {
        throw new InputError('eta', `inner rollout diverged at step ${t + 1}; lower eta`);
      }
    }
    return next;
  };
}

export function fastMetaEvaluator(o: ResolvedMetaOptions) {
  const { problem, starts, T, eta } = o;
  const { K, d } = problem;
  const step = interactionStepper(K, d, o.gating ?? 'conflicting', o.tau ?? DEFAULT_TAU);
  const everyB = o.loss === 'mean-log-b';
  const lastB = o.loss === 'final-log-b';
  const rollout = (A: Float64Array, theta0: Float64Array): StartRollout => {
    const F = new Float64Array(T + 1);
    const B: (number | null)[] = [];
    let theta = Float64Array.from(theta0);
    let g = problem.gradients(theta);
    let L = problem.losses(theta);
    for (let t = 0; ; t++) {
      let f = 0;
      for (let i = 0; i < K; i++) f += L[i];
      F[t] = f;
      B.push(everyB || (lastB && t === T) ? (balanceOf(g, K, d)?.B ?? null) : null);
      if (t === T) break;
      theta = step(A, theta, g, eta, t);
      g = problem.gradients(theta);
      L = problem.losses(theta);
    }
    return { theta, B, F, losses: L, gradients: g };
  };
  return async (matrices: Float64Array[]): Promise<Float64Array> => {
    const out = new Float64Array(matrices.length);
    for (let m = 0; m < matrices.length; m++) {
      out[m] = metaLoss(
        o.loss,
        starts.map((s) => rollout(matrices[m], s)),
        problem,
      );
    }
    return out;
  };
}
