/**
 * Two-phase flow (MATH.md §5): loss-flow with `method` until |I + ½| < ε_switch, then B-flow.
 *
 * The switch test is evaluated at the current point before each step. Since B = 1 + 2I,
 * |I + ½| = B/2 exactly; it is computed as B/2 from ‖Σg‖²/S, not from I + ½, which would cancel
 * to rounding noise right where the test matters. The step index t at which the B-flow first
 * runs is recorded as switchStep (null while still in the loss phase).
 */
import { InputError } from '../errors';
import type { Problem } from '../problems/types';
import { createMethodState, type MethodSpec } from '../types';
import { type BFlowOptions, createBFlow } from './bflow';
import { lossFlowFromGradients, requireStep } from './lossFlow';
import type { FlowStepper } from './types';

export interface TwoPhaseOptions {
  method: MethodSpec;
  /** Loss-flow step. */
  eta: number;
  /** Switch when |I + ½| < epsSwitch. */
  epsSwitch: number;
  /** The B-flow of the second phase (its own step η and variant). */
  bflow: BFlowOptions;
}

export interface TwoPhaseStepper extends FlowStepper {
  readonly phase: 'loss' | 'bflow';
  readonly switchStep: number | null;
}

export function createTwoPhase(problem: Problem, options: TwoPhaseOptions): TwoPhaseStepper {
  const eta = requireStep(options.eta);
  const eps = options.epsSwitch;
  if (typeof eps !== 'number' || !Number.isFinite(eps) || !(eps > 0)) {
    throw new InputError('epsSwitch', `must be a finite number > 0, got ${String(eps)}`);
  }
  const bflow = createBFlow(problem, options.bflow);
  let phase: 'loss' | 'bflow' = 'loss';
  let switchStep: number | null = null;
  const state = createMethodState();
  return {
    get phase() {
      return phase;
    },
    get switchStep() {
      return switchStep;
    },
    step(p, t) {
      if (phase === 'loss' && p.balance !== null && p.balance.B / 2 < eps) {
        phase = 'bflow';
        switchStep = t;
      }
      if (phase === 'bflow') return bflow.step(p, t);
      state.step = t;
      const next = lossFlowFromGradients(p.theta, p.g, problem.K, options.method, eta, state, t);
      return { theta: next, status: 'moved' };
    },
  };
}
