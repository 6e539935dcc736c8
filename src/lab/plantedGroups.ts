/**
 * Groups detected by spectral clustering (MATH.md §7: k by the eigengap of the normalised
 * affinity) next to the truth where a problem plants groups: the adjusted Rand index of the
 * detected labels against the planted ones (1 = the same partition, ≈ 0 = no better than
 * chance). Used by `lab meta` and the Meta panel; the im-5 card computes the same index over
 * seeds (claims/groupDiscovery.ts).
 */
import { adjustedRandIndex } from '../core/groups/adjustedRand';
import { spectralGroups } from '../core/groups/spectralGroups';

export interface DetectedGroups {
  k: number;
  labels: Int32Array;
  /** Eigenvalues λ_1 ≥ … of the normalised affinity (the spectrum that chose k). */
  eigenvalues: number[];
  /** ARI against the planted groups; null when the problem plants none. */
  ari: number | null;
}

export function detectGroups(
  affinity: Float64Array,
  K: number,
  planted: Int32Array | null | undefined,
  seed = 1,
): DetectedGroups {
  const g = spectralGroups(affinity, K, { seed });
  return {
    k: g.k,
    labels: g.labels,
    eigenvalues: Array.from(g.eigenvalues),
    ari: planted ? adjustedRandIndex(g.labels, planted) : null,
  };
}
