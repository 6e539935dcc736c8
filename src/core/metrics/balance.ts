/**
 * Balance residual and interaction ratio (MATH.md §4):
 *   S = Σ_i ‖g_i‖²,  B = ‖Σ_i g_i‖²/S ∈ [0, K],  I = Σ_{i<j} G_ij / S.
 * B = 1 + 2I holds exactly, but B is computed DIRECTLY from ‖Σ_i g_i‖ (the scaled norm of vec.ts):
 * 1 + 2I loses every digit of B below 1e-16, which is where B-flow lives. B and I are undefined
 * (null) when S = 0.
 *
 * The gradients are first multiplied by an exact power of two σ (scaled.ts), so neither ‖Σ g‖²
 * nor S overflows or underflows inside the ratios. S itself is reported unscaled in float64: it
 * overflows to Infinity or underflows to 0 only where the true S lies outside float64's range
 * (gradients beyond about 1e±154), while B and I stay exact; B and I are null only when every
 * gradient is exactly zero.
 */
import { InputError } from '../errors';
import type { GradSet } from '../types';
import { norm, rowDot, sumRows } from '../vec';
import { maxAbs, pow2Scale } from './scaled';

export interface Balance {
  /** S = Σ_i ‖g_i‖². */
  readonly S: number;
  /** B = ‖Σ_i g_i‖²/S, or null when S = 0. */
  readonly B: number | null;
  /** I = Σ_{i<j} G_ij / S, or null when S = 0. */
  readonly I: number | null;
}

/**
 * ‖s‖²/S. On a vector already rescaled by a power of two the plain sum of squares is exact up
 * to one rounding per term (18/6 gives 3 exactly, where (‖s‖/√S)² gives 3 + 4ε); when ‖s‖² would
 * underflow (‖s‖ < 1e-145 after rescaling) the scaled norm of vec.ts is used: (‖s‖/√S)².
 */
function ratioB(s: Float64Array | ArrayLike<number>, S: number): number {
  let s2 = 0;
  for (let k = 0; k < s.length; k++) s2 += s[k] * s[k];
  if (s2 >= 1e-290 && Number.isFinite(s2)) return s2 / S;
  const r = norm(s) / Math.sqrt(S);
  return r * r;
}

/** S, B and I of a gradient set. */
export function balance(gs: GradSet): Balance {
  const { K, d, g } = gs;
  const sigma = pow2Scale(maxAbs(g));
  const y = new Float64Array(g.length);
  for (let k = 0; k < g.length; k++) y[k] = g[k] * sigma;
  let Ss = 0;
  let off = 0;
  for (let i = 0; i < K; i++) {
    Ss += rowDot(y, i, y, i, d);
    for (let j = i + 1; j < K; j++) off += rowDot(y, i, y, j, d);
  }
  if (!Number.isFinite(Ss)) throw new InputError('gradients', 'must be finite');
  const S = Ss / (sigma * sigma);
  if (!(Ss > 0)) return { S: 0, B: null, I: null };
  return { S, B: ratioB(sumRows(y, K, d), Ss), I: off / Ss };
}

/**
 * B = ‖s‖²/S for a precomputed sum s = Σ_i g_i and S = Σ_i ‖g_i‖² (null when S = 0), as
 * (‖s‖/√S)² with the scaled norm, so that ‖s‖² is never formed.
 */
export function balanceFromSum(sumVec: ArrayLike<number>, S: number): number | null {
  if (typeof S !== 'number' || !Number.isFinite(S) || S < 0) {
    throw new InputError('S', `must be a finite number ≥ 0, got ${String(S)}`);
  }
  if (S === 0) return null;
  const sigma = pow2Scale(maxAbs(sumVec));
  const y = Array.from(sumVec, (x) => x * sigma);
  const B = ratioB(y, S * sigma * sigma);
  if (!Number.isFinite(B)) throw new InputError('sum', 'must be finite');
  return B;
}
