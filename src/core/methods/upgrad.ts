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
 * Accuracy: the Gram form squares the conditioning of the active gradients, so g'_i is exact to
 * about ε·(Σ_j |C_ij|)²·max_j‖g_j‖. That is ε·max‖g‖ for well-separated gradients, but large
 * coefficients (g_i barely inside or outside the cone, or near-antiparallel gradients making
 * the cone a thin wedge) lose digits accordingly: C entries of 1e4 leave about 1e-8.
 */

import { normalizeGram } from '../metrics/scaled';
import { nnlsGram } from '../simplex';
import type { MethodSpec } from '../types';

export function upgradCoefficients(G0: Float64Array, K: number, _spec: MethodSpec): Float64Array {
  const G = normalizeGram(G0, K);
  const C = new Float64Array(K * K);
  const rhs = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) rhs[j] = -G[j * K + i];
    const mu = nnlsGram(G, rhs, K);
    for (let j = 0; j < K; j++) C[i * K + j] = mu[j];
    C[i * K + i] += 1;
  }
  return C;
}
