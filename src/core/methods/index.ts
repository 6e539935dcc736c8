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
import type { RowScaledGram } from '../metrics/rowScaled';
import { checkGram, normalizeGram, scaledGram } from '../metrics/scaled';
import type { GradSet, MethodSpec, MethodState, Projection } from '../types';
import { combineRows, sumRows } from '../vec';
import { alignedmtlCoefficients } from './alignedmtl';
import { cagradCoefficients } from './cagrad';
import { configCoefficients } from './conflictFree';
import { cosineCoefficients } from './cosine';
import { dualprojCoefficients } from './dualproj';
import { rowScaledFromGradients } from './fromGradients';
import { gradvacCoefficients } from './gradvac';
import { pinvSolve } from './gramPinv';
import { imtlgCoefficients } from './imtlg';
import { interactionCoefficients } from './interaction';
import { krumCoefficients } from './krum';
import { mgdaCoefficients } from './mgda';
import { nashmtlCoefficients } from './nashmtl';
import { pcgradCoefficients } from './pcgrad';
import { rlwCoefficients } from './rlw';
import { projectRowScaled } from './rowProject';
import { validateSpec } from './spec';
import { sumCoefficients } from './sum';
import { dualprojTorchjdCoefficients, upgradTorchjdCoefficients } from './torchjd';
import { upgradCoefficients } from './upgrad';
import { graddropRows, trimmedMeanRows } from './vectorMethods';
import { constantCoefficients, meanCoefficients } from './weightings';

export {
  ordersForSpec,
  pcgradOrders,
  pcgradPermutation,
  sequentialCoefficients,
} from './pcgrad';
export { UPGRAD_MAX_K, validateSpec } from './spec';

/** The methods that need the gradients themselves (not in Gram form: vectorMethods.ts). */
export const VECTOR_METHODS: readonly MethodSpec['id'][] = ['graddrop', 'trimmedmean'];

/** The methods that carry a MethodState across steps (seeded draws, targets, warm start). */
export const STATEFUL_METHODS: readonly MethodSpec['id'][] = [
  'gradvac',
  'nashmtl',
  'rlw',
  'graddrop',
];

/**
 * C for `spec` from the Gram matrix G (row-major K×K). Validates spec and G. `state` (one per
 * world, see MethodState) is read and updated by the stateful methods; without it they start
 * fresh and keep nothing. Scaling convention: every method is computed in Concord's 'sum'
 * convention (equal gradients g_i = g give d = K·g, like `sum`); `scale: 'mean'` divides C by K,
 * which is TorchJD's convention for the methods whose published weights sum to 1 (mgda, cagrad,
 * upgrad, dualproj, imtlg, alignedmtl, krum, trimmedmean, rlw, mean). Each method's file says
 * which form is its published one.
 */
export function coefficients(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
  state?: MethodState,
): Float64Array {
  const C = sumConventionCoefficients(G, K, spec, state);
  if (spec.scale === 'mean') for (let k = 0; k < C.length; k++) C[k] /= K;
  return C;
}

