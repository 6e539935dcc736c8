/**
 * Shared test support for the projection methods: gradient-set generators for fast-check, direct
 * (explicit vector) reference implementations, and comparison utilities.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { project } from '../../src/core/methods/index';
import type { GradSet, MethodSpec, Projection } from '../../src/core/types';
import { gradSetFromRows } from '../../src/core/types';

export const gs = (rows: number[][]): GradSet => gradSetFromRows(rows);

export const dotv = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
};

export const rowOf = (x: Float64Array, i: number, d: number): Float64Array =>
  x.subarray(i * d, (i + 1) * d);

/** Every entry of x finite. */
export function allFinite(x: ArrayLike<number>): boolean {
  for (let k = 0; k < x.length; k++) if (!Number.isFinite(x[k])) return false;
  return true;
}

/** |a_k − b_k| ≤ tol·(scale) entrywise, with scale = max(1, max|b|). */
export function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): void {
  expect(a.length).toBe(b.length);
  let scale = 1;
  for (let k = 0; k < b.length; k++) scale = Math.max(scale, Math.abs(b[k]));
  for (let k = 0; k < a.length; k++) {
    if (!(Math.abs(a[k] - b[k]) <= tol * scale)) {
      throw new Error(`entry ${k}: ${a[k]} vs ${b[k]} (tol ${tol}·${scale})\n${a}\n${b}`);
    }
  }
}

/** Max |a_k − b_k| relative to max(1e-300, max|b|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 1e-300;
  let e = 0;
  for (let k = 0; k < b.length; k++) scale = Math.max(scale, Math.abs(b[k]));
  for (let k = 0; k < a.length; k++) e = Math.max(e, Math.abs(a[k] - b[k]));
  return e / scale;
}

/** Rows with entries in [−4, 4] and every row of norm ≥ 0.1 (no zero gradients). */
export function arbRows(minK = 2, maxK = 6, minD = 1, maxD = 7): fc.Arbitrary<number[][]> {
  return fc
    .record({ K: fc.integer({ min: minK, max: maxK }), d: fc.integer({ min: minD, max: maxD }) })
    .chain(({ K, d }) =>
      fc.array(
        fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: d, maxLength: d }),
        { minLength: K, maxLength: K },
      ),
    )
    .filter((rows) => rows.every((r) => Math.sqrt(dotv(r, r)) >= 0.1));
}

/**
 * Rows in general position: entries Gaussian-like from fast-check integers (no repeated special
 * values), K ≤ d so that the Gram matrix is nonsingular with probability one; filtered to a
 * smallest Cholesky pivot ≥ 1e-6 of the largest diagonal entry (well-posed, unique weights).
 */
export function arbGeneralRows(minK = 2, maxK = 6, maxD = 8): fc.Arbitrary<number[][]> {
  return fc
    .record({ K: fc.integer({ min: minK, max: maxK }), extra: fc.integer({ min: 0, max: 2 }) })
    .chain(({ K, extra }) => {
      const d = Math.min(maxD, K + extra);
      return fc.array(
        fc.array(
          fc.integer({ min: -1000, max: 1000 }).map((v) => v / 250),
          {
            minLength: d,
            maxLength: d,
          },
        ),
        { minLength: K, maxLength: K },
      );
    })
    .filter((rows) => minPivot(rows) >= 1e-6);
}

/** Smallest Cholesky pivot of the Gram matrix of rows, relative to its largest diagonal. */
export function minPivot(rows: number[][]): number {
  const K = rows.length;
  const G = rows.map((a) => rows.map((b) => dotv(a, b)));
  const big = Math.max(...G.map((r, i) => r[i]));
  if (!(big > 0)) return 0;
  const L: number[][] = rows.map(() => new Array(K).fill(0));
  let minP = Number.POSITIVE_INFINITY;
  for (let a = 0; a < K; a++) {
    for (let c = 0; c <= a; c++) {
      let s = G[a][c];
      for (let k = 0; k < c; k++) s -= L[a][k] * L[c][k];
      if (a === c) {
        minP = Math.min(minP, s / big);
        if (!(s > 0)) return 0;
        L[a][a] = Math.sqrt(s);
      } else L[a][c] = s / L[c][c];
    }
  }
  return minP;
}

