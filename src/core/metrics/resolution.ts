/**
 * Resolution metrics (MATH.md §3) for one gradient set and its Projection, in Gram form:
 *   g'_i·g_j = (CG)_ij,  g'_i·g'_j = (CGCᵀ)_ij,  d·g_i = (wᵀG)_i,  ‖d‖² = wᵀGw,  w_j = Σ_i C_ij.
 * Each test is the §1 test with tolerance τ: x·y ≥ −τ‖x‖‖y‖ counts as non-conflicting, and a
 * vector of zero norm conflicts with nothing. A combination x = Σ_k c_k g_k is known only to the
 * rounding of its terms, so its squared norm in Gram form, xᵀGx, carries an error of about
 * Kε·M² with M = Σ_k |c_k|‖g_k‖: a projected gradient or direction with xᵀGx ≤ 8Kε·M² is zero to
 * working precision (e.g. the exactly cancelled g′_i of an antiparallel pair, or an UPGrad
 * projection onto a cone that is only {0}) and conflicts with nothing.
 * - pairwise: an originally conflicting ordered pair (i, j) is resolved when
 *   g'_i·g_j ≥ −τ‖g'_i‖‖g_j‖;
 * - set: every originally conflicting ordered pair is resolved;
 * - direction-safe: d·g_i ≥ −τ‖d‖‖g_i‖ for every i;
 * - projected-pairs: g'_i·g'_j ≥ −τ‖g'_i‖‖g'_j‖ for every i < j.
 * G comes from the gradients rescaled by an exact power of two per row (rowScaled.ts), with C
 * rescaled to match (Ĉ_ij = C_ij·2^(e_i − e_j)): every test compares quantities of equal degree
 * in each gradient, so the verdicts are those of the unscaled set at any magnitude.
 */
import { InputError } from '../errors';
import { directionWeights } from '../methods/index';
import { DEFAULT_TAU, type GradSet, type Projection } from '../types';
import { checkTau, isConflict } from './conflict';
import { resolutionFromVectors } from './resolutionVectors';
import { ldexp, rowScaledGram } from './rowScaled';

export interface ResolutionResult {
  /** Ordered pairs (i, j), i ≠ j, that conflict before projection (twice the unordered count). */
  readonly conflictingOrderedPairs: number;
  /** Of those, the pairs with g'_i·g_j ≥ −τ‖g'_i‖‖g_j‖. */
  readonly resolvedOrderedPairs: number;
  /** Every originally conflicting ordered pair is resolved (true when there were none). */
  readonly allResolved: boolean;
  /** d·g_i ≥ −τ‖d‖‖g_i‖ for all i. */
  readonly directionSafe: boolean;
  /** g'_i·g'_j ≥ −τ‖g'_i‖‖g'_j‖ for all i < j. */
  readonly projectedPairsSafe: boolean;
}

const sqrt0 = (x: number): number => Math.sqrt(Math.max(0, x));

/**
 * Resolution of one set from its Gram matrix G and coefficients C (both row-major K×K). With
 * `rowExp` (e of rowScaled.ts), G and C are the row-scaled Ĝ and Ĉ: the direction d = Σ_i g'_i
 * then has weights w_j = Σ_i Ĉ_ij·2^(E − e_i) on ĝ_j (E = min e_i over non-zero rows, a common
 * factor that no test sees), instead of the column sums of C.
 */
