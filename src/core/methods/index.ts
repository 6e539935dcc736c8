/**
 * Every projection method of MATH.md §2 works through the Gram matrix: each returns K×K
 * coefficients C with g'_i = Σ_j C_ij g_j, and the direction is d = Σ_i g'_i = Σ_j w_j g_j with
 * w_j = Σ_i C_ij. The GPU kernels use the same form.
 *
 * C depends on G only through ratios, so `coefficients` first rescales G by a power of two
 * (exact) and `project` forms G from the gradients rescaled the same way: no overflow for huge
 * gradients, no underflow for tiny ones.
 */
import { InputError } from '../errors';
import { checkGram, normalizeGram, scaledGram } from '../metrics/scaled';
import type { GradSet, MethodSpec, Projection } from '../types';
import { combineRows, sumRows } from '../vec';
import { cagradCoefficients } from './cagrad';
import { cosineCoefficients } from './cosine';
import { coefficientsFromGradients } from './fromGradients';
import { interactionCoefficients } from './interaction';
import { mgdaCoefficients } from './mgda';
import { pcgradCoefficients } from './pcgrad';
import { validateSpec } from './spec';
import { sumCoefficients } from './sum';
import { upgradCoefficients } from './upgrad';

export {
  ordersForSpec,
  pcgradOrders,
  pcgradPermutation,
  sequentialCoefficients,
} from './pcgrad';
export { UPGRAD_MAX_K, validateSpec } from './spec';

/** C for `spec` from the Gram matrix G (row-major K×K). Validates spec and G. */
export function coefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  validateSpec(spec, K);
  checkGram(G, K);
  const Gn = normalizeGram(G, K);
  switch (spec.id) {
    case 'sum':
      return sumCoefficients(K);
    case 'pcgrad':
      return pcgradCoefficients(Gn, K, spec);
    case 'cosine':
      return cosineCoefficients(Gn, K, spec);
    case 'interaction':
      return interactionCoefficients(Gn, K, spec);
    case 'mgda':
      return mgdaCoefficients(Gn, K, spec);
    case 'cagrad':
      return cagradCoefficients(Gn, K, spec);
    case 'upgrad':
      return upgradCoefficients(Gn, K, spec);
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
  return projectWithGram(gs, spec, null);
}

/**
 * project() with the Gram matrix supplied (e.g. computed on the GPU, or in chunks); any positive
 * scaling of G gives the same coefficients. null: computed here from the rescaled gradients.
 */
export function projectWithGram(gs: GradSet, spec: MethodSpec, G: Float64Array | null): Projection {
  validateSpec(spec, gs.K);
  if (!(gs.d >= 1) || gs.g.length !== gs.K * gs.d) {
    throw new InputError('gradients', `must hold K·d = ${gs.K * gs.d} numbers, got ${gs.g.length}`);
  }
  // With the gradients at hand the QP methods solve on their QR factor (fromGradients.ts).
  const C =
    (G === null ? coefficientsFromGradients(gs, spec) : null) ??
    coefficients(G ?? scaledGram(gs).G, gs.K, spec);
  const projected = combineRows(C, gs.g, gs.K, gs.d);
  return { C, projected, direction: sumRows(projected, gs.K, gs.d) };
}
