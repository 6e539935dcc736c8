/**
 * Groups of objectives by spectral clustering (MATH.md §7; Ng, Jordan & Weiss 2002).
 *
 * Input: a cosine-like affinity a (K×K, symmetric, off-diagonal in [−1, 1]; the cosine matrix,
 * or `interactionAffinity` of a learned A). Steps:
 *  1. weights S_ij = max(a_ij, 0) (`transform: 'clip'`, default: conflicting and orthogonal
 *     pairs do not attract) or S_ij = (1 + a_ij)/2 (`'shift'`) for i ≠ j; S_ii = 1 (every
 *     objective is fully similar to itself, which also keeps every degree ≥ 1);
 *  2. N = D^{-1/2} S D^{-1/2}, D_ii = Σ_j S_ij: the symmetric normalised affinity, whose
 *     eigenvalues are 1 − (those of the symmetric normalised Laplacian I − N), all in [−1, 1];
 *  3. eigenvalues λ_1 ≥ … ≥ λ_K of N; unless k is given, k = argmax_{1≤k≤K} (λ_k − λ_{k+1})
 *     with λ_{K+1} := 0 (a k-th group must stand out from the zero eigenvalues that carry no
 *     cluster), ties to the smallest k;
 *  4. U = the k leading eigenvectors (K×k), each row scaled to unit length;
 *  5. seeded k-means++ on the rows of U.
 */
import { check, InputError } from '../errors';
import { eigenSym, requireSymmetric } from '../linalg/eigenSym';
import { kmeans } from './kmeans';

export interface SpectralGroupsOptions {
  /** Number of groups; chosen by the eigengap when absent. */
  k?: number;
  /** Seed of the k-means++ initialisation. */
  seed: number;
  /** Map from affinity to non-negative weights (default 'clip'). */
  transform?: 'clip' | 'shift';
}

export interface SpectralGroups {
  /** Group of each objective, 0..k−1, numbered by first appearance. */
  readonly labels: Int32Array;
  readonly k: number;
  /** Eigenvalues of N = D^{-1/2} S D^{-1/2}, descending. */
  readonly eigenvalues: Float64Array;
  /** λ_k − λ_{k+1} for the k used (λ_{K+1} := 0). */
  readonly gap: number;
  /** True when k came from the eigengap, false when given. */
  readonly kFromGap: boolean;
}

export function spectralGroups(
  affinity: Float64Array,
  K: number,
  opts: SpectralGroupsOptions,
): SpectralGroups {
  check(Number.isInteger(K) && K >= 1, 'K', `must be a positive integer, got ${K}`);
  const a = requireSymmetric(affinity, K, 'affinity');
  check(Number.isFinite(opts.seed), 'seed', 'must be a finite number');
  const transform = opts.transform ?? 'clip';
  check(transform === 'clip' || transform === 'shift', 'transform', `unknown "${transform}"`);
  const S = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) {
        S[i * K + i] = 1;
        continue;
      }
      const v = a[i * K + j];
      if (v < -1 - 1e-12 || v > 1 + 1e-12) {
        throw new InputError(`affinity[${i}][${j}]`, `must lie in [−1, 1], got ${v}`);
      }
      S[i * K + j] = transform === 'clip' ? Math.max(v, 0) : (1 + v) / 2;
    }
  }
  const deg = new Float64Array(K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) deg[i] += S[i * K + j];
  const N = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) N[i * K + j] = S[i * K + j] / Math.sqrt(deg[i] * deg[j]);
  }
  const { values, vectors } = eigenSym(N, K, 'affinity');
  const gapAt = (k: number) => values[k - 1] - (k < K ? values[k] : 0);
  let k: number;
  if (opts.k !== undefined) {
    check(
      Number.isInteger(opts.k) && opts.k >= 1 && opts.k <= K,
      'k',
      `must be an integer in [1, ${K}], got ${opts.k}`,
    );
    k = opts.k;
  } else {
    k = 1;
    for (let c = 2; c <= K; c++) if (gapAt(c) > gapAt(k)) k = c;
  }
  const U = new Float64Array(K * k);
  for (let i = 0; i < K; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += vectors[i * K + c] ** 2;
    const r = Math.sqrt(s);
    for (let c = 0; c < k; c++) U[i * k + c] = r > 0 ? vectors[i * K + c] / r : 0;
  }
  const { labels } = kmeans(U, K, k, k, opts.seed);
  return { labels, k, eigenvalues: values, gap: gapAt(k), kFromGap: opts.k === undefined };
}
