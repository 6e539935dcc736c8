/**
 * Fixed weightings d = Σ_j w_j g_j, C = diag(w) (TorchJD's Mean and Constant).
 * - `mean`: w_j = 1/K in the published form (TorchJD's Mean). Its weights sum to 1, so in
 *   Concord's 'sum' convention (C·K, see index.ts) it equals `sum`; `scale: 'mean'` gives 1/K.
 * - `constant`: w_j = spec.weights[j] (default all 1), d = Σ_j w_j g_j as published (TorchJD's
 *   Constant); the 'sum' convention leaves it as it is.
 */
import type { MethodSpec } from '../types';
import { diagonal } from './gramPinv';

export function meanCoefficients(K: number): Float64Array {
  return diagonal(new Float64Array(K).fill(1 / K), K, K);
}

export function constantCoefficients(K: number, spec: MethodSpec): Float64Array {
  return diagonal(spec.weights ?? new Float64Array(K).fill(1), K);
}
