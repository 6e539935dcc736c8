/**
 * Gram-form PCGrad and sequential cosine against a direct implementation on explicit vectors,
 * and the order table they share.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ordersForSpec,
  pcgradOrders,
  pcgradPermutation,
  project,
} from '../../src/core/methods/index';
import { pcgHash } from '../../src/core/methods/pcgrad';
import { createRng } from '../../src/core/rng';
import { arbSpreadRows, directSequential, expectClose, gs } from './support';

describe('pcgradOrders', () => {
  it('fixed: ascending j ≠ i for every row', () => {
    expect(Array.from(pcgradOrders(4, 123, 'fixed'))).toEqual([1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2]);
  });

  it("random, shuffle 'once': createRng(seed).shuffle of the ascending list, rows in sequence", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.integer(), (K, seed) => {
        const table = pcgradOrders(K, seed, 'random', 5, 'once');
        const rng = createRng(seed);
        for (let i = 0; i < K; i++) {
          const asc = Array.from({ length: K }, (_, j) => j).filter((j) => j !== i);
          const row = Array.from(table.subarray(i * (K - 1), (i + 1) * (K - 1)));
          expect(row).toEqual(rng.shuffle(asc));
          expect([...row].sort((a, b) => a - b)).toEqual(asc);
        }
      }),
    );
  });

  it("random, shuffle 'per-step' (default): a permutation per row, fresh for each step", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer(), fc.nat(), (K, seed, step) => {
        const table = pcgradOrders(K, seed, 'random', step);
        expect(Array.from(table)).toEqual(Array.from(pcgradPermutation(K, seed, step)));
        expect(Array.from(table)).toEqual(
          Array.from(ordersForSpec(K, { id: 'pcgrad', seed, step })),
        );
        for (let i = 0; i < K; i++) {
          const asc = Array.from({ length: K }, (_, j) => j).filter((j) => j !== i);
          const row = Array.from(table.subarray(i * (K - 1), (i + 1) * (K - 1)));
          expect([...row].sort((a, b) => a - b)).toEqual(asc);
        }
      }),
    );
    // Over 200 steps of K = 6, every row takes many distinct orders (a fixed table takes one).
    const seen = new Set<string>();
    for (let t = 0; t < 200; t++) seen.add(Array.from(pcgradOrders(6, 9, 'random', t)).join());
    expect(seen.size).toBeGreaterThan(190);
    // Each first entry of row 0 is roughly uniform over the 5 candidates.
    const counts = new Array(6).fill(0);
    for (let t = 0; t < 5000; t++) counts[pcgradOrders(6, 9, 'random', t)[0]]++;
    for (let j = 1; j < 6; j++) expect(Math.abs(counts[j] - 1000)).toBeLessThan(150);
  });

  it('pcgradHash is the 32-bit PCG output hash (u32 arithmetic, as in the shader)', () => {
    // Reference computed here with BigInt, independently of Math.imul.
    const ref = (v: number) => {
      const M = 2n ** 32n;
      const state = (BigInt(v >>> 0) * 747796405n + 2891336453n) % M;
      const word = (((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n) % M;
      return Number((word >> 22n) ^ word);
    };
    for (const v of [0, 1, 2, 12345, 0x7fffffff, 0xffffffff, -1, 2 ** 40 + 7]) {
      expect(pcgHash(v)).toBe(ref(v));
    }
  });

  it('random orders differ between seeds and repeat for the same seed', () => {
    expect(Array.from(pcgradOrders(6, 1))).toEqual(Array.from(pcgradOrders(6, 1)));
    expect(Array.from(pcgradOrders(6, 1))).not.toEqual(Array.from(pcgradOrders(6, 2)));
  });
});

describe('Gram form equals the direct vector implementation', () => {
  const cases = [
    { name: 'pcgrad random order', alpha: null, order: 'random' as const },
    { name: 'pcgrad fixed order', alpha: null, order: 'fixed' as const },
    { name: 'cosine sequential random order', alpha: 0.75, order: 'random' as const },
    { name: 'cosine sequential fixed order', alpha: 1, order: 'fixed' as const },
  ];
  for (const { name, alpha, order } of cases) {
    it(name, () => {
      fc.assert(
        fc.property(arbSpreadRows(2, 7, 6), fc.integer(), (rows, seed) => {
          const K = rows.length;
          const spec =
            alpha === null
              ? { id: 'pcgrad' as const, order, seed }
              : { id: 'cosine' as const, mode: 'sequential' as const, alpha, order, seed };
          const p = project(gs(rows), spec);
          const ref = directSequential(rows, pcgradOrders(K, seed, order), 1e-9, alpha);
          expectClose(p.projected, ref.flat(), 1e-10);
        }),
      );
    });
  }

  it('the random order matters: some K = 3 input gives different results for two seeds', () => {
    const rows = [
      [1, 0, 0],
      [0, 1, 0],
      [-1, -1, 1],
    ];
    const results = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      results.add(Array.from(project(gs(rows), { id: 'pcgrad', seed }).C).join(','));
    }
    expect(results.size).toBeGreaterThan(1);
  });
});
