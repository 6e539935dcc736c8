import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { cosineFromGram, gram } from '../../src/core/gram';
import {
  canonicalLabels,
  groupStats,
  interactionAffinity,
  kmeans,
  spectralGroups,
  symmetricPart,
} from '../../src/core/groups';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { createRng } from '../../src/core/rng';

/** Gradients planted in groups: orthonormal group centres plus small noise, objectives shuffled. */
function planted(sizes: number[], seed: number, noise = 0.15) {
  const rng = createRng(seed);
  const d = 12;
  const K = sizes.reduce((a, b) => a + b, 0);
  const truth: number[] = [];
  sizes.forEach((s, gi) => {
    for (let t = 0; t < s; t++) truth.push(gi);
  });
  const order = rng.shuffle(truth.map((_, i) => i));
  const g = new Float64Array(K * d);
  const labels = new Int32Array(K);
  for (let i = 0; i < K; i++) {
    const grp = truth[order[i]];
    labels[i] = grp;
    for (let k = 0; k < d; k++)
      g[i * d + k] = (k === grp ? 1 : 0) + (noise * rng.normal()) / Math.sqrt(d);
  }
  const cos = cosineFromGram(gram({ K, d, g }), K);
  return { K, cos, labels: canonicalLabels(labels) };
}

describe('spectralGroups', () => {
  it('recovers planted groups and the eigengap picks the planted number', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
        fc.integer(),
        (sizes, seed) => {
          const { K, cos, labels } = planted(sizes, seed);
          const res = spectralGroups(cos, K, { seed: 1 });
          expect(res.k).toBe(sizes.length);
          expect(res.kFromGap).toBe(true);
          expect(Array.from(res.labels)).toEqual(Array.from(labels));
          expect(res.gap).toBeCloseTo(
            res.eigenvalues[res.k - 1] - (res.k < K ? res.eigenvalues[res.k] : 0),
            15,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('separates conflicting groups with the shifted transform', () => {
    // Two groups of two with within-group cosine 0.9 and between-group −0.9.
    const K = 4;
    const lab = [0, 1, 0, 1];
    const cos = new Float64Array(16);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) cos[i * K + j] = i === j ? 1 : lab[i] === lab[j] ? 0.9 : -0.9;
    }
    const res = spectralGroups(cos, K, { seed: 3, transform: 'shift' });
    expect(res.k).toBe(2);
    expect(Array.from(res.labels)).toEqual(lab);
  });

  it('uses a given k, and is reproducible from the seed', () => {
    const { K, cos } = planted([2, 2, 2], 11);
    const a = spectralGroups(cos, K, { seed: 5, k: 2 });
    expect(a.k).toBe(2);
    expect(a.kFromGap).toBe(false);
    expect(new Set(a.labels).size).toBe(2);
    expect(spectralGroups(cos, K, { seed: 5, k: 2 }).labels).toEqual(a.labels);
  });

  it('puts mutually orthogonal objectives in K groups and aligned ones in one', () => {
    const I = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    expect(spectralGroups(I, 3, { seed: 0 }).k).toBe(3);
    expect(spectralGroups(new Float64Array(9).fill(1), 3, { seed: 0 }).k).toBe(1);
  });

  it('rejects bad input naming the field', () => {
    const bad = Float64Array.of(1, 2, 2, 1);
    expect(() => spectralGroups(bad, 2, { seed: 0 })).toThrow(/affinity\[0\]\[1\]/);
    expect(() => spectralGroups(Float64Array.of(1, 0, 0, 1), 2, { seed: 0, k: 3 })).toThrow(
      InputError,
    );
    expect(() => spectralGroups(Float64Array.of(1, 0.1, 0.2, 1), 2, { seed: 0 })).toThrow(
      /symmetric/,
    );
  });
});

describe('groups of the quadratic-groups problem', () => {
  it('recovers groupOf from the gradient cosines at θ*, with within > between', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const p = createQuadraticGroups({ K: 6, d: 8, groups: 3, spread: 0.2, seed });
      const cos = cosineFromGram(gram({ K: 6, d: 8, g: p.gradients(p.thetaStar!) }), 6);
      const res = spectralGroups(cos, 6, { seed: 0 });
      expect(res.k).toBe(3);
      expect(Array.from(res.labels)).toEqual(Array.from(canonicalLabels(p.groupOf)));
      const st = groupStats(cos, 6, res.labels);
      expect(st.within!).toBeGreaterThan(st.between!);
    }
  });
});

describe('kmeans', () => {
  it('separates two clouds, with inertia by hand, and handles k = n', () => {
    // Points 0, 2 near (0, 0) and 1, 3 near (10, 10): centres (0, 0.5) and (10, 10.5).
    const pts = Float64Array.of(0, 0, 10, 10, 0, 1, 10, 11);
    const r = kmeans(pts, 4, 2, 2, 1);
    expect(Array.from(r.labels)).toEqual([0, 1, 0, 1]);
    expect(r.inertia).toBeCloseTo(4 * 0.25, 14);
    const all = kmeans(pts, 4, 2, 4, 1);
    expect(Array.from(all.labels)).toEqual([0, 1, 2, 3]);
    expect(all.inertia).toBe(0);
    expect(() => kmeans(pts, 4, 2, 5, 1)).toThrow(/^k/);
  });
});

describe('groupStats', () => {
  it('gives within- and between-group means of ordered off-diagonal pairs (by hand)', () => {
    // labels [0, 0, 1, 1]; within pairs: (0,1) (1,0) (2,3) (3,2); the rest off-diagonal are between.
    const M = Float64Array.of(9, 1, 5, 6, 2, 9, 7, 8, 10, 11, 9, 3, 12, 13, 4, 9);
    const s = groupStats(M, 4, [0, 0, 1, 1]);
    expect(s.within).toBeCloseTo((1 + 2 + 3 + 4) / 4, 15);
    expect(s.between).toBeCloseTo((5 + 6 + 7 + 8 + 10 + 11 + 12 + 13) / 8, 15);
    expect(s.withinPairs).toBe(4);
    expect(s.betweenPairs).toBe(8);
  });

  it('reports null, not NaN, for a mean over no pairs', () => {
    const s = groupStats(new Float64Array(9), 3, [0, 1, 2]);
    expect(s.within).toBeNull();
    expect(groupStats(new Float64Array(9), 3, [0, 0, 0]).between).toBeNull();
  });

  it('rejects mismatched labels', () => {
    expect(() => groupStats(new Float64Array(4), 2, [0])).toThrow(/labels/);
  });
});

describe('symmetricPart and interactionAffinity', () => {
  it('symmetricPart is (A + Aᵀ)/2', () => {
    expect(Array.from(symmetricPart(Float64Array.of(1, 2, 4, 3), 2))).toEqual([1, 3, 3, 3]);
  });

  it('maps the largest interaction to −1 and no interaction to 1', () => {
    const A = Float64Array.of(0, 0, 0.8, 0, 0, 0.4, 0.8, 0.4, 0);
    const a = interactionAffinity(A, 3);
    expect(a[1]).toBe(1);
    expect(a[2]).toBeCloseTo(-1, 15);
    expect(a[5]).toBeCloseTo(0, 15);
    expect(() => interactionAffinity(Float64Array.of(0, -1, -1, 0), 2)).toThrow(/A\[0\]\[1\]/);
  });
});
