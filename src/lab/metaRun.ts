/**
 * A meta-learning run as the lab reports it (MATH.md §6–§7): cycles of the learner, then the
 * learned matrix's group structure against the problem's planted groups, its asymmetry, and
 * optionally the perturbation (stability) test from the learned matrix.
 */

import { interactionAffinity } from '../core/groups/affinity';
import { groupStats } from '../core/groups/groupStats';
import { spectralGroups } from '../core/groups/spectralGroups';
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

export interface MetaRunOptions extends MetaLearnOptions {
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
  discovered: { k: number; labels: Int32Array } | null;
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

export async function runMeta(problem: Problem, o: MetaRunOptions = {}): Promise<MetaRun> {
  const K = problem.K;
  const learner = createMetaLearner(problem, {
    ...o,
    A0: o.A0 ?? constantInteraction(K, o.a0 ?? 0.5),
  });
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
  let discovered: MetaRun['discovered'] = null;
  if (A.some((x) => x !== 0)) {
    const g = spectralGroups(interactionAffinity(A, K), K, { seed: 1 });
    discovered = { k: g.k, labels: g.labels };
  }
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
    stability,
    stabilityInitialRelative,
  };
}
