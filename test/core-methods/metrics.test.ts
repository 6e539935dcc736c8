/**
 * Metrics of MATH.md §1, §3 and §4: conflicts with tolerance, S/B/I, resolution and its rates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { gram } from '../../src/core/gram';
import { project } from '../../src/core/methods/index';
import { balance, balanceFromSum } from '../../src/core/metrics/balance';
import { conflictMatrix, conflictPairs, countConflicts } from '../../src/core/metrics/conflict';
import {
  type ResolutionResult,
  resolution,
  resolutionRates,
} from '../../src/core/metrics/resolution';
import { createRng } from '../../src/core/rng';
import { sumRows } from '../../src/core/vec';
import { ALL_SPECS, arbRows, arbSpreadRows, dotv, gs, rowOf } from './helpers';

const SET_A = [
  [1, 0],
  [-1, 1],
];
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

describe('resolution (§3)', () => {
  const res = (rows: number[][], spec: Parameters<typeof project>[1]) =>
    resolution(gs(rows), project(gs(rows), spec));

  it('set A: pcgrad resolves both ordered pairs; sum and cosine resolve none', () => {
    expect(res(SET_A, { id: 'pcgrad' })).toEqual({
      conflictingOrderedPairs: 2,
      resolvedOrderedPairs: 2,
      allResolved: true,
      directionSafe: true,
      projectedPairsSafe: true,
    });
    // sum: d = (0, 1), d·g1 = 0 is not a conflict; g1·g2 = −1 is.
    expect(res(SET_A, { id: 'sum' })).toEqual({
      conflictingOrderedPairs: 2,
      resolvedOrderedPairs: 0,
      allResolved: false,
      directionSafe: true,
      projectedPairsSafe: false,
    });
    // cosine α = 1: residual G12(1 − 1/√2) < 0 both ways; g1′·g2′ = 0.164 > 0.
    expect(res(SET_A, { id: 'cosine' })).toEqual({
      conflictingOrderedPairs: 2,
      resolvedOrderedPairs: 0,
      allResolved: false,
      directionSafe: true,
      projectedPairsSafe: true,
    });
  });

  it('set B: pcgrad resolves all 4 ordered pairs but g1′·g2′ = −⅓; upgrad is safe everywhere', () => {
    expect(res(SET_B, { id: 'pcgrad', order: 'fixed' })).toEqual({
      conflictingOrderedPairs: 4,
      resolvedOrderedPairs: 4,
      allResolved: true,
      directionSafe: true,
      projectedPairsSafe: false,
    });
    expect(res(SET_B, { id: 'upgrad' })).toEqual({
      conflictingOrderedPairs: 4,
      resolvedOrderedPairs: 4,
      allResolved: true,
      directionSafe: true,
      projectedPairsSafe: true,
    });
  });

  it('projections that are zero to working precision conflict with nothing', () => {
    // The dual cone of (1, 0), (0, 1), (−1, −1) is {0}: every UPGrad projection is zero.
    const rows = [
      [1, 0],
      [0, 1],
      [-1, -1],
    ];
    expect(res(rows, { id: 'upgrad' })).toEqual({
      conflictingOrderedPairs: 4,
      resolvedOrderedPairs: 4,
      allResolved: true,
      directionSafe: true,
      projectedPairsSafe: true,
    });
    // sum keeps the conflicts, and d = 0 is safe.
    expect(res(rows, { id: 'sum' })).toMatchObject({
      resolvedOrderedPairs: 0,
      directionSafe: true,
    });
  });

  it('Gram-form verdicts equal those computed on the projected vectors, where determined', () => {
    // Reference on vectors. A verdict is numerically undetermined when the combination's norm
    // is near its rounding floor or x·y is within rounding of −τ‖x‖‖y‖; those may differ.
    const tau = 1e-9;
    const eps = 2 ** -52;
    fc.assert(
      fc.property(arbSpreadRows(2, 6, 5), fc.constantFrom(...ALL_SPECS), (rows, spec) => {
        const set = gs(rows);
        const K = set.K;
        const p = project(set, spec);
        const r = resolution(set, p);
        const n = rows.map((g) => Math.sqrt(dotv(g, g)));
        const M = (c: ArrayLike<number>) => n.reduce((s, nk, k) => s + Math.abs(c[k]) * nk, 0);
        const Mi = rows.map((_, i) => M(p.C.subarray(i * K, (i + 1) * K)));
        const w = rows.map((_, j) => rows.reduce((s, _r, i) => s + p.C[i * K + j], 0));
        // verdict: 1 conflict, 0 none, −1 undetermined.
        const verdict = (x: ArrayLike<number>, mx: number, y: ArrayLike<number>, my: number) => {
          const xx = dotv(x, x);
          const yy = dotv(y, y);
          const floor = 8 * K * eps;
          if (xx <= 100 * floor * mx * mx || yy <= 100 * floor * my * my) {
            return xx <= (floor * mx * mx) / 100 || yy <= (floor * my * my) / 100 ? 0 : -1;
          }
          const gap = dotv(x, y) + tau * Math.sqrt(xx * yy);
          if (Math.abs(gap) <= 64 * K * eps * mx * my) return -1;
          return gap < 0 ? 1 : 0;
        };
        let conflicting = 0;
        let resolved = 0;
        let undetermined = 0;
        let pairsSafe = true;
        let pairsUndetermined = false;
        for (let i = 0; i < K; i++) {
          const gi = rowOf(p.projected, i, set.d);
          for (let j = 0; j < K; j++) {
            if (i === j) continue;
            if (verdict(rows[i], n[i], rows[j], n[j]) === 1) {
              conflicting++;
              const v = verdict(gi, Mi[i], rows[j], n[j]);
              if (v === 0) resolved++;
              if (v === -1) undetermined++;
            }
            if (i < j) {
              const v = verdict(gi, Mi[i], rowOf(p.projected, j, set.d), Mi[j]);
              if (v === 1) pairsSafe = false;
              if (v === -1) pairsUndetermined = true;
            }
          }
        }
        const dv = rows.map((g, i) => verdict(p.direction, M(w), g, n[i]));
        expect(r.conflictingOrderedPairs).toBe(conflicting);
        expect(r.resolvedOrderedPairs).toBeGreaterThanOrEqual(resolved);
        expect(r.resolvedOrderedPairs).toBeLessThanOrEqual(resolved + undetermined);
        if (!pairsUndetermined) expect(r.projectedPairsSafe).toBe(pairsSafe);
        if (!dv.includes(-1)) expect(r.directionSafe).toBe(!dv.includes(1));
      }),
      { numRuns: 300 },
    );
  });

  it('rates count only sets with a conflict and show numerator and denominator', () => {
    const mk = (
      c: number,
      r: number,
      all: boolean,
      ds: boolean,
      pp: boolean,
    ): ResolutionResult => ({
      conflictingOrderedPairs: c,
      resolvedOrderedPairs: r,
      allResolved: all,
      directionSafe: ds,
      projectedPairsSafe: pp,
    });
    const rates = resolutionRates([
      mk(2, 2, true, true, false),
      mk(4, 1, false, true, true),
      mk(0, 0, true, false, false),
      mk(6, 6, true, false, false),
    ]);
    expect(rates.sets).toBe(4);
    expect(rates.setsWithConflict).toBe(3);
    expect(rates.pairwise).toEqual({ numerator: 9, denominator: 12, rate: 0.75 });
    expect(rates.set).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(rates.directionSafe).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(rates.projectedPairs).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
    const none = resolutionRates([mk(0, 0, true, true, true)]);
    expect(none.pairwise).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(none.set.rate).toBeNull();
  });
});
