/**
 * Exact power-of-two rescaling of gradient sets and Gram matrices.
 *
 * Every coefficient matrix C of MATH.md §2 and every conflict or resolution test of §1 and §3 is
 * invariant under g → s·g (s > 0): C depends on G only through ratios, and each test compares
 * two quantities of the same degree. Multiplying by s = 2^k changes no digit of a finite float64
 * (short of overflow or underflow), so Concord rescales by a power of two before forming Gram
 * products: gradients of size 1e200 or 1e-200 then give the same C as gradients of size 1, and
 * the Gram matrix never overflows (‖g‖² would at 1e155) or underflows.
 */
import { InputError } from '../errors';
import type { GradSet } from '../types';
import { rowDot } from '../vec';

/**
 * The power of two s = 2^(−⌊log₂ m⌋) with m·s ∈ [1, 2) (1 when m is 0 or not finite); the
 * exponent is clamped to ±1000 so that s itself is a finite normal number.
 */
export function pow2Scale(m: number): number {
  if (!(m > 0) || !Number.isFinite(m)) return 1;
  const e = Math.max(-1000, Math.min(1000, Math.floor(Math.log2(m))));
  return 2 ** -e;
}

/** Largest |g_ik| over the set. */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < x.length; k++) m = Math.max(m, Math.abs(x[k]));
  return m;
}

/**
 * Gram matrix of σ·g with σ = pow2Scale(max |g_ik|): Ĝ = σ²·G, computed without overflow or
 * underflow. Returns Ĝ and σ (so G = Ĝ/σ² where a caller needs the unscaled values).
 */
export function scaledGram(gs: GradSet): { G: Float64Array; sigma: number } {
  const { K, d, g } = gs;
  const sigma = pow2Scale(maxAbs(g));
  const y = new Float64Array(g.length);
  for (let k = 0; k < g.length; k++) y[k] = g[k] * sigma;
  const G = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      const v = rowDot(y, i, y, j, d);
      G[i * K + j] = v;
      G[j * K + i] = v;
    }
  }
  return { G, sigma };
}

/** Checks that G is a finite row-major K×K array; throws InputError('gradients') otherwise. */
export function checkGram(G: Float64Array, K: number): void {
  if (!(G instanceof Float64Array) || G.length !== K * K) {
    throw new InputError('gradients', `Gram matrix must have K·K = ${K * K} entries`);
  }
  for (let k = 0; k < G.length; k++) {
    if (!Number.isFinite(G[k])) {
      throw new InputError(
        'gradients',
        `Gram matrix entry ${k} is ${G[k]} (gradients too large or not finite)`,
      );
    }
  }
}

/** Ĝ = s·G with s = pow2Scale(max_i G_ii), so that max_i Ĝ_ii ∈ [1, 2) (G itself if all 0). */
export function normalizeGram(G: Float64Array, K: number): Float64Array {
  let m = 0;
  for (let i = 0; i < K; i++) m = Math.max(m, G[i * K + i]);
  const s = pow2Scale(m);
  if (s === 1) return G;
  const out = new Float64Array(K * K);
  for (let k = 0; k < K * K; k++) out[k] = G[k] * s;
  return out;
}
