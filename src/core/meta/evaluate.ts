/**
 * CPU evaluation of meta-losses and inner convergence for interaction matrices: the rollouts of
 * rollout.ts from every start, summarised by metaLoss.ts.
 *
 * Inner convergence of one rollout: the first step t ∈ 0..T with e_t ≤ tol, where
 * e_t = F(θ_t) − F* (`convergeOn: 'gap'`) or e_t = B_t (`'B'`; an undefined B, S = 0, counts as
 * converged); T when never reached. Reported as the mean over starts, with the count reached.
 */
import { check, InputError } from '../errors';
import type { Problem } from '../problems/types';
import { type MetaLossId, metaLoss } from './metaLoss';
import { type RolloutOptions, rollout, type StartRollout } from './rollout';

export interface MetaContext extends RolloutOptions {
  readonly problem: Problem;
  readonly starts: readonly Float64Array[];
  readonly loss: MetaLossId;
  /** Inner-convergence tolerance. */
  readonly tol: number;
  readonly convergeOn: 'gap' | 'B';
}

export interface MetaEvaluation {
  readonly metaLoss: number;
  /** Mean over starts of the steps to reach tol (T where never reached). */
  readonly innerSteps: number;
  /** Number of starts that reached tol within T steps. */
  readonly reached: number;
}

/** Steps for one rollout to reach the tolerance, or null if it never does. */
export function stepsToTolerance(
  r: StartRollout,
  on: 'gap' | 'B',
  tol: number,
  Fstar: number | null,
): number | null {
  if (on === 'gap' && Fstar === null) throw new InputError('convergeOn', '"gap" needs F*');
  for (let t = 0; t < r.F.length; t++) {
    const B = r.B[t];
    const e = on === 'gap' ? r.F[t] - (Fstar ?? 0) : B === null ? 0 : B;
    if (e <= tol) return t;
  }
  return null;
}

export function evaluateMeta(ctx: MetaContext, A: Float64Array): MetaEvaluation {
  const rs = rollout(ctx.problem, A, ctx.starts, ctx);
  let steps = 0;
  let reached = 0;
  for (const r of rs) {
    const s = stepsToTolerance(r, ctx.convergeOn, ctx.tol, ctx.problem.Fstar);
    if (s !== null) reached++;
    steps += s ?? ctx.T;
  }
  return { metaLoss: metaLoss(ctx.loss, rs, ctx.problem), innerSteps: steps / rs.length, reached };
}

/** The meta-losses of a batch of matrices (e.g. metaPerturbations(...).matrices), in order. */
export function evaluateMetaLosses(ctx: MetaContext, matrices: readonly Float64Array[]) {
  check(matrices.length > 0, 'matrices', 'needs at least one matrix');
  const out = new Float64Array(matrices.length);
  for (let k = 0; k < matrices.length; k++) {
    out[k] = metaLoss(ctx.loss, rollout(ctx.problem, matrices[k], ctx.starts, ctx), ctx.problem);
  }
  return out;
}
