/**
 * runFlow: a loss-flow, B-flow or two-phase run (MATH.md §5) on a Problem, summarised.
 *
 * Steps t = 0..steps−1 each evaluate θ_t (losses, gradients, S, B, I), record it, test the
 * tolerances, then step; θ_steps is evaluated last. The record is bounded: every `stride`-th
 * step with stride = ⌈(steps + 1)/m⌉, m = min(maxRecords, RECORD_MAX_LOSSES/K) (every step when
 * steps < m), plus the last point evaluated. F − F* can come out a rounding-level negative
 * number (F* is itself a rounded value). The run never throws on what the flow runs into; it stops and says why:
 *  - 'b-undefined': S = 0 at θ_t (every gradient exactly zero, e.g. the CAGrad toy's line
 *    x2 = 0): B and I are undefined; nothing is recorded for that point.
 *  - 'non-finite': a new θ, a gradient or a loss is NaN or infinite; the last finite θ is kept.
 *  - 'stalled': the step could not move θ (line search or damping exhausted, ∇B = 0, or a
 *    fixed point in floating point: θ_{t+1} = θ_t bitwise).
 *  - 'method-error': the step threw an InputError: the projection method rejected the gradients
 *    it met, or the problem rejected a point or vector the step produced.
 *  - 'interrupted': the caller stopped the run (startFlow's interrupt, runFlow's signal); the
 *    summary is partial.
 * The method specification and every option are validated before
 *    the first step, so an InputError thrown by runFlow always means bad options.
 * Steps to tolerance: the first t with B(θ_t) ≤ tolB, and with F(θ_t) − F* ≤ tolF (F* known).
 */
import { InputError } from '../errors';
import { validateSpec } from '../methods/spec';
import type { Problem } from '../problems/types';
import { requireInt, requirePoint, requireReal } from '../problems/validate';
import { createMethodState, METHOD_IDS, type MethodSpec } from '../types';
import { balanceOf } from './balanceGrad';
import { createBFlow, type GaussNewtonOptions, type LineSearchOptions } from './bflow';
import type { FlowStop, FlowSummary } from './flowSummary';
import { lossFlowFromGradients, requireStep } from './lossFlow';
import { createTwoPhase, type TwoPhaseStepper } from './twoPhase';
import type { FlowStepper } from './types';

export type { FlowRecord, FlowStop, FlowSummary } from './flowSummary';

