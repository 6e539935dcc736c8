/**
 * `rlw`, random loss weighting (Lin et al. 2022, "Reasonable Effectiveness of Random Weighting";
 * TorchJD's Random): w = softmax(z) with z_i ~ N(0, 1) drawn afresh at every step, d = Σ_j w_j g_j.
 * Seeded: z comes from createRng(stepSeed(seed, step, stream)), so a run is reproducible from its
 * seed and each world (stream) and step gets its own draw. C = diag(K·w) (weights sum to 1:
 * TorchJD's mean convention is `scale: 'mean'`).
 */
import { createRng } from '../rng';
import type { MethodSpec, MethodState } from '../types';
import { diagonal } from './gramPinv';

/** One 32-bit seed from (seed, step, stream), mixed so that neighbours give unrelated streams. */
export function stepSeed(seed: number, step: number, stream: number): number {
  let h = (seed | 0) ^ 0x85ebca6b;
  h = Math.imul(h ^ (step | 0), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ (stream | 0), 0xc2b2ae35);
  return (h ^ (h >>> 13)) | 0;
}

export function rlwCoefficients(K: number, spec: MethodSpec, state?: MethodState): Float64Array {
  const rng = createRng(stepSeed(spec.seed ?? 0, state?.step ?? 0, state?.stream ?? 0));
  const z = new Float64Array(K);
  let zmax = -Infinity;
  for (let i = 0; i < K; i++) {
    z[i] = rng.normal();
    zmax = Math.max(zmax, z[i]);
  }
  let s = 0;
  for (let i = 0; i < K; i++) {
    z[i] = Math.exp(z[i] - zmax);
    s += z[i];
  }
  return diagonal(z, K, K / s);
}
