/**
 * `imtlg`, IMTL-G (Liu et al. 2021, "Towards Impartial Multi-task Learning"), in the form that
 * allows dependent gradients (Quinton & Rey 2024, A_IMTL-G; TorchJD's IMTLG): the direction whose
 * projections onto every unit gradient are equal, d ∝ Σ_j v_j g_j with
 *   v = G⁺ n,  n_i = ‖g_i‖ = √G_ii,   w = v / Σ_j v_j   (w = 0 when |Σ_j v_j| < 1e-12),
 * so d·g_i/‖g_i‖ is the same for every i (when G is invertible). C = diag(K·w): TorchJD's weights
 * sum to 1 (mean convention); Concord's 'sum' convention multiplies by K. G⁺ by gramPinv.ts. G
 * arrives scaled so that max G_ii ∈ [1, 2), which fixes the scale of the 1e-12 cut.
 * Accuracy: v satisfies the least-squares condition G(Gv − n) = 0 to the rounding of G
 * (256K·ε·‖G‖(‖G‖‖v‖ + ‖n‖)) on every hard input family (singular G included), checked in
 * test/core-methods/hardWeightings.test.ts; the equal projections hold where n lies in G's range.
 */
import type { MethodSpec } from '../types';
import { diagonal, pinvSolve } from './gramPinv';

export function imtlgCoefficients(G: Float64Array, K: number, _spec: MethodSpec): Float64Array {
  const n = new Float64Array(K);
  for (let i = 0; i < K; i++) n[i] = Math.sqrt(Math.max(0, G[i * K + i]));
  const v = pinvSolve(G, K, n);
  let s = 0;
  for (let i = 0; i < K; i++) s += v[i];
  if (!(Math.abs(s) >= 1e-12)) return new Float64Array(K * K);
  return diagonal(v, K, K / s);
}