function sumConventionCoefficients(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
  state?: MethodState,
): Float64Array {
  validateSpec(spec, K);
  checkGram(G, K);
  const Gn = normalizeGram(G, K);
  switch (spec.id) {
    case 'dualproj':
      return spec.torchjd
        ? dualprojTorchjdCoefficients(Gn, K, spec)
        : dualprojCoefficients(Gn, K, spec);
    case 'imtlg':
      return imtlgCoefficients(Gn, K, spec);
    case 'alignedmtl':
      return alignedmtlCoefficients(Gn, K, spec);
    case 'nashmtl':
      return nashmtlCoefficients(Gn, K, spec, state);
    case 'config':
      return configCoefficients(Gn, K, spec);
    case 'krum':
      return krumCoefficients(Gn, K, spec);
    case 'rlw':
      return rlwCoefficients(K, spec, state);
    case 'mean':
      return meanCoefficients(K);
    case 'constant':
      return constantCoefficients(K, spec);
    case 'gradvac':
      return gradvacCoefficients(Gn, K, spec, state);
    case 'graddrop':
    case 'trimmedmean':
      throw new InputError(
        'method',
        `${spec.id} is not in Gram form: it needs the gradients themselves (use project)`,
      );
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
      return spec.torchjd
        ? upgradTorchjdCoefficients(Gn, K, spec)
        : upgradCoefficients(Gn, K, spec);
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

/**
 * Applies `spec` to the gradient set: projected gradients and d = Σ_i g'_i, through the Gram
 * matrix of the gradients rescaled by a power of two per row (rowProject.ts): exact at every
 * magnitude; a result outside float64's range is an InputError. The QP methods solve on the QR
 * factor of the rescaled gradients (fromGradients.ts).
 */
export function project(gs: GradSet, spec: MethodSpec, state?: MethodState): Projection {
  return projectWithGram(gs, spec, null, state);
}

/** Options of projectWithGram. */
export interface ProjectWithGramOptions {
  /**
   * Solve the QP methods on the QR factor of the gradients (fromGradients.ts) even though a
   * RowScaledGram is supplied (a CPU float64 one, kept for the caller's metrics); default: only
   * when G is null. A supplied G from the GPU should not set it: its floor is the Gram form's.
   */
  readonly factor?: boolean;
}

/**
 * project() with the Gram matrix supplied (e.g. computed on the GPU, or in chunks): a
 * RowScaledGram (rowScaled.ts), or a plain G whose positive scaling does not matter (then the
 * projection is formed from it directly). null: the row-scaled Gram matrix is computed here.
 */
export function projectWithGram(
  gs: GradSet,
  spec: MethodSpec,
  G: Float64Array | RowScaledGram | null,
  state?: MethodState,
  opts: ProjectWithGramOptions = {},
): Projection {
  validateSpec(spec, gs.K);
  if (!(gs.d >= 1) || gs.g.length !== gs.K * gs.d) {
    throw new InputError('gradients', `must hold K·d = ${gs.K * gs.d} numbers, got ${gs.g.length}`);
  }
  if (VECTOR_METHODS.includes(spec.id)) return projectVectorMethod(gs, spec, state);
  if (G === null || !(G instanceof Float64Array)) {
    const withState = (Gm: Float64Array, K: number, s: MethodSpec) => coefficients(Gm, K, s, state);
    // With the gradients at hand the QP methods solve on their QR factor (fromGradients.ts).
    const onFactor = G === null || opts.factor === true;
    return projectRowScaled(gs, spec, withState, G, onFactor ? rowScaledFromGradients : null);
  }
  const C = coefficients(G, gs.K, spec, state);
  const projected = combineRows(C, gs.g, gs.K, gs.d);
  return { C, projected, direction: sumRows(projected, gs.K, gs.d) };
}

/**
 * graddrop and trimmedmean from the gradients (vectorMethods.ts). C is only their least-squares
 * summary, C_i = G⁺(g·g'_i) (the coefficients of the projection of g'_i onto the span of the g_j,
 * from the gradients rescaled by a power of two), and the Projection says vectorOnly.
 */
function projectVectorMethod(gs: GradSet, spec: MethodSpec, state?: MethodState): Projection {
  const { K, d } = gs;
  const projected =
    spec.id === 'graddrop' ? graddropRows(gs, spec, state) : trimmedMeanRows(gs, spec);
  if (spec.scale === 'mean') for (let k = 0; k < projected.length; k++) projected[k] /= K;
  const { G, sigma } = scaledGram(gs);
  const C = new Float64Array(K * K);
  const b = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += gs.g[j * d + k] * sigma * projected[i * d + k] * sigma;
      b[j] = s;
    }
    C.set(pinvSolve(G, K, b), i * K);
  }
  return { C, projected, direction: sumRows(projected, K, d), vectorOnly: true };
}

/**
 * The step direction d of `spec` at gradients g (K×d) with Gram matrix G, for the engines:
 * Σ_j w_j g_j from C in Gram form, or Σ_i g'_i for the vector methods.
 */
export function stepDirection(
  gs: GradSet,
  G: Float64Array,
  spec: MethodSpec,
  state?: MethodState,
): Float64Array {
  if (VECTOR_METHODS.includes(spec.id)) return project(gs, spec, state).direction;
  const w = directionWeights(coefficients(G, gs.K, spec, state), gs.K);
  const out = new Float64Array(gs.d);
  for (let j = 0; j < gs.K; j++) {
    const f = w[j];
    if (f !== 0) for (let k = 0; k < gs.d; k++) out[k] += f * gs.g[j * gs.d + k];
  }
  return out;
}
