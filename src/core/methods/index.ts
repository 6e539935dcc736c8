/**
 * Every projection method of MATH.md §2 works through the Gram matrix: each returns K×K
 * coefficients C with g'_i = Σ_j C_ij g_j, and the direction is d = Σ_i g'_i = Σ_j w_j g_j with
 * w_j = Σ_i C_ij. The GPU kernels use the same form.
 */
import { InputError } from '../errors';
import { gram } from '../gram';
import type { GradSet, MethodSpec, Projection } from '../types';
import { combineRows, sumRows } from '../vec';
import { sumCoefficients } from './sum';

/** C for `spec` from the Gram matrix G (row-major K×K). */
export function coefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  switch (spec.id) {
    case 'sum':
      return sumCoefficients(K);
    default:
      throw new InputError('method', `unknown method "${String(spec.id)}"`);
  }
}

/** Column sums w_j = Σ_i C_ij, so that d = Σ_j w_j g_j. */
export function directionWeights(C: Float64Array, K: number): Float64Array {
  const w = new Float64Array(K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) w[j] += C[i * K + j];
  return w;
}

/** Applies `spec` to the gradient set: projected gradients and d = Σ_i g'_i. */
export function project(gs: GradSet, spec: MethodSpec): Projection {
  const C = coefficients(gram(gs), gs.K, spec);
  const projected = combineRows(C, gs.g, gs.K, gs.d);
  return { C, projected, direction: sumRows(projected, gs.K, gs.d) };
}
