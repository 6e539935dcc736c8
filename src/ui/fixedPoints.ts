/**
 * What each method aims at: where its combined direction d vanishes (its fixed points), in one
 * sentence for the screen. Sum's fixed points are the minima of F = ΣL_i; the multi-objective
 * methods also stop at Pareto-stationary points (min-norm point of the gradients' hull = 0),
 * where F − F* can be large. The measured cases are in test/app/presetStories.test.ts.
 */
import type { MethodId } from '../core/types';

export const FIXED_POINTS: Record<MethodId, string> = {
  sum: 'Sum stops only where Σ g_i = 0, the minimum of F = ΣL_i: it is the method that aims at F − F* = 0.',
  pcgrad:
    'PCGrad stops where its projected gradients cancel, Σ g′_i = 0: also on the Pareto set (Pareto gap 0) wherever conflicting gradients are exactly opposed, not only at the minimum of F.',
  cosine:
    'Cosine-scaled projection stops where Σ g′_i = 0: at α = 0 only the minimum of F; for α > 0 also points of the Pareto set where the scaled projections cancel.',
  interaction:
    'The interaction rule stops where Σ g′_i = 0: with A = 0 only the minimum of F; otherwise also points where the A-weighted projections cancel.',
  mgda: 'MGDA stops at every Pareto-stationary point (the shortest vector of the hull is 0, Pareto gap 0), whatever F − F* is there.',
  cagrad:
    'CAGrad (c < 1) aims at the minimum of F = ΣL_i like Sum, along a conflict-averse route; as c approaches 1 it behaves like MGDA.',
  upgrad:
    'UPGrad never steps against any g_i; it stops at Pareto-stationary points (Pareto gap 0), not necessarily at the minimum of F.',
};
