/**
 * Projections at any magnitude, through the row-scaled Gram matrix Ĝ (metrics/rowScaled.ts).
 *
 * With ĝ_i = 2^(e_i)·g_i and g'_i = Σ_j C_ij g_j, the scaled projection ĝ'_i = 2^(e_i)·g'_i is
 * Σ_j Ĉ_ij ĝ_j with Ĉ_ij = C_ij·2^(e_i − e_j). Two routes to Ĉ:
 * - per-row equivariant methods (sum, pcgrad, cosine, interaction, upgrad: g'_i scales with g_i,
 *   every test they make is invariant): Ĉ = coefficients(Ĝ). Exact at every magnitude, also for a
 *   set whose gradients span 1e-300 to 1e300.
 * - mgda and cagrad (their QPs weigh the gradients against each other, so no per-row scaling
 *   is exact for them): C = coefficients(G̃) on one common scale G̃ (commonScale), the largest
 *   row at unit size, exactly as before any rescaling up to a power of two. A row more than
 *   2^COMMON_RANGE_LOG2 below the largest then enters the QP with a squared norm at or below
 *   float64's normal range (zero when it underflows): for mgda that row is then the min-norm
 *   point itself (weight 1, its own g_i kept), which is also its exact limit.
 * Then g'_i = 2^(−e_i)·Σ_j Ĉ_ij ĝ_j and d = Σ_i g'_i; a projected gradient or direction outside
 * float64's range is an InputError naming it (never ∞ or NaN).
 */
import { InputError } from '../errors';
import {
  commonScale,
  ldexp,
  type RowScaledGram,
  rowScaledGram,
  scaleRows,
} from '../metrics/rowScaled';
import type { GradSet, MethodId, MethodSpec, Projection } from '../types';

/** Methods with g'_i(s_1 g_1, …, s_K g_K) = s_i·g'_i(g) for all s_i > 0. */
export const ROW_EQUIVARIANT: ReadonlySet<MethodId> = new Set<MethodId>([
  'sum',
  'pcgrad',
  'cosine',
  'interaction',
  'upgrad',
]);

type Coefficients = (G: Float64Array, K: number, spec: MethodSpec) => Float64Array;
/** Ĉ computed from the gradients themselves (the QP methods' factor route), or null. */
type FromGradients = (gs: GradSet, r: RowScaledGram, spec: MethodSpec) => Float64Array | null;

/** Ĉ (row-scaled coefficients, module comment) for `spec` from Ĝ. */
export function rowScaledCoefficients(
  r: RowScaledGram,
  spec: MethodSpec,
  coefficients: Coefficients,
): Float64Array {
  const { K, e } = r;
  if (ROW_EQUIVARIANT.has(spec.id)) return coefficients(r.G, K, spec);
  const c = commonScale(r);
  const C = coefficients(c.G, K, spec);
  const Ch = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = C[i * K + j];
      Ch[i * K + j] = v === 0 || i === j ? v : ldexp(v, e[i] - e[j]);
    }
  }
  return Ch;
}

/** C_ij = Ĉ_ij·2^(e_j − e_i): the coefficients on the unscaled gradients (may under/overflow). */
export function unscaleCoefficients(Ch: Float64Array, e: Int32Array, K: number): Float64Array {
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = Ch[i * K + j];
      C[i * K + j] = v === 0 || i === j ? v : ldexp(v, e[j] - e[i]);
    }
  }
  return C;
}

function overflow(field: string, spec: MethodSpec, what: string): InputError {
  const cause =
    spec.id === 'interaction'
      ? 'the interaction matrix A or the gradients are too large'
      : 'the gradients are too large';
  return new InputError(field, `${what} lies outside float64's range (${cause})`);
}

/**
 * Applies `spec` through Ĝ (module comment). `rg`: a row-scaled Gram matrix computed elsewhere
 * (the GPU), else formed here in float64. `fromGradients`: a route to Ĉ from the gradients that
 * takes precedence where it gives one.
 */
export function projectRowScaled(
  gs: GradSet,
  spec: MethodSpec,
  coefficients: Coefficients,
  rg: RowScaledGram | null = null,
  fromGradients: FromGradients | null = null,
): Projection & { Chat: Float64Array; e: Int32Array } {
  const { K, d, g } = gs;
  const r = rg ?? rowScaledGram(gs);
  const Ch = fromGradients?.(gs, r, spec) ?? rowScaledCoefficients(r, spec, coefficients);
  const y = scaleRows(g, K, d, r.e);
  const projected = new Float64Array(K * d);
  const acc = new Float64Array(d);
  for (let i = 0; i < K; i++) {
    acc.fill(0);
    for (let j = 0; j < K; j++) {
      const c = Ch[i * K + j];
      if (c === 0) continue;
      const o = j * d;
      for (let k = 0; k < d; k++) acc[k] += c * y[o + k];
    }
    const oi = i * d;
    for (let k = 0; k < d; k++) {
      const v = ldexp(acc[k], -r.e[i]);
      if (!Number.isFinite(v)) {
        throw overflow(`projected[${i}]`, spec, `entry ${k} of the projected gradient g'_${i}`);
      }
      projected[oi + k] = v;
    }
  }
  const direction = new Float64Array(d);
  for (let i = 0; i < K; i++) for (let k = 0; k < d; k++) direction[k] += projected[i * d + k];
  for (let k = 0; k < d; k++) {
    if (!Number.isFinite(direction[k])) {
      throw overflow('direction', spec, `entry ${k} of the direction d = Σ g'_i`);
    }
  }
  return { C: unscaleCoefficients(Ch, r.e, K), Chat: Ch, e: r.e, projected, direction };
}
