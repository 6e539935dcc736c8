/**
 * Plain data of the meta-learning panel (MATH.md §6–§7), no React:
 *  - driveMeta: steps a steppable learner (core createMetaLearner / createStabilityTest) cycle
 *    by cycle, yielding to the event loop between cycles so a run stays cancellable and the
 *    heatmap can animate; the records are the core's own. A step may be asynchronous (the
 *    cycle's perturbation batch evaluated as engine worlds on the GPU, src/lab/engineMeta.ts).
 *  - groupSummary: groups detected in a learned A by spectral clustering of its affinity
 *    (interactionAffinity: a_ij = 1 − 2Ā_ij/max Ā, Ā = (A + Aᵀ)/2; k by the eigengap), and the
 *    within-group and between-group means (ordered pairs i ≠ j) of A and of cos for the detected
 *    and, where the problem has them, the planted groups, with the adjusted Rand index of the
 *    detected groups (of A, and of cos) against the planted ones (plantedGroups.ts, the same
 *    index as `lab meta` and the im-5 card). A = 0 has no groups (null).
 */
import { cosineFromGram, gram } from '../../core/gram';
import { interactionAffinity } from '../../core/groups/affinity';
import { type GroupStats, groupStats } from '../../core/groups/groupStats';
import type { Problem } from '../../core/problems/types';
import { type DetectedGroups, detectGroups } from '../../lab/plantedGroups';

export interface GroupSummary {
  k: number;
  labels: Int32Array;
  A: GroupStats;
  cos: GroupStats;
  /** Means of A over the problem's planted groups, when it has them. */
  plantedA: GroupStats | null;
  plantedLabels: Int32Array | null;
  /** The eigenvalues that chose k, and the ARI against the planted groups (null: none). */
  eigenvalues: number[];
  ari: number | null;
  /** Groups of cos by the same clustering, with their ARI. */
  cosGroups: DetectedGroups;
}

/** cos of the problem's gradients at θ (diagonal 1). */
export function cosineAt(problem: Problem, theta: Float64Array): Float64Array {
  const { K, d } = problem;
  return cosineFromGram(gram({ K, d, g: problem.gradients(theta) }), K);
}

export function groupSummary(
  A: Float64Array,
  K: number,
  cos: Float64Array,
  planted: Int32Array | null,
  seed = 1,
): GroupSummary | null {
  if (!A.some((v, idx) => v !== 0 && idx % (K + 1) !== 0)) return null;
  const g = detectGroups(interactionAffinity(A, K), K, planted, seed);
  return {
    k: g.k,
    labels: g.labels,
    eigenvalues: g.eigenvalues,
    ari: g.ari,
    cosGroups: detectGroups(cos, K, planted, seed),
    A: groupStats(A, K, g.labels),
    cos: groupStats(cos, K, g.labels),
    plantedA: planted ? groupStats(A, K, planted) : null,
    plantedLabels: planted,
  };
}

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** Runs `cycles` steps of `step`, passing each record to `onRecord`; stops on abort. */
export async function driveMeta<R>(
  step: () => R | Promise<R>,
  cycles: number,
  onRecord: (r: R, done: number) => void,
  signal?: AbortSignal,
): Promise<R[]> {
  const out: R[] = [];
  for (let c = 0; c < cycles; c++) {
    await tick();
    if (signal?.aborted) throw new DOMException('meta-learning cancelled', 'AbortError');
    const r = await step();
    if (signal?.aborted) throw new DOMException('meta-learning cancelled', 'AbortError');
    out.push(r);
    onRecord(r, c + 1);
  }
  return out;
}