/** Rows permuted: out[a] = rows[perm[a]]. */
export const permuteRows = <T>(rows: T[], perm: number[]): T[] => perm.map((p) => rows[p]);

/** A K×K matrix (row-major) permuted: out[a][b] = M[perm[a]][perm[b]]. */
export function permuteMatrix(M: ArrayLike<number>, K: number, perm: number[]): Float64Array {
  const out = new Float64Array(K * K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) out[a * K + b] = M[perm[a] * K + perm[b]];
  return out;
}

export const arbPerm = (K: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: K }, (_, i) => i),
    { minLength: K, maxLength: K },
  );

/**
 * Direct PCGrad / sequential cosine on explicit vectors (MATH.md §2): for each i, p ← g_i; for j
 * in the given order: if p·g_j < −τ‖p‖‖g_j‖ then p ← p − f·(p·g_j/‖g_j‖²)·g_j, with f = 1
 * (alpha null) or α·|cos(p, g_j)|.
 */
export function directSequential(
  rows: number[][],
  orders: Int32Array,
  tau: number,
  alpha: number | null,
): number[][] {
  const K = rows.length;
  return rows.map((gi, i) => {
    const p = gi.slice();
    for (let s = 0; s < K - 1; s++) {
      const gj = rows[orders[i * (K - 1) + s]];
      const gjj = dotv(gj, gj);
      const pn = Math.sqrt(dotv(p, p));
      const pg = dotv(p, gj);
      if (gjj === 0 || pn === 0 || !(pg < -tau * pn * Math.sqrt(gjj))) continue;
      const f = alpha === null ? 1 : alpha * Math.abs(pg / (pn * Math.sqrt(gjj)));
      for (let k = 0; k < p.length; k++) p[k] -= ((f * pg) / gjj) * gj[k];
    }
    return p;
  });
}

/** project() with the method spec, returning rows of g'_i. */
export function projectedRows(rows: number[][], spec: MethodSpec): number[][] {
  const set = gs(rows);
  const pr: Projection = project(set, spec);
  return rows.map((_, i) => Array.from(rowOf(pr.projected, i, set.d)));
}

export const ALL_SPECS: MethodSpec[] = [
  { id: 'sum' },
  { id: 'pcgrad', seed: 3 },
  { id: 'pcgrad', order: 'fixed' },
  { id: 'cosine', alpha: 0.7 },
  { id: 'cosine', mode: 'sequential', alpha: 0.8, seed: 5 },
  { id: 'interaction', gating: 'conflicting' },
  { id: 'mgda' },
  { id: 'cagrad', c: 0.4 },
  { id: 'upgrad' },
];

/**
 * Rows on a grid (entries k/250, |k| ≤ 1000), K ∈ [minK, maxK], d ∈ [2, maxD] (K may exceed d),
 * every row of norm ≥ 0.1 and no two rows within |cos| > 0.999 (no near-parallel or
 * near-antiparallel pairs, where the cone and hull problems are ill-posed).
 */
export function arbSpreadRows(minK = 2, maxK = 7, maxD = 6): fc.Arbitrary<number[][]> {
  return fc
    .record({ K: fc.integer({ min: minK, max: maxK }), d: fc.integer({ min: 2, max: maxD }) })
    .chain(({ K, d }) =>
      fc.array(
        fc.array(
          fc.integer({ min: -1000, max: 1000 }).map((v) => v / 250),
          { minLength: d, maxLength: d },
        ),
        { minLength: K, maxLength: K },
      ),
    )
    .filter((rows) => {
      const n = rows.map((r) => Math.sqrt(dotv(r, r)));
      if (n.some((x) => x < 0.1)) return false;
      for (let i = 0; i < rows.length; i++) {
        for (let j = i + 1; j < rows.length; j++) {
          if (Math.abs(dotv(rows[i], rows[j])) > 0.999 * n[i] * n[j]) return false;
        }
      }
      return true;
    });
}
