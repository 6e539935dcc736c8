/**
 * The CPU engine's large-d measure and step, blocked so that every chunk of the K gradient rows
 * is read from memory once for all K(K+1)/2 pairs (the core's gram() and balance() read each row
 * K times, and the step reads θ' K times). Same quantities as the core, float64, with the core's
 * power-of-two scaling against overflow (σ = pow2Scale(max|g_ik|), y = σ·g exact):
 *   Ĝ_ij = Σ_k y_ik y_jk,  ŝ_k = Σ_i y_ik,  G = Ĝ/σ²,  S = tr Ĝ/σ²,
 *   B = ‖ŝ‖²/tr Ĝ (directly from the sum, never 1 + 2I),  I = Σ_{i<j} Ĝ_ij / tr Ĝ,  Σg = ŝ/σ.
 * Only the order of the float64 sums differs from the core (chunks of BLOCK columns).
 */
import { maxAbs, pow2Scale } from '../core/metrics/scaled';

/** Columns per chunk: K = 16 rows of 512 doubles are 64 kB, about an L2-resident tile. */
export const BLOCK = 512;
/** d from which the CPU engine takes the blocked path. */
export const BLOCKED_MIN_D = 4096;

export interface BlockedMeasure {
  G: Float64Array;
  S: number;
  /** NaN where S = 0. */
  B: number;
  I: number;
  sum: Float64Array;
}

/** Gram matrix, balance and Σ_i g_i of the K×d rows g in one blocked pass. */
export function blockedMeasure(g: Float64Array, K: number, d: number): BlockedMeasure {
  const sigma = pow2Scale(maxAbs(g));
  const Gh = new Float64Array(K * K);
  const sum = new Float64Array(d);
  let ss = 0;
  // The chunk of y = σ·g, K rows of BLOCK columns, in a scratch tile.
  const y = new Float64Array(K * BLOCK);
  for (let c0 = 0; c0 < d; c0 += BLOCK) {
    const n = Math.min(d, c0 + BLOCK) - c0;
    for (let i = 0; i < K; i++) {
      const oi = i * d + c0;
      const ti = i * BLOCK;
      for (let k = 0; k < n; k++) {
        const v = g[oi + k] * sigma;
        y[ti + k] = v;
        sum[c0 + k] += v;
      }
    }
    for (let i = 0; i < K; i++) {
      const ti = i * BLOCK;
      for (let j = i; j < K; j++) {
        const tj = j * BLOCK;
        let s = 0;
        for (let k = 0; k < n; k++) s += y[ti + k] * y[tj + k];
        Gh[i * K + j] += s;
      }
    }
    for (let k = c0; k < c0 + n; k++) ss += sum[k] * sum[k];
  }
  let tr = 0;
  let off = 0;
  for (let i = 0; i < K; i++) {
    tr += Gh[i * K + i];
    for (let j = i + 1; j < K; j++) off += Gh[i * K + j];
  }
  const G = new Float64Array(K * K);
  const inv = 1 / (sigma * sigma);
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++) {
      const v = Gh[i * K + j] * inv;
      G[i * K + j] = v;
      G[j * K + i] = v;
    }
  }
  for (let k = 0; k < d; k++) sum[k] /= sigma;
  const S = tr * inv;
  return { G, S, B: tr > 0 ? ss / tr : Number.NaN, I: tr > 0 ? off / tr : Number.NaN, sum };
}

/** next_k −= Σ_j f_j g_jk, chunk by chunk (each chunk of next is written once). */
export function blockedStep(next: Float64Array, g: Float64Array, f: Float64Array, K: number): void {
  const d = next.length;
  for (let c0 = 0; c0 < d; c0 += BLOCK) {
    const c1 = Math.min(d, c0 + BLOCK);
    for (let j = 0; j < K; j++) {
      const fj = f[j];
      if (fj === 0) continue;
      const oj = j * d;
      for (let k = c0; k < c1; k++) next[k] -= fj * g[oj + k];
    }
  }
}
