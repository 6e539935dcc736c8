/**
 * A meta-learning run as the lab reports it (MATH.md §6–§7): cycles of the learner (with
 * backtracking by default: a step raising the meta-loss is never kept, core backtrack.ts), then
 * the learned matrix's group structure against the problem's planted groups (adjusted Rand
 * index, plantedGroups.ts, for the groups of A and of cos at the first start), its asymmetry,
 * the inner convergence speed of every A_t and of the baselines without a horizon cap (steps to
 * 10⁻⁶·e_ref within 1000 steps, "not reached" as null, and the rate; innerSpeed.ts), and
 * optionally the perturbation (stability) test from the learned matrix.
 */

import { cosineFromGram, gram } from '../core/gram';
import { interactionAffinity } from '../core/groups/affinity';
import { groupStats } from '../core/groups/groupStats';
import {
  constantInteraction,
  createMetaLearner,
  createStabilityTest,
  type MetaCycleRecord,
  type MetaLearner,
  type MetaLearnOptions,
  type ResolvedMetaOptions,
  type StabilityRecord,
} from '../core/meta/index';
import type { Problem } from '../core/problems/types';
import { type InnerSpeed, innerSpeed } from './innerSpeed';
import { type DetectedGroups, detectGroups } from './plantedGroups';

/** Horizon of the inner-speed runs of a meta run. */
export const META_SPEED_HORIZON = 1000;

export interface MetaRunOptions extends MetaLearnOptions {
  /** Backtracking meta step (default true here; the core's default is the plain step). */
  backtrack?: boolean;
  /** Constant initial off-diagonal value of A (default 0.5, the middle of the box [0, 1]). */
  a0?: number;
  /** Perturbation size p for the stability test (0 = no test). */
  perturb?: number;
  perturbCycles?: number;
  perturbSeed?: number;
  onCycle?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * Evaluates a cycle's perturbation batch elsewhere (e.g. engineMetaEvaluator on the GPU); the
   * learner's own CPU rollouts otherwise. Given the resolved options.
   */
  batchEvaluator?: (o: ResolvedMetaOptions) => (ms: Float64Array[]) => Promise<Float64Array>;
}

export interface MetaRun {
  records: MetaCycleRecord[];
  A: Float64Array;
  initial: { metaLoss: number; innerSteps: number };
  baselineZero: { metaLoss: number; innerSteps: number };
  baselineOne: { metaLoss: number; innerSteps: number };
  /** ‖A − Aᵀ‖_F / ‖A‖_F (null when A = 0). */
  asymmetry: number | null;
  planted: { within: number | null; between: number | null } | null;
  /** Groups of the learned A (null when A = 0), with the ARI against the planted groups. */
  discovered: DetectedGroups | null;
  /** Groups of cos(g_i, g_j) at the first start, the same way. */
  cosGroups: DetectedGroups;
  /** Inner speed without a cap: per cycle's A_t, at A_0, A = 0 and A = 1 (module comment). */
  speed: {
    on: 'gap' | 'movement';
    horizon: number;
    perCycle: InnerSpeed[];
    initial: InnerSpeed;
    zero: InnerSpeed;
    one: InnerSpeed;
  };
  stability: StabilityRecord[];
  stabilityInitialRelative: number | null;
}

/** ‖A − Aᵀ‖_F / ‖A‖_F, null when A = 0. */
export function asymmetry(A: Float64Array, K: number): number | null {
  let num = 0;
  let den = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      num += (A[i * K + j] - A[j * K + i]) ** 2;
      den += A[i * K + j] ** 2;
    }
  }
  return den > 0 ? Math.sqrt(num / den) : null;
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

export async function runMeta(problem: Problem, given: MetaRunOptions = {}): Promise<MetaRun> {
  const K = problem.K;
  const o = { ...given, backtrack: given.backtrack ?? true };
  const learner = createMetaLearner(problem, {
    ...o,
    A0: o.A0 ?? constantInteraction(K, o.a0 ?? 0.5),
  });
  const A0 = learner.A;
  const cycles = learner.options.cycles;
  const evaluate = o.batchEvaluator?.(learner.options);
  const cycle = async (l: MetaLearner) =>
    evaluate ? l.stepWith(await evaluate(l.batch().matrices)) : l.step();
  const perturbCycles = o.perturb ? (o.perturbCycles ?? 10) : 0;
  const total = cycles + perturbCycles;
  for (let c = 0; c < cycles; c++) {
    if (o.signal?.aborted) throw new DOMException('meta-learning cancelled', 'AbortError');
    await cycle(learner);
    o.onCycle?.(c + 1, total);
    await tick();
  }
  const A = learner.A;
  const groupOf = (problem as Problem & { groupOf?: Int32Array }).groupOf;
  const planted = groupOf ? groupStats(A, K, groupOf) : null;
  const discovered = A.some((x) => x !== 0)
    ? detectGroups(interactionAffinity(A, K), K, groupOf)
    : null;
  const g0 = problem.gradients(problem.starts()[0]);
  const cosGroups = detectGroups(cosineFromGram(gram({ K, d: problem.d, g: g0 }), K), K, groupOf);
  const on = problem.Fstar === null ? 'movement' : 'gap';
  const [initialSpeed, zero, one, ...perCycle] = await innerSpeed(
    problem,
    [A0, constantInteraction(K, 0), constantInteraction(K, 1), ...learner.records.map((r) => r.A)],
    {
      on,
      eta: learner.options.eta,
      gating: learner.options.gating ?? 'conflicting',
      horizon: META_SPEED_HORIZON,
    },
  );
  const stability: StabilityRecord[] = [];
  let stabilityInitialRelative: number | null = null;
  if (o.perturb) {
    const test = createStabilityTest(problem, A, {
      ...o,
      p: o.perturb,
      seed: o.perturbSeed ?? 1,
      cycles: perturbCycles,
    });
    stabilityInitialRelative = test.initialRelative;
    for (let c = 0; c < perturbCycles; c++) {
      if (o.signal?.aborted) throw new DOMException('meta-learning cancelled', 'AbortError');
      stability.push(test.stepWith(await cycle(test.learner)));
      o.onCycle?.(cycles + c + 1, total);
      await tick();
    }
  }
  return {
    records: [...learner.records],
    A,
    initial: learner.initial,
    baselineZero: learner.baselineZero,
    baselineOne: learner.baselineOne,
    asymmetry: asymmetry(A, K),
    planted,
    discovered,
    cosGroups,
    speed: { on, horizon: META_SPEED_HORIZON, perCycle, initial: initialSpeed, zero, one },
    stability,
    stabilityInitialRelative,
  };
}
