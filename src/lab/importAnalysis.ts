/**
 * Analysis of an imported gradient set from its Gram matrix alone (MATH.md §1–§4), so that it
 * works for any d once G and ‖Σ_i g_i‖² are known (a chunked pass computes both for large d):
 *   S = Σ_i G_ii,  B = ‖Σ_i g_i‖² / S  (from the sum vector, never 1 + 2I),  I = Σ_{i<j} G_ij / S,
 *   C = coefficients(G, K, spec) for every method, resolution via resolutionFromGram(G, C, K, τ).
 *
 * The 3-D view: with G = V Λ Vᵀ (λ_1 ≥ … ≥ λ_K ≥ 0) the orthonormal principal directions are
 * u_m = gᵀ v_m / √λ_m, and the coordinates of g_i along them are g_i·u_m = √λ_m V_im. The view
 * therefore holds X = V_m Λ_m^{1/2} (K×m, m = min(K, d)): exact coordinates of every g_i in the
 * span of the gradients, with g'_i = Σ_j C_ij g_j ↦ (C X)_i and d ↦ (wᵀ X). The scene's own
 * principal frame of X is then the top-3 principal subspace of the gradients, with the same
 * spread shares (X Xᵀ = G). Sets with d ≤ 3 are drawn in their own coordinates instead.
 * Choice (MATH.md is silent): eigenvalues below 0 (rounding) are clamped to 0.
 *
 * Scale: G and ‖Σ g‖² come on one common power-of-two scale, 2^(2E) times the unscaled values
 * (gpu/gramChunked.ts), so a set of 1e-200 or 1e200 values is analysed like a set of unit
 * values; S is reported in the original units (with log₁₀ S, which always exists). With the
 * row-scaled Gram matrix Ĝ (core/metrics/rowScaled.ts) the conflict count, the cosines and every
 * per-gradient method are exact at any spread of magnitudes (core/methods/rowProject.ts).
 */
import { InputError } from '../core/errors';
import { cosineFromGram } from '../core/gram';
import { eigenSym } from '../core/linalg/eigenSym';
import {
  coefficients,
  directionWeights,
  project,
  UPGRAD_MAX_K,
  VECTOR_METHODS,
} from '../core/methods/index';
import { rowScaledCoefficients, unscaleCoefficients } from '../core/methods/rowProject';
import { countConflicts } from '../core/metrics/conflict';
import { type ResolutionResult, resolution, resolutionFromGram } from '../core/metrics/resolution';
import { LOG10_2, ldexp, type RowScaledGram } from '../core/metrics/rowScaled';
import { type GradSet, METHOD_IDS, type MethodId, type MethodSpec } from '../core/types';
import type { WorldView } from '../engine/types';

export interface GramSummary {
  /** S = Σ_i ‖g_i‖² in the original units (0 or Infinity only beyond float64's range). */
  S: number;
  /** log₁₀ S (−Infinity when S = 0), defined also where S itself is outside float64's range. */
  log10S: number;
  /** ‖Σ_i g_i‖²/S, null when S = 0 (undefined). */
  B: number | null;
  /** Σ_{i<j} G_ij / S, null when S = 0. */
  I: number | null;
  /** Unordered conflicting pairs i < j (MATH.md §1 with τ). */
  conflicts: number;
}

/** The scale of a Gram matrix given to the analysis (module comment). */
export interface GramScale {
  /** G and sumSq are 2^(2E) times the unscaled values (default 0). */
  E?: number;
  /** The row-scaled Gram matrix of the same set, when known. */
  rowGram?: RowScaledGram;
}

/** S, B, I and the conflict count from G and ‖Σ g_i‖² (`sumSq`), both on scale 2^(2E). */
export function summarizeGram(
  G: Float64Array,
  K: number,
  sumSq: number,
  tau: number,
  scale: GramScale = {},
): GramSummary {
  if (G.length !== K * K) throw new InputError('G', `must be K×K = ${K * K}, got ${G.length}`);
  if (!(sumSq >= 0 && Number.isFinite(sumSq))) {
    throw new InputError('gradients', `‖Σ g_i‖² is ${sumSq}: the gradients are not finite`);
  }
  const E = scale.E ?? 0;
  let S = 0;
  let off = 0;
  for (let i = 0; i < K; i++) {
    S += G[i * K + i];
    for (let j = i + 1; j < K; j++) off += G[i * K + j];
  }
  if (!Number.isFinite(S) || !Number.isFinite(off)) {
    throw new InputError('gradients', 'the Gram matrix is not finite (gradients too large)');
  }
  const conflicts = countConflicts(scale.rowGram?.G ?? G, K, tau);
  if (!(S > 0)) return { S: 0, log10S: Number.NEGATIVE_INFINITY, B: null, I: null, conflicts };
  return {
    S: ldexp(S, -2 * E),
    log10S: Math.log10(S) - 2 * E * LOG10_2,
    B: sumSq / S,
    I: off / S,
    conflicts,
  };
}

/**
 * C for `spec`: from the row-scaled Ĝ when given (exact at any spread of magnitudes), else from G.
 * Returns C on the unscaled gradients and the pair (Gram, coefficients) to test resolution with.
 */
