/**
 * The two methods that are not in Gram form: they act on the gradients coordinate by coordinate,
 * so they need the vectors, not only G. Both return the projected rows g'_i (K×d).
 *
 * `graddrop`, GradDrop (Chen et al. 2020, "Just Pick a Sign: Optimizing Deep Multitask Models
 * with Gradient Sign Dropout", Algorithm 1 lines 10–15; TorchJD's GradDrop without leak): per
 * coordinate k, the positive sign purity P_k = ½(1 + Σ_i g_ik / Σ_i |g_ik|) (½ when the column is
 * zero), U_k ~ uniform[0, 1) seeded by stepSeed(seed, step, stream), and
 *   g'_ik = g_ik if (P_k > U_k and g_ik > 0) or (P_k < U_k and g_ik < 0), else 0,
 * so each coordinate keeps only one sign. d = Σ_i g'_i, sum-like as published.
 *
 * `trimmedmean`, coordinate-wise trimmed mean (Yin et al. 2018, "Byzantine-Robust Distributed
 * Learning"; TorchJD's TrimmedMean): per coordinate, the t largest and t smallest values are
 * dropped (ties by row index) and the rest averaged. Concord writes it per objective:
 * g'_ik = g_ik·K/(K − 2t) where row i survives in coordinate k, else 0, so d = Σ_i g'_i is K times
 * TorchJD's trimmed mean ('sum' convention; `scale: 'mean'` gives TorchJD's). t = spec.trim
 * (default 1, or 0 when K < 3); needs K ≥ 2t + 1.
 */
import { createRng } from '../rng';
import type { GradSet, MethodSpec, MethodState } from '../types';
import { stepSeed } from './rlw';

export function graddropRows(gs: GradSet, spec: MethodSpec, state?: MethodState): Float64Array {
  const { K, d, g } = gs;
  const rng = createRng(stepSeed(spec.seed ?? 0, state?.step ?? 0, state?.stream ?? 0));
  const out = new Float64Array(K * d);
  for (let k = 0; k < d; k++) {
    let s = 0;
    let a = 0;
    for (let i = 0; i < K; i++) {
      s += g[i * d + k];
      a += Math.abs(g[i * d + k]);
    }
    const P = a > 0 ? 0.5 * (1 + s / a) : 0.5;
    const U = rng.next();
    for (let i = 0; i < K; i++) {
      const x = g[i * d + k];
      if ((P > U && x > 0) || (P < U && x < 0)) out[i * d + k] = x;
    }
  }
  return out;
}

/** Default t: 1, or 0 when K < 3 (TorchJD needs K ≥ 2t + 1). */
export function defaultTrim(K: number): number {
  return K >= 3 ? 1 : 0;
}

export function trimmedMeanRows(gs: GradSet, spec: MethodSpec): Float64Array {
  const { K, d, g } = gs;
  const t = spec.trim ?? defaultTrim(K);
  const out = new Float64Array(K * d);
  const idx = Array.from({ length: K }, (_, i) => i);
  const f = K / (K - 2 * t);
  for (let k = 0; k < d; k++) {
    idx.sort((a, b) => g[a * d + k] - g[b * d + k] || a - b);
    for (let r = t; r < K - t; r++) out[idx[r] * d + k] = f * g[idx[r] * d + k];
  }
  return out;
}
