/**
 * `config`, ConFIG (Liu et al. 2024, "ConFIG: Towards Conflict-free Training of Physics Informed
 * Neural Networks", Eq. 2; TorchJD's ConFIG): with unit gradients ĝ_i = g_i/‖g_i‖ (0 for a zero
 * row) and preference p (default all 1),
 *   b = pinv([ĝ_1 … ĝ_K]ᵀ)·p,  u = b/‖b‖,  d = (Σ_i g_i·u)·u,
 * the direction with equal cosines to every g_i (when they are independent), scaled so that its
 * projection sum matches the gradients'. Gram form: b = Σ_k a_k ĝ_k with a = Ĝ⁺p, Ĝ the cosine
 * matrix, ‖b‖² = aᵀĜa, g_i·u = Σ_k a_k G_ik/(‖g_k‖‖b‖), so C = diag(ℓ·a_k/(‖b‖‖g_k‖)) with
 * ℓ = Σ_i g_i·u. d = 0 when b = 0, i.e. when p is orthogonal to the range of Û to rounding
 * (inRange). Sum-like as published (equal gradients give d = K·g).
 * Accuracy: Σ_i g_i·d = ‖d‖² and the normal equations Û(s·cos(d, g) − p) = 0 hold to the rounding
 * of d = Σ_k C_kk g_k, ε·Σ_k |C_kk|·‖g_k‖, which grows as Û nears singularity (nearly antiparallel
 * or dependent gradients: the pseudo-inverse's coefficients cancel); checked over the hard input
 * families in test/core-methods/hardWeightings.test.ts.
 */
import type { MethodSpec } from '../types';
import { diagonal, pinvSolve } from './gramPinv';

/**
 * Whether p has a component in the range of Û above rounding: ÛÛ⁺p (= Ûa) is the projection of p
 * onto it, known to about K·ε·‖p‖. Below 16·K·ε·‖p‖, p ⊥ range(Û) as far as Û resolves it, so
 * b = 0 exactly and d = 0: without the test the rounding of a (~ε) was normalised into a
 * direction, and e.g. g = (1), (−3) gave d = Σ g_i = −2 instead of 0.
 */
function inRange(U: Float64Array, K: number, a: Float64Array, p: Float64Array): boolean {
  let r = 0;
  let pp = 0;
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let j = 0; j < K; j++) s += U[i * K + j] * a[j];
    r += s * s;
    pp += p[i] * p[i];
  }
  return Math.sqrt(r) > 16 * K * 2 ** -52 * Math.sqrt(pp);
}

export function configCoefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const n = new Float64Array(K);
  for (let i = 0; i < K; i++) n[i] = Math.sqrt(Math.max(0, G[i * K + i]));
  const U = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      U[i * K + j] = n[i] > 0 && n[j] > 0 ? G[i * K + j] / (n[i] * n[j]) : 0;
    }
  }
  const p = new Float64Array(K).fill(1);
  if (spec.pref) for (let i = 0; i < K; i++) p[i] = spec.pref[i];
  const a = pinvSolve(U, K, p);
  const c = new Float64Array(K);
  if (!inRange(U, K, a, p)) return diagonal(c, K);
  let bb = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) bb += a[i] * U[i * K + j] * a[j];
  const nb = Math.sqrt(Math.max(0, bb));
  if (!(nb > 0)) return diagonal(c, K);
  for (let k = 0; k < K; k++) c[k] = n[k] > 0 ? a[k] / (nb * n[k]) : 0;
  let len = 0;
  for (let i = 0; i < K; i++) for (let k = 0; k < K; k++) len += c[k] * G[i * K + k];
  return diagonal(c, K, len);
}