export const FLOW_KINDS = ['loss', 'bflow', 'two-phase'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export interface FlowOptions {
  kind: FlowKind;
  /** Projection method of the loss-flow (kinds 'loss' and 'two-phase'). Default sum. */
  method?: MethodSpec;
  /** Step size: of the loss-flow, or of the B-flow for kind 'bflow'. */
  eta: number;
  /** B-flow step of the second phase of 'two-phase'. Default eta. */
  etaB?: number;
  steps: number;
  lineSearch?: boolean | LineSearchOptions;
  gaussNewton?: boolean | GaussNewtonOptions;
  /** Two-phase switch threshold on |I + ½|. Default 1e-2. */
  epsSwitch?: number;
  /** Default 1e-10. */
  tolB?: number;
  /** Default 1e-10. */
  tolF?: number;
  /** A point, or an index into problem.starts(). Default 0. */
  start?: ArrayLike<number> | number;
  /** Bound on the number of recorded points. Default 10001. */
  maxRecords?: number;
}

/** Bound on the recorded losses (points × K), 32 MiB of float64; lowers maxRecords for large K. */
export const RECORD_MAX_LOSSES = 1 << 22;

/** Record every stride-th step: stride = ⌈(steps + 1)/m⌉, m = min(maxRecords, ⌊2^22/K⌋) ≥ 2. */
export function recordStride(steps: number, maxRecords: number, K: number): number {
  const limit = Math.max(2, Math.min(maxRecords, Math.floor(RECORD_MAX_LOSSES / K)));
  return Math.max(1, Math.ceil((steps + 1) / limit));
}

const allFinite = (x: ArrayLike<number>): boolean => {
  for (let k = 0; k < x.length; k++) if (!Number.isFinite(x[k])) return false;
  return true;
};

function startPoint(problem: Problem, start: FlowOptions['start']): Float64Array {
  if (start === undefined || typeof start === 'number') {
    const starts = problem.starts();
    const i = requireInt(start ?? 0, 0, starts.length - 1, 'start');
    return Float64Array.from(starts[i]);
  }
  requirePoint(start, problem.d, 'start');
  return Float64Array.from(start);
}

/** The method spec (default sum), validated for K objectives before the run starts. */
function requireMethod(m: MethodSpec | undefined, K: number): MethodSpec {
  const spec = m ?? { id: 'sum' };
  if (typeof spec !== 'object' || spec === null || !METHOD_IDS.includes(spec.id)) {
    throw new InputError('method', `must be a method spec with id in ${METHOD_IDS.join(', ')}`);
  }
  validateSpec(spec, K);
  return spec;
}

function makeStepper(problem: Problem, o: FlowOptions, eta: number): FlowStepper {
  const bflow = { eta, lineSearch: o.lineSearch, gaussNewton: o.gaussNewton };
  switch (o.kind) {
    case 'loss': {
      const spec = requireMethod(o.method, problem.K);
      const state = createMethodState();
      return {
        step: (p, t) => {
          state.step = t;
          return {
            theta: lossFlowFromGradients(p.theta, p.g, problem.K, spec, eta, state, t),
            status: 'moved',
          };
        },
      };
    }
    case 'bflow':
      return createBFlow(problem, bflow);
    case 'two-phase':
      return createTwoPhase(problem, {
        method: requireMethod(o.method, problem.K),
        eta,
        epsSwitch: o.epsSwitch ?? 1e-2,
        bflow: { ...bflow, eta: requireStep(o.etaB ?? eta, 'etaB') },
      });
    default:
      throw new InputError('kind', `must be one of ${FLOW_KINDS.join(', ')}`);
  }
}

/** Something that can ask a run to stop (an AbortSignal satisfies it). */
export interface StopSignal {
  readonly aborted: boolean;
}

/**
 * A flow run advanced in slices, so that a caller can report progress and let its event loop
 * run between slices (the command line's Ctrl-C, a worker's messages). runFlow is one slice.
 */
export interface FlowRun {
  /** Steps taken so far. */
  readonly step: number;
  /** Steps the run was asked for. */
  readonly steps: number;
  /** Whether the run has ended (steps reached, or a stop of FlowStop). */
  readonly done: boolean;
  /** Takes up to `n` more steps; returns done. */
  advance(n: number): boolean;
  /** Ends the run where it is: its summary stops with 'interrupted' (unless already done). */
  interrupt(): void;
  /** The summary of the run as it stands (call once done or interrupted). */
  summary(): FlowSummary;
}

/** Options that validate and start a run; every check happens here, before the first step. */
export function startFlow(problem: Problem, options: FlowOptions): FlowRun {
  const { K } = problem;
  const eta = requireStep(options.eta);
  const steps = requireInt(options.steps, 0, 10_000_000, 'steps');
  const tolB = requireReal(options.tolB ?? 1e-10, 0, Infinity, 'tolB');
  const tolF = requireReal(options.tolF ?? 1e-10, 0, Infinity, 'tolF');
  const maxRecords = requireInt(options.maxRecords ?? 10_001, 2, 10_000_000, 'maxRecords');
  let theta = startPoint(problem, options.start);
  const stepper = makeStepper(problem, options, eta);

  const stride = recordStride(steps, maxRecords, K);
  const cap = Math.ceil((steps + 1) / stride) + 1;
  const rec = {
    step: new Int32Array(cap),
    B: new Float64Array(cap),
    I: new Float64Array(cap),
    F: new Float64Array(cap),
    losses: new Float64Array(cap * K),
  };
  let n = 0;
  let lastRecorded = -1;
  const push = (t: number, B: number, I: number, F: number, L: Float64Array): void => {
    rec.step[n] = t;
    rec.B[n] = B;
    rec.I[n] = I;
    rec.F[n] = F;
    rec.losses.set(L, n * K);
    n++;
    lastRecorded = t;
  };

  let t = 0;
  let done = false;
  let stop: FlowStop = 'steps';
  let message: string | null = null;
  let stepsToTolB: number | null = null;
  let stepsToTolF: number | null = null;
  let last: { t: number; B: number; I: number; F: number; L: Float64Array } | null = null;
  let finalF: number | null = null;

  /** Evaluates θ_t, records it, and steps to θ_{t+1} unless the run ends; returns done. */
  const stepOnce = (): boolean => {
    // last and finalF always describe the current θ (null where unavailable).
    last = null;
    finalF = null;
    const L = problem.losses(theta);
    const g = problem.gradients(theta);
    if (!allFinite(L) || !allFinite(g)) {
      stop = 'non-finite';
      message = `a loss or gradient is not finite at step ${t}`;
      return true;
    }
    let F = 0;
    for (let i = 0; i < K; i++) F += L[i];
    finalF = F;
    const balance = balanceOf(g, K, problem.d);
    if (balance === null) {
      stop = 'b-undefined';
      message = `every gradient is zero at step ${t}: B is undefined`;
      return true;
    }
    last = { t, B: balance.B, I: balance.I, F, L };
    if (t % stride === 0) push(t, balance.B, balance.I, F, L);
    if (stepsToTolB === null && balance.B <= tolB) stepsToTolB = t;
    if (stepsToTolF === null && problem.Fstar !== null && F - problem.Fstar <= tolF) {
      stepsToTolF = t;
    }
    if (t === steps) return true;
    let next: Float64Array;
    try {
      const res = stepper.step({ theta, g, balance }, t);
      if (res.status === 'stalled') {
        stop = 'stalled';
        message = `no acceptable step at step ${t}`;
        return true;
      }
      next = res.theta;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      stop = 'method-error';
      message = `at step ${t}: ${e.message}`;
      return true;
    }
    if (!allFinite(next)) {
      stop = 'non-finite';
      message = `θ is not finite after step ${t}`;
      return true;
    }
    if (next.every((x, k) => x === theta[k])) {
      stop = 'stalled';
      message = `θ did not change at step ${t} (a fixed point in floating point)`;
      return true;
    }
    theta = next;
    t++;
    return false;
  };

  const finish = (): void => {
    done = true;
    const l = last as { t: number; B: number; I: number; F: number; L: Float64Array } | null;
    if (l !== null && lastRecorded !== l.t) push(l.t, l.B, l.I, l.F, l.L);
  };

  const summary = (): FlowSummary => {
    const Fstar = problem.Fstar;
    const thetaStar = problem.thetaStar;
    let dist: number | null = null;
    if (thetaStar !== null) {
      let s = 0;
      for (let k = 0; k < theta.length; k++) s += (theta[k] - thetaStar[k]) ** 2;
      dist = Math.sqrt(s);
    }
    const twoPhase = options.kind === 'two-phase' ? (stepper as TwoPhaseStepper) : null;
    const l = last as { B: number; I: number } | null;
    return {
      kind: options.kind,
      steps: t,
      stop,
      message,
      bUndefined: stop === 'b-undefined',
      nonFinite: stop === 'non-finite',
      record: {
        step: rec.step.slice(0, n),
        B: rec.B.slice(0, n),
        I: rec.I.slice(0, n),
        F: rec.F.slice(0, n),
        losses: rec.losses.slice(0, n * K),
        stride,
      },
      finalTheta: theta,
      finalB: l?.B ?? null,
      finalI: l?.I ?? null,
      finalF,
      Fstar,
      gapF: finalF !== null && Fstar !== null ? finalF - Fstar : null,
      distToThetaStar: dist,
      tolB,
      tolF,
      stepsToTolB,
      stepsToTolF,
      switchStep: twoPhase?.switchStep ?? null,
    };
  };

  return {
    get step() {
      return t;
    },
    steps,
    get done() {
      return done;
    },
    advance(count) {
      for (let k = 0; k < count && !done; k++) if (stepOnce()) finish();
      return done;
    },
    interrupt() {
      if (done) return;
      stop = 'interrupted';
      message = `interrupted at step ${t} of ${steps}`;
      finish();
    },
    summary,
  };
}

/** Steps between two onProgress calls and stop checks of runFlow. */
export const PROGRESS_EVERY = 64;

/**
 * Runs a flow to its end. With `onProgress`, reports (steps taken, steps asked) every
 * PROGRESS_EVERY steps and at the end; with `signal`, stops with 'interrupted' at the first check
 * that finds it aborted (the partial summary says so; it is not a completed run).
 */
export function runFlow(
  problem: Problem,
  options: FlowOptions,
  hooks: { onProgress?: (step: number, steps: number) => void; signal?: StopSignal } = {},
): FlowSummary {
  const run = startFlow(problem, options);
  while (!run.done) {
    if (hooks.signal?.aborted) {
      run.interrupt();
      break;
    }
    run.advance(PROGRESS_EVERY);
    hooks.onProgress?.(run.step, run.steps);
  }
  return run.summary();
}
