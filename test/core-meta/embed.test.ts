import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coulombExact,
  coulombFit,
  coulombMatrix,
  coulombObjective,
  rankTruncationErrors,
  spectralByMagnitude,
  truncate,
} from '../../src/core/embed';
import { createRng } from '../../src/core/rng';
import { frobenius, randomSymmetric } from './fixtures';

describe('rankTruncationErrors', () => {
  it('is 1 at r = 0, ~0 at r = K, non-increasing, and equals the explicit truncation error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer(), (K, seed) => {
        const W = randomSymmetric(K, seed, true);
        const e = rankTruncationErrors(W, K);
        expect(e.length).toBe(K + 1);
        expect(e[0]).toBeCloseTo(1, 14);
        expect(e[K]).toBeLessThan(1e-14);
        for (let r = 0; r < K; r++) expect(e[r + 1]).toBeLessThanOrEqual(e[r]);
        const spec = spectralByMagnitude(W, K);
        for (let r = 0; r <= K; r++) {
          const Wr = truncate(spec, r);
          const diff = W.map((v, k) => v - Wr[k]);
          expect(Math.abs(frobenius(diff) / frobenius(W) - e[r])).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('is exact for a rank-one matrix by hand: W = v vᵀ − diag', () => {
    // W = [[0, 1], [1, 0]] has λ = ±1: one term leaves error √(1/2).
    const e = rankTruncationErrors(Float64Array.of(0, 1, 1, 0), 2);
    expect(e[1]).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it('rejects the zero matrix', () => {
    expect(() => rankTruncationErrors(new Float64Array(4), 2)).toThrow(/W/);
  });
});

describe('coulombExact (m = K)', () => {
  it('reproduces random symmetric zero-diagonal W to 1e-10 relative, both diagonals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.integer(),
        fc.constantFrom('eigen' as const, 'gershgorin' as const),
        (K, seed, diagonal) => {
          const W = randomSymmetric(K, seed, true);
          const rep = coulombExact(W, K, { diagonal });
          expect(rep.m).toBe(K);
          expect(rep.residual).toBeLessThan(1e-10);
          const Wrep = coulombMatrix(rep.x, rep.mu, K, K);
          let maxErr = 0;
          for (let i = 0; i < K; i++) {
            for (let j = 0; j < K; j++) {
              if (i !== j) maxErr = Math.max(maxErr, Math.abs(Wrep[i * K + j] - W[i * K + j]));
            }
          }
          expect(maxErr).toBeLessThan(1e-10 * frobenius(W));
          expect(rep.maxError).toBeCloseTo(maxErr, 15);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('uses the smallest uniform shift: the eigen diagonal makes M singular', () => {
    const K = 4;
    const rep = coulombExact(randomSymmetric(K, 9, true), K);
    // Every μ_i has ‖μ_i‖² = M_ii = s, and M = μμᵀ has λ_min = 0, so rank(μ) < K.
    for (let i = 0; i < K; i++) {
      let s = 0;
      for (let t = 0; t < K; t++) s += rep.mu[i * K + t] ** 2;
      expect(s).toBeCloseTo(rep.diagonal[i], 12);
    }
    expect(rep.diagonal[0]).toBeGreaterThan(0);
  });

  it('rejects coinciding positions', () => {
    const x = new Float64Array(6);
    expect(() => coulombExact(Float64Array.of(0, 1, 1, 0), 2, { x })).toThrow(/x/);
  });
});

describe('coulombFit', () => {
  it('has an analytic gradient that matches central differences', () => {
    const K = 4;
    const m = 2;
    const W = randomSymmetric(K, 2, true);
    const rng = createRng(4);
    const p = Float64Array.from({ length: 3 * K + m * K }, () => rng.normal());
    const g = new Float64Array(p.length);
    coulombObjective(p, g, W, K, m);
    const scratch = new Float64Array(p.length);
    const h = 1e-6;
    for (let k = 0; k < p.length; k++) {
      const q = Float64Array.from(p);
      q[k] = p[k] + h;
      const fp = coulombObjective(q, scratch, W, K, m);
      q[k] = p[k] - h;
      const fm = coulombObjective(q, scratch, W, K, m);
      expect(Math.abs((fp - fm) / (2 * h) - g[k])).toBeLessThan(1e-6 * (1 + Math.abs(g[k])));
    }
  });

  it('decreases the residual and fits a W from a true Coulomb configuration', () => {
    const K = 5;
    const m = 2;
    const rng = createRng(21);
    const x = Float64Array.from({ length: 3 * K }, () => rng.normal());
    const mu = Float64Array.from({ length: K * m }, () => rng.normal());
    const W = coulombMatrix(x, mu, K, m);
    const fit = coulombFit(W, K, { m, seed: 7 });
    for (let t = 1; t < fit.history.length; t++) {
      expect(fit.history[t]).toBeLessThanOrEqual(fit.history[t - 1]);
    }
    expect(fit.history[0]).toBeGreaterThan(1e-2);
    expect(fit.residual).toBeLessThan(1e-6);
    expect(fit.iterations).toBe(fit.history.length - 1);
    expect(coulombFit(W, K, { m, seed: 7 }).x).toEqual(fit.x);
  });

  it('rejects m out of range and an all-zero W', () => {
    expect(() => coulombFit(Float64Array.of(0, 1, 1, 0), 2, { m: 0, seed: 1 })).toThrow(/m/);
    expect(() => coulombFit(new Float64Array(4), 2, { seed: 1 })).toThrow(/W/);
  });
});
