/**
 * The adjusted Rand index: 1 for the same partition under any renaming, the textbook value on a
 * worked example, chance level for unrelated labellings, and 1 for spectral groups of a cleanly
 * separated planted affinity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { adjustedRandIndex, spectralGroups } from '../../src/core/groups';
import { createRng } from '../../src/core/rng';

describe('adjustedRandIndex', () => {
  it('is 1 for identical partitions up to renaming', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 30 }),
        (a) => {
          const rename = [3, 7, 1, 9, 5];
          expect(
            adjustedRandIndex(
              a,
              a.map((x) => rename[x]),
            ),
          ).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it('matches the worked value of Hubert & Arabie’s formula', () => {
    // Contingency [[2,1,0],[0,1,2]]: Σ C(n_ij,2) = 2, Σ C(a_i,2) = 6, Σ C(b_j,2) = 3, C(6,2) = 15.
    // E = 18/15 = 1.2, ARI = (2 − 1.2)/(4.5 − 1.2) = 8/33.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 14);
    // One group against singletons: no pair agrees beyond chance.
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('is near 0 for independent random labellings', () => {
    const rng = createRng(Math.floor(Math.random() * 1e6));
    const a = Array.from({ length: 2000 }, () => rng.int(3));
    const b = Array.from({ length: 2000 }, () => rng.int(3));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.02);
  });

  it('rejects mismatched lengths and non-integer labels, naming the field', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(InputError);
    expect(() => adjustedRandIndex([0, 0.5], [0, 1])).toThrow(/labels\[1\]/);
  });

  it('is 1 for spectral groups of a cleanly separated planted affinity', () => {
    const rng = createRng(Math.floor(Math.random() * 1e6));
    const K = 9;
    const planted = Array.from({ length: K }, (_, i) => i % 3);
    const a = new Float64Array(K * K);
    for (let i = 0; i < K; i++) {
      for (let j = i; j < K; j++) {
        const v =
          i === j
            ? 1
            : planted[i] === planted[j]
              ? rng.uniform(0.85, 0.95)
              : rng.uniform(-0.6, -0.2);
        a[i * K + j] = v;
        a[j * K + i] = v;
      }
    }
    const g = spectralGroups(a, K, { seed: 1 });
    expect(g.k).toBe(3);
    expect(adjustedRandIndex(g.labels, planted)).toBe(1);
  });
});
