import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { eigenSym } from '../../src/core/linalg/eigenSym';
import { createRng } from '../../src/core/rng';
import { conflictPairs, sceneFrame, toFrame } from '../../src/core/subspace';
import type { GradSet } from '../../src/core/types';

function randomSet(K: number, d: number, seed: number): GradSet {
  const r = createRng(seed);
  const g = new Float64Array(K * d);
  for (let t = 0; t < g.length; t++) g[t] = r.normal();
  return { K, d, g };
}

/** Projector Σ_m u_m u_mᵀ (d×d) of the first k rows of a row-major k×d basis. */
function projector(basis: Float64Array, k: number, d: number): Float64Array {
  const P = new Float64Array(d * d);
  for (let m = 0; m < k; m++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) P[a * d + b] += basis[m * d + a] * basis[m * d + b];
  return P;
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let t = 0; t < x.length; t++) m = Math.max(m, Math.abs(x[t] - y[t]));
  return m;
}

describe('sceneFrame', () => {
  it('draws d ≤ 3 directly: identity axes, share 1, coordinates = components', () => {
    const gs: GradSet = { K: 2, d: 2, g: Float64Array.of(3, -1, -2, 5) };
    const f = sceneFrame(gs);
    expect(f.direct).toBe(true);
    expect(f.k).toBe(2);
    expect(f.share).toBe(1);
    expect(Array.from(toFrame(f, gs.g, 2))).toEqual([3, -1, 0, -2, 5, 0]);
  });

  it('finds a planted rank-2 subspace exactly in d = 50 (share 1, norms kept)', () => {
    const d = 50;
    const K = 6;
    const r = createRng(3);
    const a = Float64Array.from({ length: d }, () => r.normal());
    const b = Float64Array.from({ length: d }, () => r.normal());
    const g = new Float64Array(K * d);
    for (let i = 0; i < K; i++) {
      const p = r.normal();
      const q = r.normal();
      for (let c = 0; c < d; c++) g[i * d + c] = p * a[c] + q * b[c];
    }
    const gs = { K, d, g };
    const f = sceneFrame(gs);
    expect(f.direct).toBe(false);
    expect(f.rank).toBe(2);
    expect(f.share).toBeCloseTo(1, 12);
    // Orthonormal frame, including the completed third axis.
    const P = projector(f.basis, 3, d);
    let tr = 0;
    for (let c = 0; c < d; c++) tr += P[c * d + c];
    expect(tr).toBeCloseTo(3, 12);
    const X = toFrame(f, g, K);
    const G = gram(gs);
    const Gx = gram({ K, d: 3, g: X });
    expect(maxAbsDiff(Gx, G)).toBeLessThan(1e-10 * Math.max(...G.map(Math.abs)));
    for (let i = 0; i < K; i++) expect(Math.abs(X[i * 3 + 2])).toBeLessThan(1e-10);
  });

  it('matches a direct d×d eigen-decomposition of gᵀg on random sets', () => {
    for (const [K, d, seed] of [
      [4, 5, 1],
      [6, 8, 2],
      [10, 6, 3],
      [3, 9, 4],
    ]) {
      const gs = randomSet(K, d, seed);
      const f = sceneFrame(gs);
      const M = new Float64Array(d * d);
      for (let i = 0; i < K; i++)
        for (let a = 0; a < d; a++)
          for (let b = 0; b < d; b++) M[a * d + b] += gs.g[i * d + a] * gs.g[i * d + b];
      const direct = eigenSym(M, d);
      let total = 0;
      for (let a = 0; a < d; a++) total += M[a * d + a];
      const top3 = direct.values[0] + direct.values[1] + direct.values[2];
      expect(f.share).toBeCloseTo(top3 / total, 12);
      for (let m = 0; m < Math.min(K, 3); m++)
        expect(f.eigenvalues[m]).toBeCloseTo(direct.values[m], 10);
      // Same subspace: equal projectors (insensitive to signs and to rotations within it).
      const Vt = new Float64Array(3 * d);
      for (let m = 0; m < 3; m++)
        for (let a = 0; a < d; a++) Vt[m * d + a] = direct.vectors[a * d + m];
      expect(maxAbsDiff(projector(f.basis, 3, d), projector(Vt, 3, d))).toBeLessThan(1e-9);
    }
  });

  it('keeps share in [0, 1], an orthonormal basis and scale invariance (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: -30, max: 30, noNaN: true }),
        (K, d, seed, e) => {
          const gs = randomSet(K, d, seed);
          const f = sceneFrame(gs);
          expect(f.share).toBeGreaterThanOrEqual(0);
          expect(f.share).toBeLessThanOrEqual(1);
          if (K <= 3) expect(f.share).toBeCloseTo(1, 12);
          for (let m = 0; m < 3; m++)
            for (let n = 0; n < 3; n++) {
              let s = 0;
              for (let c = 0; c < d; c++) s += f.basis[m * d + c] * f.basis[n * d + c];
              expect(s).toBeCloseTo(m === n ? 1 : 0, 12);
            }
          const scaled = sceneFrame({ K, d, g: gs.g.map((x) => x * 2 ** e) });
          expect(scaled.share).toBeCloseTo(f.share, 12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('aligns axis signs with the previous frame', () => {
    const gs = randomSet(5, 7, 9);
    const f = sceneFrame(gs);
    const flipped = f.basis.map((x, t) => (t < 7 ? -x : x));
    const g = sceneFrame(gs, flipped);
    for (let c = 0; c < 7; c++) expect(g.basis[c]).toBeCloseTo(-f.basis[c], 14);
    for (let c = 7; c < 21; c++) expect(g.basis[c]).toBeCloseTo(f.basis[c], 14);
  });

  it('handles an all-zero set (share 1, rank 0) and rejects non-finite gradients', () => {
    const f = sceneFrame({ K: 3, d: 6, g: new Float64Array(18) });
    expect(f.share).toBe(1);
    expect(f.rank).toBe(0);
    const bad = new Float64Array(18);
    bad[7] = Number.POSITIVE_INFINITY;
    expect(() => sceneFrame({ K: 3, d: 6, g: bad })).toThrow(/gradients\[1\]\[1\]/);
  });
});

describe('conflictPairs', () => {
  it('gives the angle of a conflicting pair and sees identity as unresolved', () => {
    // g1 = (1, 0), g2 = (−1, 1): cos = −1/√2, angle 135°.
    const G = gram({ K: 2, d: 2, g: Float64Array.of(1, 0, -1, 1) });
    const I = Float64Array.of(1, 0, 0, 1);
    const pairs = conflictPairs(G, I, 2, 1e-9);
    expect(pairs).toHaveLength(1);
    expect(pairs[0].angleDeg).toBeCloseTo(135, 12);
    expect(pairs[0].resolved).toBe(false);
    expect(pairs[0].projectedAngleDeg).toBeCloseTo(135, 12);
  });

  it('sees a simultaneous PCGrad projection resolve the pair', () => {
    // g'_1 = g1 − (G12/G22) g2 = g1 + ½ g2, g'_2 = g2 − (G12/G11) g1 = g2 + g1.
    const G = gram({ K: 2, d: 2, g: Float64Array.of(1, 0, -1, 1) });
    const C = Float64Array.of(1, 0.5, 1, 1);
    const [p] = conflictPairs(G, C, 2, 1e-9);
    // g'_1 = (0.5, 0.5), g'_2 = (0, 1): 45°.
    expect(p.resolved).toBe(true);
    expect(p.projectedAngleDeg).toBeCloseTo(45, 12);
  });

  it('ignores orthogonal, aligned and zero gradients', () => {
    const G = gram({ K: 3, d: 2, g: Float64Array.of(1, 0, 0, 2, 0, 0) });
    expect(conflictPairs(G, Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), 3, 1e-9)).toEqual([]);
    expect(() => conflictPairs(G, new Float64Array(4), 3, 1e-9)).toThrow(/^C:/);
  });
});
