/**
 * Inner rollout of the meta-learning (MATH.md §6): T steps of loss-flow θ ← θ − η·d with
 * d from `interaction(A)` (spec {id: 'interaction', A, gating, tau}), from each start θ_0.
 * The step is lossFlowStep's, taken from the gradients already evaluated for B_t
 * (lossFlowFromGradients), so each step costs one gradient evaluation.
 *
 * Per step t = 0..T it records F(θ_t) = Σ_i L_i(θ_t) and B_t = ‖Σ_i g_i‖² / S, S = Σ_i ‖g_i‖²
 * (MATH.md §4; balanceOf of flows/balanceGrad.ts, computed directly from Σ g_i). B is
 * undefined when S = 0 (every gradient vanishes) and is recorded as null. A step that leaves θ, a loss or a gradient non-finite means η is too large for this A: that
 * is reported as an InputError on `eta` rather than carried on as NaN.
 */
import { check, InputError } from '../errors';
import { balanceOf } from '../flows/balanceGrad';
import { lossFlowFromGradients } from '../flows/lossFlow';
import type { Problem } from '../problems/types';
import type { MethodSpec } from '../types';

export interface RolloutOptions {
  /** Inner steps T ≥ 0. */
  T: number;
  /** Inner step size η > 0. */
  eta: number;
  gating?: 'conflicting' | 'all';
  /** Conflict tolerance τ (method default when absent). */
  tau?: number;
}

export interface StartRollout {
  /** θ_T. */
  readonly theta: Float64Array;
  /** B_t for t = 0..T; null where S = 0. */
  readonly B: (number | null)[];
  /** F(θ_t) for t = 0..T. */
  readonly F: Float64Array;
  /** L_i(θ_T). */
  readonly losses: Float64Array;
  /** g_i(θ_T), row-major K×d. */
  readonly gradients: Float64Array;
}

/** The interaction method spec for A (row-major K×K). */
export function interactionSpec(A: Float64Array, opts: RolloutOptions): MethodSpec {
  const spec: MethodSpec = { id: 'interaction', A, gating: opts.gating ?? 'conflicting' };
  if (opts.tau !== undefined) spec.tau = opts.tau;
  return spec;
}

/** Validates T and η. */
export function requireRolloutOptions(opts: RolloutOptions): void {
  check(Number.isInteger(opts.T) && opts.T >= 0, 'T', `must be an integer ≥ 0, got ${opts.T}`);
  check(Number.isFinite(opts.eta) && opts.eta > 0, 'eta', `must be > 0, got ${opts.eta}`);
}

/** One rollout of T steps from θ_0. */
export function rolloutFrom(
  problem: Problem,
  A: Float64Array,
  theta0: Float64Array,
  opts: RolloutOptions,
): StartRollout {
  const { K, d } = problem;
  const spec = interactionSpec(A, opts);
  const F = new Float64Array(opts.T + 1);
  const B: (number | null)[] = [];
  let theta: Float64Array = Float64Array.from(theta0);
  let g = problem.gradients(theta);
  let L = problem.losses(theta);
  for (let t = 0; ; t++) {
    let f = 0;
    for (let i = 0; i < K; i++) f += L[i];
    F[t] = f;
    B.push(balanceOf(g, K, d)?.B ?? null);
    if (t === opts.T) break;
    theta = lossFlowFromGradients(theta, g, K, spec, opts.eta);
    if (!allFinite(theta)) diverged(t + 1);
    g = problem.gradients(theta);
    L = problem.losses(theta);
    if (!allFinite(g) || !allFinite(L)) diverged(t + 1);
  }
  return { theta, B, F, losses: L, gradients: g };
}

function allFinite(x: Float64Array): boolean {
  for (let k = 0; k < x.length; k++) if (!Number.isFinite(x[k])) return false;
  return true;
}

function diverged(step: number): never {
  throw new InputError(
    'eta',
    `inner rollout diverged at step ${step} (non-finite θ, loss or gradient); lower eta`,
  );
}

/** Rollouts of T steps from each start, in order. */
export function rollout(
  problem: Problem,
  A: Float64Array,
  starts: readonly Float64Array[],
  opts: RolloutOptions,
): StartRollout[] {
  requireRolloutOptions(opts);
  check(starts.length > 0, 'starts', 'needs at least one start');
  return starts.map((s) => rolloutFrom(problem, A, s, opts));
}
