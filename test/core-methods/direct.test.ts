/**
 * Gram-form PCGrad and sequential cosine against a direct implementation on explicit vectors,
 * and the order table they share.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pcgradOrders, project } from '../../src/core/methods/index';
import { createRng } from '../../src/core/rng';
import { arbSpreadRows, directSequential, expectClose, gs } from './support';

describe('pcgradOrders', () => {
  it('fixed: ascending j ≠ i for every row', () => {
    expect(Array.from(pcgradOrders(4, 123, 'fixed'))).toEqual([1, 2, 3, 0, 2, 3, 0, 1, 3, 0, 1, 2]);
  });

  it('random: createRng(seed).shuffle of the ascending list, rows drawn in sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.integer(), (K, seed) => {
        const table = pcgradOrders(K, seed);
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
