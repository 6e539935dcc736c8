/**
 * Backtracking meta step (issue 13): a meta step that raises the meta-loss is never kept.
 *   candidates A(s) = clip(A_{t−1} − s·Δ, [0, A_max]) for s = 1, ½, ¼, ⅛ (Δ = the plain step);
 *   A_t = the candidate with the largest s whose meta-loss is strictly below ℓ(A_{t−1});
 *   if none is, the step is rejected: A_t = A_{t−1}, recorded with scale 0.
 */

export const STEP_SCALES = [1, 0.5, 0.25, 0.125] as const;

/**
 * The index into STEP_SCALES of the step to keep, from the candidates' meta-losses (in the order
 * of STEP_SCALES) and the current meta-loss; −1 when every candidate raises or keeps it (or is
 * not a number).
 */
export function backtrackPick(losses: ArrayLike<number>, current: number): number {
  for (let k = 0; k < losses.length; k++) if (losses[k] < current) return k;
  return -1;
}
