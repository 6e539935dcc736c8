/**
 * `dualproj` (Lopez-Paz & Ranzato 2017, GEM Eq. 11; TorchJD's DualProj): the combination
 * Σ_i u_i g_i (u = 1, or K·pref) projected onto the dual cone {x : x·g_j ≥ 0 for all j}.
 *
 * Gram form: the projection is x = Σ_j v_j g_j with v = u + μ,
 *   μ = argmin_{μ ≥ 0} ‖Σ_j (u_j + μ_j) g_j‖² = argmin_{μ ≥ 0} ½μᵀGμ + (Gu)ᵀμ,
 * solved by the core's active-set NNLS (nnlsGram in simplex.ts), and C = diag(v) (each objective
 * keeps its own share, as for MGDA and CAGrad). From G alone the floor of simplex.ts applies
 * (ε/s² relative for gradients within angle s of antiparallel); with the gradients at hand
 * (project()) the same projection is solved on their QR factor (dualprojFromFactor, qpFactor.ts),
 * exact to ε/s, and its KKT conditions are checked by dualConeCertificate (certificate.ts). Scaling: TorchJD projects the mean (pref 1/K);
 * Concord's 'sum' convention projects the sum, K times that (the projection is positively
 * homogeneous); `scale: 'mean'` gives TorchJD's. `torchjd: true` uses TorchJD's Gram treatment
 * (torchjd.ts).
 */
import { dualConeMultipliers, type Factor } from '../qpFactor';
import { nnlsGram } from '../simplex';
import type { MethodSpec } from '../types';
import { diagonal } from './gramPinv';

/** u = K·pref (pref in TorchJD's units, default 1/K, so u = 1 by default). */
export function prefTimesK(K: number, spec: MethodSpec): Float64Array {
  const u = new Float64Array(K).fill(1);
  if (spec.pref) for (let i = 0; i < K; i++) u[i] = K * spec.pref[i];
  return u;
}

/** v = argmin_{v ≥ u} vᵀQv, as u + nnlsGram(Q, −Qu). */
export function projectWeights(Q: Float64Array, K: number, u: Float64Array): Float64Array {
  const rhs = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += Q[j * K + k] * u[k];
    rhs[j] = -s;
  }
  const mu = nnlsGram(Q, rhs, K);
  for (let j = 0; j < K; j++) mu[j] += u[j];
  return mu;
}

export function dualprojCoefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  return diagonal(projectWeights(G, K, prefTimesK(K, spec)), K);
}

/** The same on the QR factor of the gradients (project()): v = u + μ(u), μ from dualConeMultipliers. */
export function dualprojFromFactor(F: Factor, K: number, spec: MethodSpec): Float64Array {
  const u = prefTimesK(K, spec);
  const mu = dualConeMultipliers(F, K, u);
  for (let j = 0; j < K; j++) mu[j] += u[j];
  return diagonal(mu, K);
}
