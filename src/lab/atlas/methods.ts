/**
 * The rows of the method atlas: every method of Concord at its default parameters (seeded where
 * it draws at random), plus TorchJD's Gram treatment of UPGrad and DualProj, and which of the
 * measured properties each one promises (from its paper, or a short proof where noted). The
 * shared property assertions require the promised ones and report the others.
 */
import { METHOD_IDS, type MethodId, type MethodSpec } from '../../core/types';

export const PROPERTY_IDS = [
  'nonConflicting',
  'permutationInvariant',
  'linearUnderScaling',
  'weighted',
  'paretoFixedPoints',
] as const;
export type PropertyId = (typeof PROPERTY_IDS)[number];

export const PROPERTY_LABELS: Record<PropertyId, string> = {
  nonConflicting: 'non-conflicting',
  permutationInvariant: 'permutation-invariant',
  linearUnderScaling: 'linear under scaling',
  weighted: 'weighted',
  paretoFixedPoints: 'Pareto-stationary fixed points',
};

export interface AtlasMethod {
  /** Unique key (the method id, or id + variant). */
  key: string;
  label: string;
  spec: MethodSpec;
  promises: readonly PropertyId[];
}

const ALL: readonly PropertyId[] = PROPERTY_IDS;
const GRAM: readonly PropertyId[] = ['permutationInvariant', 'weighted'];

/**
 * Promises:
 * - every Gram-form method is weighted (d = Σ_j w_j g_j by construction);
 * - permutation invariance for every method that treats objectives symmetrically and draws no
 *   per-objective randomness (not pcgrad/cosine-sequential/gradvac with seeded orders, not rlw,
 *   not constant with its per-objective weights, not krum: it breaks ties by index);
 * - non-conflicting: mgda (u·g_i ≥ ‖u‖²), upgrad and dualproj (d is in the dual cone);
 * - linear under scaling: sum, mean, constant (linear maps), upgrad (Quinton & Rey 2024, Prop.);
 * - Pareto-stationary fixed points (d = 0 when 0 = Σ λ_i g_i with every λ_i > 0): mgda, upgrad and
 *   dualproj (the dual cone is then the orthogonal complement of the span).
 */
const PROMISES: Record<MethodId, readonly PropertyId[]> = {
  sum: ['permutationInvariant', 'linearUnderScaling', 'weighted'],
  pcgrad: ['weighted'],
  cosine: GRAM,
  interaction: GRAM,
  mgda: ['nonConflicting', 'permutationInvariant', 'weighted', 'paretoFixedPoints'],
  cagrad: GRAM,
  upgrad: ALL,
  dualproj: ['nonConflicting', 'permutationInvariant', 'weighted', 'paretoFixedPoints'],
  imtlg: GRAM,
  alignedmtl: GRAM,
  // Permutation-invariant in exact arithmetic, but for K > d (no bargaining solution: the ridge
  // of nashmtl.ts decides) the Newton solution is conditioned ~1e8 and reorderings move d by ~1e-6.
  nashmtl: ['weighted'],
  graddrop: ['permutationInvariant'],
  config: GRAM,
  // Ties: with K − f − 2 = 1 the two mutually nearest rows always share a score, and the lower
  // index wins, so Krum is not permutation-invariant in general.
  krum: ['weighted'],
  trimmedmean: ['permutationInvariant'],
  rlw: ['weighted'],
  mean: ['permutationInvariant', 'linearUnderScaling', 'weighted'],
  constant: ['linearUnderScaling', 'weighted'],
  gradvac: ['weighted'],
};

/** The atlas rows for K objectives (the interaction method with A_ij = ½ off the diagonal). */
export function atlasMethods(K: number, seed: number): AtlasMethod[] {
  const out: AtlasMethod[] = [];
  for (const id of METHOD_IDS) {
    const spec: MethodSpec = { id, seed };
    if (id === 'interaction') {
      const A = new Float64Array(K * K);
      for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) if (i !== j) A[i * K + j] = 0.5;
      spec.A = A;
    }
    if (id === 'cosine') spec.alpha = 0.5;
    if (id === 'pcgrad' || id === 'gradvac') spec.order = 'random';
    out.push({ key: id, label: id, spec, promises: PROMISES[id] });
    if (id === 'upgrad' || id === 'dualproj') {
      out.push({
        key: `${id}-torchjd`,
        label: `${id} (TorchJD Gram)`,
        spec: { id, torchjd: true },
        // The 1e-4 regulariser moves d off the exact cone by O(1e-4): only the Gram-form promises.
        promises: GRAM,
      });
    }
  }
  return out;
}
