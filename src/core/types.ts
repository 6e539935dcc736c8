/**
 * Shared types of the float64 core.
 *
 * A gradient set holds K gradients g_1..g_K ∈ R^d as one row-major Float64Array of K·d entries:
 * g_i occupies entries [i·d, (i+1)·d).
 */
import { InputError, requireFinite } from './errors';

export interface GradSet {
  readonly K: number;
  readonly d: number;
  /** Row-major K×d. */
  readonly g: Float64Array;
}

/** Default conflict tolerance τ of MATH.md §1. */
export const DEFAULT_TAU = 1e-9;

export const METHOD_IDS = [
  'sum',
  'pcgrad',
  'cosine',
  'interaction',
  'mgda',
  'cagrad',
  'upgrad',
  'dualproj',
  'imtlg',
  'alignedmtl',
  'nashmtl',
  'graddrop',
  'config',
  'krum',
  'trimmedmean',
  'rlw',
  'mean',
  'constant',
  'gradvac',
] as const;
export type MethodId = (typeof METHOD_IDS)[number];

/**
 * A projection method and its parameters (MATH.md §2). Fields a method does not use are ignored.
 * - alpha: cosine strength α ∈ [0, 1] (default 1).
 * - mode: cosine, 'simultaneous' (default) or 'sequential'.
 * - A: interaction matrix, row-major K×K (diagonal ignored); default all zeros.
 * - gating: interaction, 'conflicting' (default) or 'all'.
 * - order: pcgrad and sequential cosine, 'random' (default, seeded) or 'fixed' (ascending j).
 * - seed: for the random order (default 0).
 * - shuffle: random order drawn afresh at every step ('per-step', default, as published) or
 *   once for the whole run ('once').
 * - step: the flow's step number t, set by the flows and engines (default 0); it selects the
 *   per-step permutation and nothing else. The permutation depends on the run's seed and the
 *   step only, so every world of a sweep or basin map (and a split of one over workers) sees
 *   the order sequence of a standalone run with that seed.
 * - tau: conflict tolerance τ (default 1e-9).
 * - c: cagrad parameter c ∈ [0, 1) (default 0.5).
 */
export interface MethodSpec {
  id: MethodId;
  alpha?: number;
  mode?: 'simultaneous' | 'sequential';
  A?: Float64Array;
  gating?: 'conflicting' | 'all';
  order?: 'random' | 'fixed';
  seed?: number;
  shuffle?: 'per-step' | 'once';
  step?: number;
  tau?: number;
  c?: number;
  /**
   * Scaling convention (methods/index.ts): 'sum' (default, Concord's: d = Σ g_i when all g_i are
   * equal) or 'mean' (C/K: TorchJD's convention for the methods whose published weights sum to 1).
   */
  scale?: 'sum' | 'mean';
  /** upgrad, dualproj: TorchJD's Gram treatment (trace normalisation, +1e-4·I); see torchjd.ts. */
  torchjd?: boolean;
  /** Preference vector (K entries > 0 … any finite): upgrad/dualproj (torchjd), alignedmtl, config. */
  pref?: ArrayLike<number>;
  /** constant: the K weights w_i of d = Σ_i w_i g_i (default all 1). */
  weights?: ArrayLike<number>;
  /** gradvac: EMA rate β ∈ (0, 1] of the running targets (default 0.01). */
  beta?: number;
  /** gradvac: a fixed target cosine φᵀ ∈ [−1, 1) instead of the running targets. */
  target?: number;
  /** krum: assumed number f of adversarial rows (default 0); needs K ≥ f + 3. */
  byzantine?: number;
  /** krum: Multi-Krum's number m of selected rows (default 1). */
  selected?: number;
  /** trimmedmean: rows t trimmed at each end of every coordinate (default 1, or 0 when K < 3). */
  trim?: number;
}

/**
 * What a method carries from one step to the next, one per world (the engine keeps it):
 * the step number and stream (world index) that seed RLW and GradDrop, GradVac's running K×K
 * targets φ̂_ij, and Nash-MTL's last weights (its warm start). Created by createMethodState.
 */
export interface MethodState {
  step: number;
  stream: number;
  gradvacTargets: Float64Array | null;
  nashAlpha: Float64Array | null;
}

export function createMethodState(stream = 0): MethodState {
  return { step: 0, stream, gradvacTargets: null, nashAlpha: null };
}

/** Result of applying a method: projected gradients g'_i and the direction d = Σ_i g'_i. */
export interface Projection {
  /** Row-major K×K coefficients with g'_i = Σ_j C_ij g_j. */
  readonly C: Float64Array;
  /** Projected gradients, row-major K×d. */
  readonly projected: Float64Array;
  /** d = Σ_i g'_i. */
  readonly direction: Float64Array;
  /**
   * true for the methods that are not in Gram form (graddrop, trimmedmean): g'_i is not a
   * combination of the g_j, and C is only its least-squares summary (metrics use the vectors).
   */
  readonly vectorOnly?: boolean;
}

/**
 * Builds a GradSet from K rows, checking shape and values. Throws InputError naming the field:
 * empty or ragged rows, non-finite entries.
 */
export function gradSetFromRows(rows: ArrayLike<number>[], field = 'gradients'): GradSet {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new InputError(field, 'must be a non-empty array of gradient vectors');
  }
  const K = rows.length;
  const d = rows[0]?.length ?? 0;
  if (!(d > 0)) throw new InputError(`${field}[0]`, 'must be a non-empty array of numbers');
  const g = new Float64Array(K * d);
  for (let i = 0; i < K; i++) {
    const r = rows[i];
    if (r == null || typeof r.length !== 'number') {
      throw new InputError(`${field}[${i}]`, 'must be an array of numbers');
    }
    if (r.length !== d) {
      throw new InputError(`${field}[${i}]`, `has length ${r.length}, expected ${d} like row 0`);
    }
    for (let k = 0; k < d; k++) {
      const x = r[k];
      if (typeof x !== 'number') {
        throw new InputError(`${field}[${i}][${k}]`, `must be a number, got ${typeof x}`);
      }
    }
    requireFinite(r, `${field}[${i}]`);
    g.set(r, i * d);
  }
  return { K, d, g };
}

/** Rows of a GradSet as plain arrays (for JSON output). */
export function gradSetToRows(gs: GradSet): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < gs.K; i++) out.push(Array.from(gs.g.subarray(i * gs.d, (i + 1) * gs.d)));
  return out;
}
