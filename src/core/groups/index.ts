/** Group structure of objectives (MATH.md §7). */

export { adjustedRandIndex } from './adjustedRand';
export { interactionAffinity, symmetricPart } from './affinity';
export { type GroupStats, groupStats } from './groupStats';
export { canonicalLabels, type KMeansResult, kmeans } from './kmeans';
export { type SpectralGroups, type SpectralGroupsOptions, spectralGroups } from './spectralGroups';
