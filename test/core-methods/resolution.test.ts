/**
 * Resolution metrics of MATH.md §3 and their rates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import {
  type ResolutionResult,
  resolution,
  resolutionRates,
} from '../../src/core/metrics/resolution';
import { ALL_SPECS, arbSpreadRows, dotv, gs, rowOf } from './support';

const SET_A = [
  [1, 0],
  [-1, 1],
];
const SET_B = [
  [1, 0, 0],
  [0, 1, 0],
  [-1, -1, 1],
];

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
    let compared = 0;
    let skipped = 0;
    fc.assert(
      fc.property(arbSpreadRows(2, 6, 5), fc.constantFrom(...ALL_SPECS), (rows, spec) => {
        const set = gs(rows);
        const K = set.K;
        const p = project(set, spec);
        const r = resolution(set, p);
        const n = rows.map((g) => Math.sqrt(dotv(g, g)));
        const mass = (c: ArrayLike<number>) => n.reduce((s, nk, k) => s + Math.abs(c[k]) * nk, 0);
        const Mi = rows.map((_, i) => mass(p.C.subarray(i * K, (i + 1) * K)));
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
        const dv = rows.map((g, i) => verdict(p.direction, mass(w), g, n[i]));
        expect(r.conflictingOrderedPairs).toBe(conflicting);
        expect(r.resolvedOrderedPairs).toBeGreaterThanOrEqual(resolved);
        expect(r.resolvedOrderedPairs).toBeLessThanOrEqual(resolved + undetermined);
        if (!pairsUndetermined) expect(r.projectedPairsSafe).toBe(pairsSafe);
        if (!dv.includes(-1)) expect(r.directionSafe).toBe(!dv.includes(1));
        if (pairsUndetermined || dv.includes(-1) || undetermined > 0) skipped++;
        else compared++;
      }),
      { numRuns: 300 },
    );
    // The comparison is not vacuous: most sets are fully determined.
    expect(compared).toBeGreaterThan(5 * skipped);
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
