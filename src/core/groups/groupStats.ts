/**
 * Within- and between-group means of a K×K matrix M (A or cos) for a labelling (MATH.md §7):
 *   within  = mean of M_ij over ordered pairs i ≠ j with label_i = label_j,
 *   between = mean of M_ij over ordered pairs with label_i ≠ label_j.
 * Ordered pairs, so a non-symmetric A contributes both A_ij and A_ji. The diagonal is never
 * used. A mean over no pairs (all singletons; one group) is null, not NaN.
 */
import { check, InputError, requireFinite } from '../errors';

export interface GroupStats {
  readonly within: number | null;
  readonly between: number | null;
  /** Number of ordered pairs averaged. */
  readonly withinPairs: number;
  readonly betweenPairs: number;
}

export function groupStats(M: Float64Array, K: number, labels: ArrayLike<number>): GroupStats {
  check(Number.isInteger(K) && K >= 1, 'K', `must be a positive integer, got ${K}`);
  check(M.length === K * K, 'M', `must have ${K}×${K} = ${K * K} entries, got ${M.length}`);
  check(labels.length === K, 'labels', `must have ${K} entries, got ${labels.length}`);
  requireFinite(M, 'M');
  for (let i = 0; i < K; i++) {
    if (!Number.isInteger(labels[i])) {
      throw new InputError(`labels[${i}]`, `must be an integer, got ${labels[i]}`);
    }
  }
  let ws = 0;
  let wn = 0;
  let bs = 0;
  let bn = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      if (labels[i] === labels[j]) {
        ws += M[i * K + j];
        wn++;
      } else {
        bs += M[i * K + j];
        bn++;
      }
    }
  }
  return {
    within: wn > 0 ? ws / wn : null,
    between: bn > 0 ? bs / bn : null,
    withinPairs: wn,
    betweenPairs: bn,
  };
}
