/**
 * `lab flow --problem ID --kind loss|bflow|two-phase [--method M --alpha A ...] --steps N --eta H
 *   [--line-search] [--gauss-newton] [--eps-switch E] [--start I]`: one run of a flow (MATH.md §5)
 * and its trajectory summary: final B, F − F*, steps to tolerance, switch step, why it stopped.
 */
import {
  type FLOW_KINDS,
  type FlowOptions,
  type FlowSummary,
  startFlow,
} from '../../core/flows/run';
import { checkWork } from '../../core/io/limits';
import type { Problem } from '../../core/problems/types';
import type { MethodId, MethodSpec } from '../../core/types';
import type { SharedKey } from '../../core/validate/sharedFields';
import { type EngineFlowResult, runEngineFlow } from '../../lab/engineFlow';
import type { Flags } from '../args';
import { Interrupted } from '../io';
import { initNodeWebGpu } from '../nodeGpu';
import { problemFromFlags } from '../problemFlags';
import { progressBar } from '../progress';
import { sharedFlag, sharedFlagIfSet } from '../sharedFlags';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

/**
 * The method specification from the flags; the fields shared with the page (method, α, c, τ,
 * mode, gating, order, shuffle, scale, β, the Krum and trimmed-mean counts) through the shared
 * checker, then validateSpec checks them against K.
 */
export function methodFromFlags(flags: Flags): MethodSpec {
  const spec: MethodSpec = { id: sharedFlag(flags, 'method', 'sum') as MethodId };
  const set = <T extends keyof MethodSpec>(field: T, key: SharedKey) => {
    const v = sharedFlagIfSet<number | string>(flags, key);
    if (v !== undefined) spec[field] = v as MethodSpec[T];
  };
  set('alpha', 'alpha');
  set('c', 'c');
  set('tau', 'tau');
  set('mode', 'mode');
  set('gating', 'gating');
  set('order', 'order');
  if (flags.has('method-seed')) spec.seed = flags.int('method-seed', 0, [0, 0xffffffff]);
  // The aggregators of the method atlas (validateSpec checks them against K).
  set('scale', 'scale');
  if (flags.has('torchjd'))
    spec.torchjd = flags.choice('torchjd', ['yes', 'no'] as const, 'no') === 'yes';
  set('beta', 'beta');
  set('byzantine', 'byzantine');
  set('selected', 'selected');
  set('trim', 'trim');
  set('shuffle', 'shuffle');
  return spec;
}

/**
 * Estimated multiply-adds of a flow run, checked against MAX_FLOW_WORK before it starts:
 * steps·K·d·(K + 1) (every step measures B and I, which needs the Gram matrix, whatever the
 * method), times `runs`.
 */
export function checkFlowWork(
  K: number,
  d: number,
  steps: number,
  method: MethodSpec,
  runs: number,
): void {
  const perStep = K * d * (K + 1);
  checkWork(
    '--steps',
    `${runs > 1 ? `${runs} runs of ` : ''}${steps} steps at K = ${K}, d = ${d} (${method.id})`,
    runs * steps * perStep,
    'Lower --steps, --K or --d.',
  );
}

/** Multiply-adds advanced between two progress ticks (about 5 ms at WORK_RATE). */
const SLICE_WORK = 5e6;

/**
 * The CPU run in slices of about SLICE_WORK multiply-adds, a progress bar on stderr between
 * slices; an interruption (Ctrl-C) ends it with Interrupted, so no partial summary is printed.
 */
