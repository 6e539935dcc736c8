/**
 * Seeded k-means on n points in R^dim (row-major n×dim): k-means++ seeding (Arthur &
 * Vassilvitskii 2007) followed by Lloyd iterations until the labels stop changing (at most 100
 * iterations). `restarts` independent seedings from the same generator; the run with the least
 * inertia Σ_i ‖p_i − c_label(i)‖² is kept (ties: the earliest). Labels are then renumbered in
 * order of first appearance (point 0 gets label 0), so equal partitions give equal arrays.
 */
import { check } from '../errors';
import { createRng, type Rng } from '../rng';

export interface KMeansResult {
  readonly labels: Int32Array;
  readonly inertia: number;
}

export function kmeans(
  points: Float64Array,
  n: number,
  dim: number,
  k: number,
  seed: number,
  restarts = 8,
): KMeansResult {
  check(Number.isInteger(k) && k >= 1 && k <= n, 'k', `must be an integer in [1, ${n}], got ${k}`);
  check(points.length === n * dim, 'points', `must have ${n}×${dim} entries`);
  const rng = createRng(seed);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const run = lloyd(points, n, dim, k, seedCentres(points, n, dim, k, rng));
    if (best === null || run.inertia < best.inertia) best = run;
  }
  return { labels: canonicalLabels(best!.labels), inertia: best!.inertia };
}

function dist2(points: Float64Array, i: number, C: Float64Array, c: number, dim: number): number {
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const e = points[i * dim + t] - C[c * dim + t];
    s += e * e;
  }
  return s;
}

/** k-means++: first centre uniform, each next one with probability ∝ D(p)², D = distance to nearest. */
function seedCentres(points: Float64Array, n: number, dim: number, k: number, rng: Rng) {
  const C = new Float64Array(k * dim);
  const first = rng.int(n);
  C.set(points.subarray(first * dim, (first + 1) * dim), 0);
  const D = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      D[i] = Math.min(D[i], dist2(points, i, C, c - 1, dim));
      total += D[i];
    }
    let pick = n - 1;
    if (total > 0) {
      // Rounding can leave u ≥ 0 after the loop: then the last point with D > 0.
      let u = rng.next() * total;
      for (let i = 0; i < n; i++) {
        if (D[i] > 0) pick = i;
        u -= D[i];
        if (u < 0 && D[i] > 0) break;
      }
    } else {
      pick = rng.int(n);
    }
    C.set(points.subarray(pick * dim, (pick + 1) * dim), c * dim);
  }
  return C;
}

function lloyd(points: Float64Array, n: number, dim: number, k: number, C: Float64Array) {
  const labels = new Int32Array(n).fill(-1);
  let inertia = 0;
  for (let iter = 0; iter < 100; iter++) {
    let changed = false;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let bc = 0;
      let bd = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const dd = dist2(points, i, C, c, dim);
        if (dd < bd) {
          bd = dd;
          bc = c;
        }
      }
      inertia += bd;
      if (labels[i] !== bc) {
        labels[i] = bc;
        changed = true;
      }
    }
    if (!changed) break;
    const counts = new Float64Array(k);
    const sums = new Float64Array(k * dim);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let t = 0; t < dim; t++) sums[labels[i] * dim + t] += points[i * dim + t];
    }
    // An emptied cluster keeps its previous centre.
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0)
        for (let t = 0; t < dim; t++) C[c * dim + t] = sums[c * dim + t] / counts[c];
    }
  }
  return { labels, inertia };
}

/** Renumbers labels by order of first appearance. */
export function canonicalLabels(labels: Int32Array): Int32Array {
  const map = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let v = map.get(labels[i]);
    if (v === undefined) {
      v = map.size;
      map.set(labels[i], v);
    }
    out[i] = v;
  }
  return out;
}