export function methodCoefficients(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
  rowGram?: RowScaledGram,
): { C: Float64Array; testG: Float64Array; testC: Float64Array; rowExp?: Int32Array } {
  if (!rowGram) {
    const C = coefficients(G, K, spec);
    return { C, testG: G, testC: C };
  }
  const Ch = rowScaledCoefficients(rowGram, spec, coefficients);
  return {
    C: unscaleCoefficients(Ch, rowGram.e, K),
    testG: rowGram.G,
    testC: Ch,
    rowExp: rowGram.e,
  };
}

export interface MethodRow {
  id: MethodId;
  /** Resolution metrics, or null when the method cannot run on this set (see `error`). */
  result: ResolutionResult | null;
  error: string | null;
}

/**
 * Every method of MATH.md §2 on this set: C from G, then its resolution metrics. A method that
 * cannot run (UPGrad beyond K = 32, a parameter out of range) gets its InputError message.
 */
export function methodTable(
  G: Float64Array,
  K: number,
  specFor: (id: MethodId) => MethodSpec,
  tau: number,
  gradients: GradSet | null = null,
  rowGram?: RowScaledGram,
): MethodRow[] {
  return METHOD_IDS.map((id) => {
    if (id === 'upgrad' && K > UPGRAD_MAX_K) {
      return { id, result: null, error: `UPGrad needs K ≤ ${UPGRAD_MAX_K}` };
    }
    try {
      // GradDrop and the trimmed mean act on coordinates: they need the gradients themselves.
      if (VECTOR_METHODS.includes(id)) {
        if (!gradients) {
          return { id, result: null, error: 'needs the gradients (not in Gram form); not loaded' };
        }
        return {
          id,
          result: resolution(gradients, project(gradients, specFor(id)), tau),
          error: null,
        };
      }
      const m = methodCoefficients(G, K, specFor(id), rowGram);
      return { id, result: resolutionFromGram(m.testG, m.testC, K, tau, m.rowExp), error: null };
    } catch (e) {
      if (e instanceof InputError) return { id, result: null, error: e.message };
      throw e;
    }
  });
}

export interface PrincipalCoordinates {
  /** K×m row-major: row i holds the coordinates of g_i along u_1..u_m. */
  X: Float64Array;
  m: number;
  /** λ_1..λ_K (descending, clamped at 0). */
  eigenvalues: Float64Array;
  /** Σ_{m≤3} λ_m / Σ_m λ_m (1 when every gradient is zero). */
  share3: number;
}

/** X = V_m Λ_m^{1/2} with m = min(K, d) (module comment). */
export function principalCoordinates(G: Float64Array, K: number, d: number): PrincipalCoordinates {
  if (!(Number.isInteger(d) && d >= 1)) throw new InputError('d', `must be ≥ 1, got ${d}`);
  let scale = 0;
  for (let i = 0; i < K; i++) scale = Math.max(scale, Math.abs(G[i * K + i]));
  const Gs = scale > 0 ? G.map((x) => x / scale) : Float64Array.from(G);
  const eig = eigenSym(Gs, K, 'G');
  const lam = eig.values.map((x) => Math.max(x, 0));
  const m = Math.min(K, d);
  const X = new Float64Array(K * m);
  for (let c = 0; c < m; c++) {
    const r = Math.sqrt(lam[c] * scale);
    for (let i = 0; i < K; i++) X[i * m + c] = r * eig.vectors[i * K + c];
  }
  let total = 0;
  let top = 0;
  for (let c = 0; c < K; c++) {
    total += lam[c];
    if (c < 3) top += lam[c];
  }
  return {
    X,
    m,
    eigenvalues: lam.map((x) => x * scale),
    share3: total > 0 ? Math.min(1, top / total) : 1,
  };
}

/** out (K×n) = C (K×K) · Y (K×n). */
function combine(C: Float64Array, Y: Float64Array, K: number, n: number): Float64Array {
  const out = new Float64Array(K * n);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const c = C[i * K + j];
      if (c !== 0) for (let k = 0; k < n; k++) out[i * n + k] += c * Y[j * n + k];
    }
  }
  return out;
}

/**
 * The drawable view for coordinates Y (K×n: the gradients themselves when d ≤ 3, else the
 * principal coordinates X): g'_i = (C Y)_i, direction = Σ_i g'_i. θ is empty (no flow).
 */
export function importedView(
  G: Float64Array,
  C: Float64Array,
  Y: Float64Array,
  K: number,
  n: number,
): WorldView {
  const projected = combine(C, Y, K, n);
  const w = directionWeights(C, K);
  const direction = new Float64Array(n);
  for (let j = 0; j < K; j++) for (let k = 0; k < n; k++) direction[k] += w[j] * Y[j * n + k];
  return {
    theta: new Float64Array(0),
    gradients: Y,
    projected,
    direction,
    G: Float64Array.from(G),
    C,
  };
}

/** The cosine matrix, re-exported for the store (cos_ij = G_ij/(‖g_i‖‖g_j‖)). */
export const importedCosine = cosineFromGram;
