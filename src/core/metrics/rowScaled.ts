/**
 * Gram matrices of gradients rescaled by a power of two per row (per gradient).
 *
 * Row i is multiplied by 2^(e_i), with e_i chosen so that max_k |g_ik|·2^(e_i) ∈ [1, 2) (e_i = 0
 * for a zero row). The scaled rows ĝ_i = 2^(e_i)·g_i carry every digit of g_i (a power of two
 * changes no mantissa), and their Gram matrix Ĝ_ij = ĝ_i·ĝ_j = 2^(e_i + e_j)·G_ij is formed with
 * no overflow and no underflow whatever the magnitudes: a set holding 1e-300 and 1e300 gradients
 * has Ĝ as well conditioned as a set of unit gradients.
 *
 * What Ĝ gives exactly (every quantity below is invariant under g_i → s_i·g_i, s_i > 0):
 *   cos_ij = Ĝ_ij/√(Ĝ_ii Ĝ_jj), the conflict test of MATH.md §1, every resolution test of §3.
 * The projections of sum, pcgrad, cosine, interaction and upgrad are equivariant per row
 * (g'_i scales with g_i), so their coefficients follow from Ĝ too (see rowProject.ts).
 * What needs one common scale: B and I (ratios of sums over rows), and the QPs of mgda and
 * cagrad. `commonScale` converts Ĝ to the Gram of 2^E·g for the largest row's exponent E; rows
 * more than 2^COMMON_RANGE_LOG2 below the largest then fall out of float64's range and the
 * conversion says so.
 */
import type { GradSet } from '../types';

/** log₁₀ 2. */
export const LOG10_2 = Math.LN2 / Math.LN10;

/** x·2^n for any integer n, without overflow of the factor itself (two steps when |n| > 1000). */
export function ldexp(x: number, n: number): number {
  if (n > 1000) return x * 2 ** 1000 * 2 ** (n - 1000);
  if (n < -1000) return x * 2 ** -1000 * 2 ** (n + 1000);
  return x * 2 ** n;
}

/** ⌊log₂|x|⌋ for a finite non-zero x (exact, also for subnormal numbers). */
export function exponentOf(x: number): number {
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  // log2 can round across an integer: correct with exact powers of two.
  if (ldexp(1, e) > a) e--;
  else if (ldexp(1, e + 1) <= a) e++;
  return e;
}

/** Row exponents e_i with max_k |g_ik|·2^(e_i) ∈ [1, 2); 0 for a zero row. */
export function rowExponents(g: ArrayLike<number>, K: number, d: number): Int32Array {
  const e = new Int32Array(K);
  for (let i = 0; i < K; i++) {
    let m = 0;
    const o = i * d;
    for (let k = 0; k < d; k++) {
      const a = Math.abs(g[o + k]);
      if (a > m) m = a;
    }
    e[i] = m > 0 && Number.isFinite(m) ? -exponentOf(m) : 0;
  }
  return e;
}

/** The row-scaled set ĝ_i = 2^(e_i)·g_i, row-major K×d. */
export function scaleRows(g: ArrayLike<number>, K: number, d: number, e: Int32Array): Float64Array {
  const y = new Float64Array(K * d);
  for (let i = 0; i < K; i++) {
    const o = i * d;
    const ei = e[i];
    if (ei >= -1000 && ei <= 1000) {
      const s = 2 ** ei;
      for (let k = 0; k < d; k++) y[o + k] = g[o + k] * s;
    } else {
      for (let k = 0; k < d; k++) y[o + k] = ldexp(g[o + k], ei);
    }
  }
  return y;
}

/** A Gram matrix of row-scaled gradients: Ĝ_ij = 2^(e_i + e_j)·g_i·g_j (row-major K×K). */
export interface RowScaledGram {
  readonly K: number;
  readonly G: Float64Array;
  readonly e: Int32Array;
}

/** Ĝ and e of a gradient set (module comment), in float64. */
export function rowScaledGram(gs: GradSet): RowScaledGram {
  const { K, d, g } = gs;
  const e = rowExponents(g, K, d);
  const y = scaleRows(g, K, d, e);
  const G = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    const oi = i * d;
    for (let j = i; j < K; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += y[oi + k] * y[oj + k];
      G[i * K + j] = s;
      G[j * K + i] = s;
    }
  }
  return { K, G, e };
}

/**
 * Rows may lie at most 2^COMMON_RANGE_LOG2 (≈ 1e144) below the largest one for a common scale:
 * their squared norms then stay above 2^-960, normal float64 numbers with every digit.
 */
export const COMMON_RANGE_LOG2 = 480;

/** The Gram matrix of 2^E·g (one scale for the whole set) from a row-scaled one. */
export interface CommonScaledGram {
  /** G̃_ij = 2^(2E)·g_i·g_j. */
  readonly G: Float64Array;
  /** E = min_i e_i over the non-zero rows: the largest row has entries in [1, 2). */
  readonly E: number;
  /** log₂ of the largest over the smallest non-zero row's max-entry (0 for ≤ 1 non-zero row). */
  readonly rangeLog2: number;
}

/** Whether row i of Ĝ is non-zero. */
const nonZero = (r: RowScaledGram, i: number) => r.G[i * r.K + i] > 0;

/** Ĝ converted to one common scale (module comment); exact where it does not underflow. */
export function commonScale(r: RowScaledGram): CommonScaledGram {
  const { K, G: Gh, e } = r;
  let E = Number.POSITIVE_INFINITY;
  let Emax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < K; i++) {
    if (!nonZero(r, i)) continue;
    E = Math.min(E, e[i]);
    Emax = Math.max(Emax, e[i]);
  }
  if (!Number.isFinite(E)) return { G: Float64Array.from(Gh), E: 0, rangeLog2: 0 };
  const G = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = Gh[i * K + j];
      G[i * K + j] = v === 0 ? 0 : ldexp(v, E - e[i] + (E - e[j]));
    }
  }
  return { G, E, rangeLog2: Emax - E };
}

/** log₁₀ of a number given as x·2^n (for reporting values outside float64's range). */
export function log10Scaled(x: number, n: number): number {
  return Math.log10(x) + n * LOG10_2;
}

/** Both scales of a set's Gram matrix and ‖2^E·Σ_i g_i‖² (B's numerator on the common scale). */
export interface ScaledGrams {
  /** Common scale: G_ij = 2^(2E)·g_i·g_j. */
  readonly G: Float64Array;
  readonly E: number;
  /** ‖2^E·Σ_i g_i‖², formed from the summed vector (never from G). */
  readonly sumSq: number;
  readonly rowGram: RowScaledGram;
}

/** ScaledGrams of a gradient set in float64. */
export function scaledGrams(gs: GradSet): ScaledGrams {
  const rowGram = rowScaledGram(gs);
  const c = commonScale(rowGram);
  const { K, d, g } = gs;
  const s = new Float64Array(d);
  for (let i = 0; i < K; i++) {
    const o = i * d;
    for (let k = 0; k < d; k++) s[k] += ldexp(g[o + k], c.E);
  }
  let sumSq = 0;
  for (let k = 0; k < d; k++) sumSq += s[k] * s[k];
  return { G: c.G, E: c.E, sumSq, rowGram };
}
