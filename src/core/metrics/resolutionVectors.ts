/**
 * Resolution metrics of MATH.md §3 from the vectors themselves, for the methods that are not in
 * Gram form (graddrop, trimmedmean: their g'_i is not a combination of the g_j, so C cannot give
 * g'_i·g_j). Same tests as resolution.ts: x·y ≥ −τ‖x‖‖y‖ is non-conflicting, a zero vector
 * conflicts with nothing. The vectors are rescaled by one power of two first (exact), so no
 * product overflows; g'_i is a masked (and uniformly scaled) copy of g_i, exact in float64.
 */
import type { GradSet } from '../types';
import { rowDot } from '../vec';
import { isConflict } from './conflict';
import type { ResolutionResult } from './resolution';
import { maxAbs, pow2Scale } from './scaled';

export function resolutionFromVectors(
  gs: GradSet,
  projected: Float64Array,
  direction: Float64Array,
  tau: number,
): ResolutionResult {
  const { K, d } = gs;
  const s = pow2Scale(Math.max(maxAbs(gs.g), maxAbs(projected), maxAbs(direction)));
  const g = gs.g.map((x) => x * s);
  const p = projected.map((x) => x * s);
  const dd = direction.map((x) => x * s);
  const ng = new Float64Array(K);
  const np = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    ng[i] = Math.sqrt(rowDot(g, i, g, i, d));
    np[i] = Math.sqrt(rowDot(p, i, p, i, d));
  }
  let conflicting = 0;
  let resolved = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j || !isConflict(rowDot(g, i, g, j, d), ng[i], ng[j], tau)) continue;
      conflicting++;
      if (!isConflict(rowDot(p, i, g, j, d), np[i], ng[j], tau)) resolved++;
    }
  }
  let pairsSafe = true;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      if (isConflict(rowDot(p, i, p, j, d), np[i], np[j], tau)) pairsSafe = false;
    }
  }
  const nd = Math.sqrt(rowDot(dd, 0, dd, 0, d));
  let directionSafe = true;
  for (let i = 0; i < K; i++) {
    if (isConflict(rowDot(dd, 0, g, i, d), nd, ng[i], tau)) directionSafe = false;
  }
  return {
    conflictingOrderedPairs: conflicting,
    resolvedOrderedPairs: resolved,
    allResolved: resolved === conflicting,
    directionSafe,
    projectedPairsSafe: pairsSafe,
  };
}
