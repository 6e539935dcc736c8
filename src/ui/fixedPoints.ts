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
  dualproj:
    'DualProj projects Σ g_i onto the dual cone of the g_i, so it never steps against any g_i; it stops at Pareto-stationary points, not necessarily at the minimum of F.',
  imtlg:
    'IMTL-G picks the direction with equal projections on every unit gradient; it stops where the gradients are linearly dependent in that balance, which can lie far from the minimum of F.',
  alignedmtl:
    'Aligned-MTL whitens the gradients’ Gram matrix before combining them; it stops where the aligned combination vanishes, on the Pareto set rather than at the minimum of F.',
  nashmtl:
    'Nash-MTL weights the gradients by the Nash bargaining solution; it stops at Pareto-stationary points, whatever F − F* is there.',
  graddrop:
    'GradDrop keeps, coordinate by coordinate, only the gradients of one sign (drawn at random); it stops only where every coordinate’s kept gradients vanish.',
  config:
    'ConFIG steps along the direction with equal cosine to every gradient; it stops at Pareto-stationary points, not necessarily at the minimum of F.',
  krum: 'Krum follows the gradient(s) closest to their neighbours; it stops where the selected gradients vanish, which need not be the minimum of F.',
  trimmedmean:
    'The trimmed mean drops the largest and smallest value of each coordinate; it stops where the trimmed coordinates cancel, not in general at the minimum of F.',
  rlw: 'Random loss weighting draws fresh positive weights every step; it settles only where every g_i vanishes or, on average, near the minimum of F.',
  mean: 'Mean is Sum in the mean convention: it stops only where Σ g_i = 0, the minimum of F.',
  constant:
    'Constant weights stop where Σ w_i g_i = 0, the minimum of the weighted sum Σ w_i L_i, not of F unless the weights are equal.',
  gradvac:
    'GradVac moves each pair towards its running target cosine; with targets at 0 it acts like PCGrad and stops where the adjusted gradients cancel.',
};
