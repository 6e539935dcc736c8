/**
 * Shared shapes of the flows of MATH.md §5. A flow is driven one step at a time by a stepper
 * that receives the current point already evaluated (θ, its gradients and its balance), so the
 * runner and the stepper never compute the same gradients twice.
 */
import type { Balance } from './balanceGrad';

export interface FlowPoint {
  readonly theta: Float64Array;
  /** g_i = ∇L_i(θ), row-major K×d. */
  readonly g: Float64Array;
  /** S, B, I at θ; null where B is undefined (S = 0). */
  readonly balance: Balance | null;
}

/**
 * 'moved': θ changed. 'stalled': no acceptable step (line search or damping exhausted, or ∇B = 0);
 * θ is returned unchanged.
 */
export type StepStatus = 'moved' | 'stalled';

export interface StepResult {
  readonly theta: Float64Array;
  readonly status: StepStatus;
}

export interface FlowStepper {
  /** One step from point p, the t-th of the run (t = 0, 1, ...). */
  step(p: FlowPoint, t: number): StepResult;
}
