/**
 * Problems the batch views run on, with the step size each starts from. η defaults:
 * quadratic groups and the convex pair: 1/λ_max(Σ_i H_i) at the first start (half the stability
 * limit 2/λ_max of plain loss-flow; core curvatureBound); the CAGrad toy: 0.01 (its curvature is
 * unbounded near the kinks of the log terms, so a fixed small step, as in the seeds' setting).
 */
import { curvatureBound } from '../../core/meta/index';
import { createProblem, type Problem } from '../../core/problems/index';

export const BATCH_PROBLEMS = [
  { id: 'quadratic-groups', label: 'quadratic groups (K = 6, d = 3)', twoD: false },
  { id: 'convex-pair', label: 'convex quadratic pair (CQF)', twoD: true },
  { id: 'cagrad-toy', label: 'CAGrad toy', twoD: true },
] as const;
export type BatchProblemId = (typeof BATCH_PROBLEMS)[number]['id'];

export function batchProblem(id: BatchProblemId, seed: number): Problem {
  return createProblem(id, id === 'quadratic-groups' ? { seed } : {});
}

export function defaultEta(problem: Problem): number {
  if (problem.id === 'cagrad-toy') return 0.01;
  const lam = curvatureBound(problem, problem.starts()[0]);
  return lam > 0 ? Number((1 / lam).toPrecision(3)) : 0.01;
}
