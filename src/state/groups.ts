/**
 * Groups of objectives for colouring: spectral clustering (MATH.md §7, src/core/groups) of the
 * cosine matrix of the raw gradients, number of groups by the eigengap. Fewer than three
 * objectives have no group structure worth showing: null.
 */
import { cosineFromGram } from '../core/gram';
import { spectralGroups } from '../core/groups';

export function discoverGroups(G: Float64Array, K: number): Int32Array | null {
  if (K < 3) return null;
  try {
    return Int32Array.from(spectralGroups(cosineFromGram(G, K), K, { seed: 0 }).labels);
  } catch {
    // A degenerate affinity (e.g. all gradients zero) has no groups to show.
    return null;
  }
}
