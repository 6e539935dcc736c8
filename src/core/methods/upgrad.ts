/**
 * `upgrad` (Quinton & Rey 2024, TorchJD's UPGrad; MATH.md §2): each g_i is projected onto the
 * dual cone {v : v·g_j ≥ 0 for all j}, and d = Σ_i g'_i (K times TorchJD's mean), K ≤ 32.
 *
 * Gram form, as TorchJD does it: the projection is g'_i = g_i + Σ_j μ_j g_j with
 * μ = argmin_{μ ≥ 0} ‖g_i + Σ_j μ_j g_j‖² = argmin_{μ ≥ 0} ½μᵀGμ + (G e_i)ᵀμ (the dual of the
 * projection; equivalently TorchJD's min vᵀGv s.t. v ≥ e_i with v = e_i + μ), so row i of C is
 * e_i + μ. Solved exactly by the Lawson–Hanson active set (nnlsGram, simplex.ts) with its stated
 * stopping rule. TorchJD by default normalises G by its trace and adds 1e-4·I before calling a
 * QP solver; Concord solves the unregularised projection, so it differs from TorchJD's default by
 * O(1e-4) relatively and satisfies g'_i·g_j ≥ 0 to rounding. The conflict tolerance τ does not
 * enter: the cone is exact, so a pair with cos_ij in (−τ, 0), non-conflicting under §1, is still
 * projected. The projected g'_i are unique; the coefficients μ are not when the g_j are linearly
 * dependent (any valid μ gives the same g'_i).
 *
 * Accuracy: each row's KKT conditions (μ ≥ 0, g_j·g'_i ≥ 0, μ_j·(g_j·g'_i) = 0) hold to the
 * rounding of the data (upgradCertificate, certificate.ts). From G alone (coefficients(), the
 * engines) the floor of simplex.ts applies: near-antiparallel gradients at angle s from −1 make
 * the cone a wedge that needs coefficients ~1/s, and G resolves it only to ε/s² relative. With
 * the gradients at hand (project()) the same projection is solved on their QR factor
 * (upgradFromFactor, qpFactor.ts), exact to ε/s.
 */

import { normalizeGram } from '../metrics/scaled';
import { dualConeMultipliers, type Factor } from '../qpFactor';
import { nnlsGram } from '../simplex';
import type { MethodSpec } from '../types';

/** C with row i = e_i + μ(e_i), μ(t) the dual-cone multipliers of Σ_k t_k g_k. */
function upgradRows(K: number, multipliers: (t: Float64Array) => Float64Array): Float64Array {
  const C = new Float64Array(K * K);
  const t = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    t.fill(0);
    t[i] = 1;
    const mu = multipliers(t);
    for (let j = 0; j < K; j++) C[i * K + j] = mu[j];
    C[i * K + i] += 1;
  }
  return C;
}

export function upgradCoefficients(G0: Float64Array, K: number, _spec: MethodSpec): Float64Array {
  const G = normalizeGram(G0, K);
  const rhs = new Float64Array(K);
  return upgradRows(K, (t) => {
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s -= G[j * K + k] * t[k];
      rhs[j] = s;
    }
    return nnlsGram(G, rhs, K);
  });
}

/** The same on the QR factor of the gradients (project()). */
export function upgradFromFactor(F: Factor, K: number, _spec: MethodSpec): Float64Array {
  return upgradRows(K, (t) => dualConeMultipliers(F, K, t));
}
