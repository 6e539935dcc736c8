/**
 * Metrics of MATH.md §1 and §4: conflicts with tolerance τ, and S, B, I.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { gram } from '../../src/core/gram';
import { balance, balanceFromSum } from '../../src/core/metrics/balance';
import { conflictMatrix, conflictPairs, countConflicts } from '../../src/core/metrics/conflict';
import { createRng } from '../../src/core/rng';
import { sumRows } from '../../src/core/vec';
import { arbRows, gs } from './support';

const SET_B = [
  [1, 0, 0],
  [0, 1, 0],
  [-1, -1, 1],
];

describe('conflict (§1)', () => {
  it('set B: pairs (0, 2) and (1, 2); symmetric matrix with zero diagonal', () => {
    const G = gram(gs(SET_B));
    expect(conflictPairs(G, 3)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(Array.from(conflictMatrix(G, 3))).toEqual([0, 0, 1, 0, 0, 1, 1, 1, 0]);
    expect(countConflicts(G, 3)).toBe(2);
  });

  it('an orthogonal pair whose rounded dot product is negative does not conflict at τ = 1e-9', () => {
    const rng = createRng(2024);
    let found = 0;
    for (let t = 0; t < 2000 && found < 5; t++) {
      const a = rng.uniform(-1, 1);
      const b = rng.uniform(-1, 1);
      const s = rng.uniform(0.1, 3);
      const rows = [
        [a, b],
        [-b * s, a * s],
      ];
      const G = gram(gs(rows));
      if (!(G[1] < 0)) continue;
      found++;
      expect(countConflicts(G, 2)).toBe(0);
      expect(countConflicts(G, 2, 0)).toBe(1);
    }
    expect(found).toBeGreaterThan(0);
  });

  it('a zero gradient conflicts with nothing, even at τ = 0', () => {
    const G = gram(
      gs([
        [0, 0],
        [1, 0],
        [-1, 0],
      ]),
    );
    expect(conflictPairs(G, 3, 0)).toEqual([[1, 2]]);
  });

  it('properties: symmetric, zero diagonal, pairs match the matrix and the raw test', () => {
    fc.assert(
      fc.property(arbRows(2, 7), (rows) => {
        const K = rows.length;
        const G = gram(gs(rows));
        const M = conflictMatrix(G, K);
        const pairs = conflictPairs(G, K);
        let n = 0;
        for (let i = 0; i < K; i++) {
          expect(M[i * K + i]).toBe(0);
          for (let j = 0; j < K; j++) {
            expect(M[i * K + j]).toBe(M[j * K + i]);
            if (i < j && M[i * K + j]) n++;
            const ni = Math.sqrt(G[i * K + i]);
            const nj = Math.sqrt(G[j * K + j]);
            if (i !== j) expect(M[i * K + j] === 1).toBe(G[i * K + j] < -1e-9 * ni * nj);
          }
        }
        expect(pairs.length).toBe(n);
        expect(countConflicts(G, K)).toBe(n);
      }),
    );
  });

  it('rejects a bad τ', () => {
    expect(() => conflictMatrix(new Float64Array(4), 2, -1)).toThrow(InputError);
    expect(() => countConflicts(new Float64Array(4), 2, Number.NaN)).toThrow(/tau/);
  });
});

describe('balance (§4)', () => {
  it('golden values: orthogonal B = 1, opposite B = 0, aligned B = K', () => {
    expect(
      balance(
        gs([
          [1, 0],
          [0, 1],
        ]),
      ),
    ).toEqual({ S: 2, B: 1, I: 0 });
    expect(
      balance(
        gs([
          [1, 0],
          [-1, 0],
        ]),
      ),
    ).toEqual({ S: 2, B: 0, I: -0.5 });
    expect(
      balance(
        gs([
          [1, 1],
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toEqual({ S: 6, B: 3, I: 1 });
  });

  it('S = 0: B and I are undefined (null)', () => {
    expect(
      balance(
        gs([
          [0, 0],
          [0, 0],
        ]),
      ),
    ).toEqual({ S: 0, B: null, I: null });
    expect(balanceFromSum([0, 0], 0)).toBeNull();
  });

  it('B is computed directly: B = 5e-19 where 1 + 2I rounds to 0', () => {
    // Σ g = (0, 1e-9), S = 2 + 1e-18 → B = 1e-18/2 to full relative precision.
    const r = balance(
      gs([
        [1, 1e-9],
        [-1, 0],
      ]),
    );
    expect(Math.abs((r.B as number) / 5e-19 - 1)).toBeLessThan(1e-14);
    expect(1 + 2 * (r.I as number)).toBe(0);
  });

  it('huge and tiny gradients: B and I stay exact beyond the range of S', () => {
    const r = balance(
      gs([
        [1e200, 0],
        [0, 1e200],
      ]),
    );
    expect(r.B).toBe(1);
    expect(r.I).toBe(0);
    const t = balance(
      gs([
        [3e-200, 0],
        [-3e-200, 0],
      ]),
    );
    expect(t.B).toBe(0);
    expect(t.I).toBe(-0.5);
  });

  it('properties: B ∈ [0, K], B ≈ 1 + 2I, balanceFromSum agrees', () => {
    fc.assert(
      fc.property(arbRows(2, 7), (rows) => {
        const set = gs(rows);
        const r = balance(set);
        const B = r.B as number;
        expect(B).toBeGreaterThanOrEqual(0);
        expect(B).toBeLessThanOrEqual(set.K * (1 + 1e-14));
        expect(Math.abs(B - (1 + 2 * (r.I as number)))).toBeLessThan(1e-12 * set.K);
        const B2 = balanceFromSum(sumRows(set.g, set.K, set.d), r.S) as number;
        expect(Math.abs(B2 - B)).toBeLessThan(1e-13 * set.K);
      }),
    );
  });

  it('balanceFromSum rejects a negative or non-finite S', () => {
    expect(() => balanceFromSum([1], -1)).toThrow(/S/);
    expect(() => balanceFromSum([1], Number.POSITIVE_INFINITY)).toThrow(InputError);
  });
});
