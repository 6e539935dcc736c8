/**
 * Stability test of a learned interaction matrix (MATH.md §6): perturb, keep learning, and
 * measure the way back.
 *
 * Perturbation: A'_ij = A_ij·(1 + u_ij), u_ij ~ U[−p, p] independently for i ≠ j, drawn in
 * row-major order from createRng(seed); p ∈ [0, 0.2]. A' is then clipped to the learning box
 * [0, A_max] (the learner's state space), so entries at A_max can only move down.
 * Per cycle t: ‖A_t − A_pre‖_F and the relative ‖A_t − A_pre‖_F / ‖A_pre‖_F (null when A_pre = 0).
 */
import { check } from '../errors';
import type { Problem } from '../problems/types';
import { createRng } from '../rng';
import { requireInteractionMatrix } from './metaGradient';
import {
  clipToBox,
  createMetaLearner,
  type MetaCycleRecord,
  type MetaLearner,
  type MetaLearnOptions,
} from './metaLearn';

/** Largest relative perturbation accepted. */
export const MAX_PERTURBATION = 0.2;

/** A_ij·(1 + u_ij), u_ij ~ U[−p, p] off the diagonal; the diagonal is copied. */
export function perturbMatrix(A: Float64Array, K: number, p: number, seed: number): Float64Array {
  requireInteractionMatrix(A, K);
  check(
    Number.isFinite(p) && p >= 0 && p <= MAX_PERTURBATION,
    'p',
    `must lie in [0, ${MAX_PERTURBATION}], got ${p}`,
  );
  check(Number.isFinite(seed), 'seed', 'must be a finite number');
  const rng = createRng(seed);
  const out = Float64Array.from(A);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i !== j) out[i * K + j] = A[i * K + j] * (1 + rng.uniform(-p, p));
    }
  }
  return out;
}

export interface StabilityOptions extends MetaLearnOptions {
  /** Relative perturbation size p ∈ [0, 0.2]. */
  p: number;
  /** Seed of the perturbation. */
  seed: number;
}

export interface StabilityRecord {
  readonly cycle: number;
  /** ‖A_t − A_pre‖_F. */
  readonly distance: number;
  /** ‖A_t − A_pre‖_F / ‖A_pre‖_F; null when A_pre = 0. */
  readonly relative: number | null;
  readonly meta: MetaCycleRecord;
}

export interface StabilityTest {
  readonly pre: Float64Array;
  /** The perturbed (and clipped) matrix learning restarts from. */
  readonly perturbed: Float64Array;
  /** Cycle 0: distance and relative distance of the perturbed matrix. */
  readonly initialDistance: number;
  readonly initialRelative: number | null;
  readonly learner: MetaLearner;
  readonly records: readonly StabilityRecord[];
  /** One more meta-cycle from the current A. */
  step(): StabilityRecord;
  /** Records a cycle the caller ran on `learner` itself (e.g. learner.stepWith(GPU losses)). */
  stepWith(meta: MetaCycleRecord): StabilityRecord;
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

/** Perturbs A_pre and returns a steppable learner that records the distance back per cycle. */
export function createStabilityTest(
  problem: Problem,
  Apre: Float64Array,
  opts: StabilityOptions,
): StabilityTest {
  const K = problem.K;
  requireInteractionMatrix(Apre, K, 'A');
  const raw = perturbMatrix(Apre, K, opts.p, opts.seed);
  const learner = createMetaLearner(problem, { ...opts, A0: raw });
  const pre = Float64Array.from(Apre);
  const perturbed = clipToBox(raw, K, learner.options.Amax);
  const preNorm = distance(pre, new Float64Array(K * K));
  const rel = (x: number) => (preNorm > 0 ? x / preNorm : null);
  const initialDistance = distance(perturbed, pre);
  const records: StabilityRecord[] = [];
  return {
    pre,
    perturbed,
    initialDistance,
    initialRelative: rel(initialDistance),
    learner,
    records,
    step() {
      return this.stepWith(learner.step());
    },
    stepWith(meta: MetaCycleRecord) {
      const dist = distance(meta.A, pre);
      const rec: StabilityRecord = { cycle: meta.cycle, distance: dist, relative: rel(dist), meta };
      records.push(rec);
      return rec;
    },
  };
}

/** Runs the stability test for `opts.cycles` cycles (default 10). */
export function stabilityTest(problem: Problem, Apre: Float64Array, opts: StabilityOptions) {
  const test = createStabilityTest(problem, Apre, opts);
  for (let c = 0; c < test.learner.options.cycles; c++) test.step();
  return test;
}
