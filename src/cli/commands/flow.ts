/**
 * `lab flow --problem ID --kind loss|bflow|two-phase [--method M --alpha A ...] --steps N --eta H
 *   [--line-search] [--gauss-newton] [--eps-switch E] [--start I]`: one run of a flow (MATH.md §5)
 * and its trajectory summary: final B, F − F*, steps to tolerance, switch step, why it stopped.
 */
import { FLOW_KINDS, type FlowSummary, runFlow } from '../../core/flows/run';
import { METHOD_IDS, type MethodSpec } from '../../core/types';
import type { Flags } from '../args';
import { problemFromFlags } from '../problemFlags';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

export function methodFromFlags(flags: Flags): MethodSpec {
  const spec: MethodSpec = { id: flags.choice('method', METHOD_IDS, 'sum') };
  if (flags.has('alpha')) spec.alpha = flags.number('alpha', 1);
  if (flags.has('c')) spec.c = flags.number('c', 0.5);
  if (flags.has('tau')) spec.tau = flags.number('tau', 1e-9);
  if (flags.has('mode'))
    spec.mode = flags.choice('mode', ['simultaneous', 'sequential'] as const, 'simultaneous');
  if (flags.has('gating'))
    spec.gating = flags.choice('gating', ['conflicting', 'all'] as const, 'conflicting');
  if (flags.has('order'))
    spec.order = flags.choice('order', ['random', 'fixed'] as const, 'random');
  if (flags.has('method-seed')) spec.seed = flags.int('method-seed', 0);
  return spec;
}

export function summaryJson(s: FlowSummary) {
  return {
    kind: s.kind,
    steps: s.steps,
    stop: s.stop,
    message: s.message,
    finalB: s.finalB,
    finalI: s.finalI,
    finalF: s.finalF,
    Fstar: s.Fstar,
    gapF: s.gapF,
    distToThetaStar: s.distToThetaStar,
    tolB: s.tolB,
    tolF: s.tolF,
    stepsToTolB: s.stepsToTolB,
    stepsToTolF: s.stepsToTolF,
    switchStep: s.switchStep,
    finalTheta: Array.from(s.finalTheta),
  };
}

export function flowCommand(flags: Flags): CommandResult {
  const { id, params, problem } = problemFromFlags(flags, 'quadratic-groups');
  const kind = flags.choice('kind', FLOW_KINDS, 'loss');
  const method = methodFromFlags(flags);
  const steps = flags.int('steps', 2000, [1, 10_000_000]);
  const eta = flags.number('eta', 0.05, [1e-12, 1e6]);
  const lineSearch = flags.bool('line-search');
  const gaussNewton = flags.bool('gauss-newton');
  const epsSwitch = flags.number('eps-switch', 1e-2, [0, 1]);
  const tolB = flags.number('tol-b', 1e-10, [0, 1e6]);
  const tolF = flags.number('tol-f', 1e-10, [0, 1e6]);
  const start = flags.int('start', 0, [0, 1000]);
  flags.rejectUnknown();
  const s = runFlow(problem, {
    kind,
    method,
    eta,
    steps,
    lineSearch,
    gaussNewton,
    epsSwitch,
    tolB,
    tolF,
    start,
  });
  const json = { problem: { id, params, K: problem.K, d: problem.d }, method, ...summaryJson(s) };
  const text = [
    `${id} (K = ${problem.K}, d = ${problem.d}), ${kind}-flow, method ${method.id}, η = ${eta}, ` +
      `${steps} steps${lineSearch ? ', line search' : ''}${gaussNewton ? ', Gauss–Newton' : ''}`,
    table(
      ['quantity', 'value'],
      [
        ['stopped because', `${s.stop}${s.message ? ` (${s.message})` : ''}`],
        ['steps taken', String(s.steps)],
        ['final B', fmt(s.finalB)],
        ['final I', s.finalI === null ? '—' : s.finalI.toPrecision(16)],
        ['F − F*', fmt(s.gapF)],
        ['‖θ − θ*‖', fmt(s.distToThetaStar)],
        [
          `steps to B ≤ ${fmt(tolB)}`,
          s.stepsToTolB === null ? 'not reached' : String(s.stepsToTolB),
        ],
        [
          `steps to F − F* ≤ ${fmt(tolF)}`,
          s.Fstar === null
            ? 'F* unknown'
            : s.stepsToTolF === null
              ? 'not reached'
              : String(s.stepsToTolF),
        ],
        ['switch step', s.switchStep === null ? '—' : String(s.switchStep)],
      ],
    ),
  ].join('\n');
  return { json, text };
}
