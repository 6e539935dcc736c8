/**
 * Loss-flow (MATH.md §5): one step θ ← θ − η·d, with d = Σ_i g'_i the direction of the
 * projection method `spec` (MATH.md §2) applied to the gradients g_i = ∇L_i(θ).
 * With spec `sum`, d = ∇F and this is plain gradient descent on F = Σ_i L_i.
 */
import { InputError } from '../errors';
import { project } from '../methods/index';
import type { Problem } from '../problems/types';
import { requirePoint } from '../problems/validate';
import type { MethodSpec, MethodState } from '../types';

/** Throws unless η is a finite number > 0. */
export function requireStep(eta: unknown, field = 'eta'): number {
  if (typeof eta !== 'number' || !Number.isFinite(eta) || !(eta > 0)) {
    throw new InputError(field, `must be a finite number > 0, got ${String(eta)}`);
  }
  return eta;
}

/**
 * θ − η·d for d the direction of `spec` at the given gradients (row-major K×d), at flow step
 * `step` (selects PCGrad's per-step permutation). `state` carries a stateful method across the
 * steps of one run (GradVac targets, Nash-MTL warm start, the step number that seeds RLW and
 * GradDrop).
 */
export function lossFlowFromGradients(
  theta: Float64Array,
  g: Float64Array,
  K: number,
  spec: MethodSpec,
  eta: number,
  state?: MethodState,
  step = 0,
): Float64Array {
  const d = theta.length;
  const { direction } = project({ K, d, g }, step === 0 ? spec : { ...spec, step }, state);
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) out[k] = theta[k] - eta * direction[k];
  return out;
}

/** One loss-flow step from θ; returns the new θ (θ itself is not modified). */
export function lossFlowStep(
  problem: Problem,
  theta: Float64Array,
  spec: MethodSpec,
  eta: number,
): Float64Array {
  requirePoint(theta, problem.d);
  requireStep(eta);
  return lossFlowFromGradients(theta, problem.gradients(theta), problem.K, spec, eta);
}