async function runFlowWithProgress(problem: Problem, o: FlowOptions): Promise<FlowSummary> {
  const run = startFlow(problem, o);
  const slice = Math.max(1, Math.floor(SLICE_WORK / (problem.K * problem.d * (problem.K + 1))));
  const bar = progressBar(`${o.kind}-flow steps`, run.steps);
  try {
    while (!run.advance(slice)) await bar.tick(run.step);
    bar.update(run.steps);
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    run.interrupt();
    throw new Interrupted(`at step ${run.step} of ${run.steps}; no result printed`);
  } finally {
    bar.end();
  }
  return run.summary();
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

export async function flowCommand(flags: Flags): Promise<CommandResult> {
  const kind = sharedFlag(flags, 'flow', 'loss') as (typeof FLOW_KINDS)[number];
  const method = methodFromFlags(flags);
  const steps = sharedFlag(flags, 'steps', 2000);
  const eta = sharedFlag(flags, 'eta', 0.05);
  const lineSearch = flags.bool('line-search');
  const gaussNewton = flags.bool('gauss-newton');
  const epsSwitch = sharedFlag(flags, 'epsSwitch', 1e-2);
  const tolB = flags.number('tol-b', 1e-10, [0, 1e6]);
  const tolF = flags.number('tol-f', 1e-10, [0, 1e6]);
  const start = flags.int('start', 0, [0, 1000]);
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  const { id, params, problem } = problemFromFlags(flags, 'quadratic-groups', (K, d) =>
    checkFlowWork(K, d, steps, method, backend === 'gpu' ? 4 : 1),
  );
  flags.rejectUnknown();
  if (backend === 'gpu') {
    return gpuFlow(id, params, problem, { kind, method, eta, steps, epsSwitch, start, tolB });
  }
  const s = await runFlowWithProgress(problem, {
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

interface GpuFlowOptions {
  kind: (typeof FLOW_KINDS)[number];
  method: MethodSpec;
  eta: number;
  steps: number;
  epsSwitch: number;
  start: number;
  tolB: number;
}

function engineJson(r: EngineFlowResult) {
  return {
    backend: r.backend,
    steps: r.steps,
    status: r.status,
    finalB: r.finalB,
    minB: r.minB,
    minBStep: r.minBStep,
    finalF: r.finalF,
    gapF: r.gapF,
    switchStep: r.switchStep,
  };
}

/**
 * `flow --backend gpu`: the run on the GPU engine (float32), plus the float32 floor — the lowest B
 * that loss-flow and B-flow reach on the GPU beside the CPU engine's float64 figure, same problem,
 * start, η and steps. The engine's B-flow is the plain gradient step (no line search).
 */
async function gpuFlow(
  id: string,
  params: Record<string, number>,
  problem: Problem,
  o: GpuFlowOptions,
): Promise<CommandResult> {
  await initNodeWebGpu();
  const startPoint = Float64Array.from(problem.starts()[o.start] ?? problem.starts()[0]);
  // Four runs at most (the asked one, then the floor's loss and B-flow on each engine).
  const runs = o.kind === 'two-phase' ? 5 : 4;
  const bar = progressBar(`engine flow steps (${runs} runs)`, runs * o.steps);
  let done = 0;
  const engineRun = async (backend: 'gpu' | 'cpu', flow: GpuFlowOptions['kind']) => {
    const r = await runEngineFlow(backend, problem, {
      method: o.method,
      eta: o.eta,
      steps: o.steps,
      start: startPoint,
      epsSwitch: o.epsSwitch,
      flow,
      onChunk: (step) => bar.tick(done + step),
    });
    done += o.steps;
    return r;
  };
  const run = await engineRun('gpu', o.kind);
  const floor: { flow: string; gpu: EngineFlowResult; cpu: EngineFlowResult }[] = [];
  for (const flow of ['loss', 'bflow'] as const) {
    floor.push({
      flow,
      gpu: flow === o.kind ? run : await engineRun('gpu', flow),
      cpu: await engineRun('cpu', flow),
    });
  }
  bar.update(runs * o.steps);
  bar.end();
  const json = {
    problem: { id, params, K: problem.K, d: problem.d },
    method: o.method,
    kind: o.kind,
    gpu: engineJson(run),
    float32Floor: floor.map((f) => ({
      flow: f.flow,
      gpu: engineJson(f.gpu),
      cpu: engineJson(f.cpu),
    })),
  };
  const text = [
    `${id} (K = ${problem.K}, d = ${problem.d}), ${o.kind}-flow on the GPU engine (float32), method ${o.method.id}, η = ${o.eta}, ${o.steps} steps`,
    table(
      ['quantity', 'value'],
      [
        ['status', run.status],
        ['final B', fmt(run.finalB)],
        ['lowest B (read every 50 steps)', `${fmt(run.minB)} at step ${run.minBStep ?? '—'}`],
        ['F − F*', fmt(run.gapF)],
        ['switch step', run.switchStep === null ? '—' : String(run.switchStep)],
      ],
    ),
    '',
    'float32 floor: lowest B reached, GPU engine (float32) beside the CPU engine (float64)',
    table(
      ['flow', 'GPU float32', 'CPU float64', 'GPU final F − F*', 'CPU final F − F*'],
      floor.map((f) => [
        f.flow === 'loss' ? 'loss-flow (sum)' : 'B-flow (plain step)',
        fmt(f.gpu.minB),
        fmt(f.cpu.minB),
        fmt(f.gpu.gapF),
        fmt(f.cpu.gapF),
      ]),
    ),
  ].join('\n');
  return { json, text };
}
