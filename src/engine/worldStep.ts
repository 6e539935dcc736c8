/**
 * One world of the CPU engine in float64: measure at θ, then advance one step of the flow.
 *
 * At θ_t: g_i = ∇L_i(θ_t), G = g gᵀ, s = Σ_i g_i, S = tr G, B = ‖s‖²/S (directly from s, never
 * 1 + 2I), I = Σ_{i<j} G_ij / S. The step at t is
 *   loss phase:  θ_{t+1} = θ_t − η·Σ_j w_j g_j with w_j = Σ_i C_ij, C = coefficients(G, K, spec)
 *                at step t (PCGrad's per-step order); mgda, cagrad and upgrad solve on
 *                the QR factor of the gradients (fromGradients.ts), as project() does;
 *   B-flow:      θ_{t+1} = θ_t − η·∇B, ∇B = (2/S)(H·s − B·Σ_i H_i g_i), H = Σ_i H_i.
 * Two-phase: a world in the loss phase whose |I(θ_t) + ½| < ε_switch switches at step t (the step
 * at t is already a B-flow step) and records t. Where S = 0 (B undefined) the B-flow step is
 * skipped (θ stays) and no switch happens. A non-finite gradient or a non-finite θ_{t+1} marks the
 * world diverged and keeps θ_t. The GPU kernels follow exactly this order.
 */
import { type Balance, balanceGrad, balanceOf } from '../core/flows/balanceGrad';
import { gram } from '../core/gram';
import { coefficientsFromGradients } from '../core/methods/fromGradients';
import {
  coefficients,
  directionWeights,
  stepDirection,
  VECTOR_METHODS,
} from '../core/methods/index';
import type { Problem } from '../core/problems/types';
import type { MethodSpec, MethodState } from '../core/types';
import { BLOCKED_MIN_D, blockedStep } from './blockedGram';
import { largeMeasure } from './largeGram';
import type { FlowKind } from './types';
import { WorldStatus } from './types';

export interface Measure {
  g: Float64Array;
  G: Float64Array;
  /** Balance (S, B, I, Σg) from the core; null where S = 0 or a gradient is not finite. */
  balance: Balance | null;
  /** NaN where S = 0. */
  B: number;
  I: number;
  S: number;
  finite: boolean;
}

/**
 * Gradients, Gram matrix and balance quantities at θ; for d ≥ BLOCKED_MIN_D in one blocked pass
 * over the gradients (largeGram.ts: SIMD on one or more threads, or blockedGram.ts), the same
 * quantities in another summation order.
 */
export function measure(problem: Problem, theta: Float64Array): Measure {
  const { K, d } = problem;
  const g = problem.gradients(theta);
  let finite = true;
  for (let k = 0; k < g.length; k++) if (!Number.isFinite(g[k])) finite = false;
  if (finite && d >= BLOCKED_MIN_D) {
    const b = largeMeasure(g, K, d);
    const balance = b.S > 0 || b.B >= 0 ? { S: b.S, B: b.B, I: b.I, sum: b.sum } : null;
    return {
      g,
      G: b.G,
      balance,
      B: balance ? b.B : Number.NaN,
      I: balance ? b.I : Number.NaN,
      S: balance ? b.S : 0,
      finite: Number.isFinite(b.S),
    };
  }
  const G = gram({ K, d, g });
  const balance = finite ? balanceOf(g, K, d) : null;
  return {
    g,
    G,
    balance,
    B: balance ? balance.B : Number.NaN,
    I: balance ? balance.I : Number.NaN,
    S: balance ? balance.S : 0,
    finite: finite && (balance === null || Number.isFinite(balance.S)),
  };
}

export interface WorldState {
  theta: Float64Array;
  phase: number;
  status: number;
  switchStep: number;
  /** What a stateful method carries across steps (GradVac targets, Nash-MTL warm start, seeds). */
  methodState?: MethodState;
}

/** Advances one world by one step at global step number `step`, in place. */
export function stepWorld(
  problem: Problem,
  ws: WorldState,
  spec: MethodSpec,
  flow: FlowKind,
  eta: number,
  epsSwitch: number,
  step: number,
): void {
  if (ws.status === WorldStatus.diverged) return;
  const { K, d } = problem;
  const m = measure(problem, ws.theta);
  if (!m.finite) {
    ws.status = WorldStatus.diverged;
    return;
  }
  ws.status = m.S > 0 ? WorldStatus.ok : WorldStatus.undefinedB;
  if (flow === 'two-phase' && ws.phase === 0 && Math.abs(m.I + 0.5) < epsSwitch) {
    ws.phase = 1;
    ws.switchStep = step;
  }
  const bflow = flow === 'bflow' || (flow === 'two-phase' && ws.phase === 1);
  const next = new Float64Array(ws.theta);
  if (bflow) {
    const gB = balanceGrad(problem, ws.theta, m.g, m.balance);
    if (gB === null) return;
    for (let k = 0; k < d; k++) next[k] -= eta * gB[k];
  } else {
    if (ws.methodState) ws.methodState.step = step;
    const at: MethodSpec = { ...spec, step };
    if (VECTOR_METHODS.includes(spec.id)) {
      // GradDrop, TrimmedMean: not in Gram form, the direction comes from the gradients.
      const dir = stepDirection({ K, d, g: m.g }, m.G, at, ws.methodState);
      for (let k = 0; k < d; k++) next[k] -= eta * dir[k];
    } else {
      // The QP methods solve on the QR factor of the gradients (fromGradients.ts).
      const C =
        coefficientsFromGradients({ K, d, g: m.g }, at) ?? coefficients(m.G, K, at, ws.methodState);
      const w = directionWeights(C, K);
      if (d >= BLOCKED_MIN_D) {
        blockedStep(
          next,
          m.g,
          Float64Array.from(w, (x) => eta * x),
          K,
        );
      } else {
        for (let j = 0; j < K; j++) {
          const f = eta * w[j];
          if (f !== 0) for (let k = 0; k < d; k++) next[k] -= f * m.g[j * d + k];
        }
      }
    }
  }
  for (let k = 0; k < d; k++) {
    if (!Number.isFinite(next[k])) {
      ws.status = WorldStatus.diverged;
      return;
    }
  }
  ws.theta.set(next);
}