export function resolutionFromGram(
  G: Float64Array,
  C: Float64Array,
  K: number,
  tau: number = DEFAULT_TAU,
  rowExp?: Int32Array,
): ResolutionResult {
  checkTau(tau);
  if (C.length !== K * K) throw new InputError('C', `must have K·K = ${K * K} entries`);
  const CG = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += C[i * K + k] * G[k * K + j];
      CG[i * K + j] = s;
    }
  }
  const P = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += CG[i * K + k] * C[j * K + k];
      P[i * K + j] = s;
    }
  }
  const n = new Float64Array(K);
  for (let i = 0; i < K; i++) n[i] = sqrt0(G[i * K + i]);
  const floor = 8 * K * 2 ** -52;
  const np = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    let M = 0;
    for (let k = 0; k < K; k++) M += Math.abs(C[i * K + k]) * n[k];
    const pii = P[i * K + i];
    np[i] = pii > floor * M * M ? Math.sqrt(pii) : 0;
  }
  let conflicting = 0;
  let resolved = 0;
  let pairsSafe = true;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      if (isConflict(G[i * K + j], n[i], n[j], tau)) {
        conflicting++;
        if (!isConflict(CG[i * K + j], np[i], n[j], tau)) resolved++;
      }
      if (i < j && isConflict(0.5 * (P[i * K + j] + P[j * K + i]), np[i], np[j], tau)) {
        pairsSafe = false;
      }
    }
  }
  const w = rowExp ? rowScaledWeights(C, G, K, rowExp) : directionWeights(C, K);
  const wG = new Float64Array(K);
  let dd = 0;
  for (let j = 0; j < K; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += w[k] * G[k * K + j];
    wG[j] = s;
    dd += s * w[j];
  }
  let Md = 0;
  for (let k = 0; k < K; k++) Md += Math.abs(w[k]) * n[k];
  const nd = dd > floor * Md * Md ? Math.sqrt(dd) : 0;
  let directionSafe = true;
  for (let i = 0; i < K; i++) if (isConflict(wG[i], nd, n[i], tau)) directionSafe = false;
  return {
    conflictingOrderedPairs: conflicting,
    resolvedOrderedPairs: resolved,
    allResolved: resolved === conflicting,
    directionSafe,
    projectedPairsSafe: pairsSafe,
  };
}

/**
 * w_j = Σ_i Ĉ_ij·2^(E − e_i), E = min e_i over the non-zero rows (see resolutionFromGram). A zero
 * g_i has g'_i = 0 under every method and is left out (its exponent e_i = 0 is arbitrary).
 */
function rowScaledWeights(
  Ch: Float64Array,
  G: Float64Array,
  K: number,
  e: Int32Array,
): Float64Array {
  let E = Number.POSITIVE_INFINITY;
  for (let i = 0; i < K; i++) if (G[i * K + i] > 0) E = Math.min(E, e[i]);
  const w = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    if (!(G[i * K + i] > 0)) continue;
    const f = ldexp(1, E - e[i]);
    for (let j = 0; j < K; j++) w[j] += Ch[i * K + j] * f;
  }
  return w;
}

/** Resolution of one gradient set after a method (proj = project(gs, spec)). */
export function resolution(
  gs: GradSet,
  proj: Projection & { Chat?: Float64Array },
  tau: number = DEFAULT_TAU,
): ResolutionResult {
  if (proj.vectorOnly) return resolutionFromVectors(gs, proj.projected, proj.direction, tau);
  const { K } = gs;
  const r = rowScaledGram(gs);
  let Ch = proj.Chat;
  if (!Ch || Ch.length !== K * K) {
    Ch = new Float64Array(K * K);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const v = proj.C[i * K + j];
        Ch[i * K + j] = v === 0 || i === j ? v : ldexp(v, r.e[i] - r.e[j]);
      }
    }
  }
  return resolutionFromGram(r.G, Ch, K, tau, r.e);
}

/** A share with its counts: rate = numerator/denominator, null when the denominator is 0. */
export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  readonly rate: number | null;
}

export interface ResolutionRates {
  /** Sets given. */
  readonly sets: number;
  /** Sets with at least one conflicting pair: the only ones the rates count. */
  readonly setsWithConflict: number;
  /** Resolved / originally conflicting ordered pairs, pooled over those sets. */
  readonly pairwise: Rate;
  /** Sets in which every conflicting pair is resolved. */
  readonly set: Rate;
  /** Sets whose direction d conflicts with no g_i. */
  readonly directionSafe: Rate;
  /** Sets whose projected gradients are pairwise non-conflicting. */
  readonly projectedPairs: Rate;
}

function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator > 0 ? numerator / denominator : null };
}

/** The four rates of §3 over the sets that had at least one conflict. */
export function resolutionRates(results: readonly ResolutionResult[]): ResolutionRates {
  let sets = 0;
  let pairs = 0;
  let resolvedPairs = 0;
  let allResolved = 0;
  let safe = 0;
  let pairsSafe = 0;
  for (const r of results) {
    if (r.conflictingOrderedPairs === 0) continue;
    sets++;
    pairs += r.conflictingOrderedPairs;
    resolvedPairs += r.resolvedOrderedPairs;
    if (r.allResolved) allResolved++;
    if (r.directionSafe) safe++;
    if (r.projectedPairsSafe) pairsSafe++;
  }
  return {
    sets: results.length,
    setsWithConflict: sets,
    pairwise: rate(resolvedPairs, pairs),
    set: rate(allResolved, sets),
    directionSafe: rate(safe, sets),
    projectedPairs: rate(pairsSafe, sets),
  };
}
