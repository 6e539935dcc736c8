/**
 * The Coulomb view's data: the fit's residual recomputed from its positions and masses, the
 * m = K construction reproducing W to rounding (fast-check over random symmetric W), the drawing
 * normalisation and links, and bad input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coulombMatrix, offDiagonalResidual } from '../../src/core/embed/index';
import { InputError } from '../../src/core/errors';
import { createProblem } from '../../src/core/problems/index';
import { cosineTarget, coulombView, symmetricTarget } from '../../src/lab/coulombView';

const problem = createProblem('quadratic-groups', { seed: 2 });
const W = cosineTarget(problem, problem.starts()[0]);
const K = problem.K;

describe('coulombView', () => {
  const v = coulombView(W, K, { m: 2, seed: 5 });

  it('targets cos with a zero diagonal', () => {
    for (let i = 0; i < K; i++) expect(v.W[i * K + i]).toBe(0);
    const g = problem.gradients(problem.starts()[0]);
    const d = problem.d;
    const dot = (i: number, j: number) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += g[i * d + k] * g[j * d + k];
      return s;
    };
    expect(v.W[1]).toBeCloseTo(dot(0, 1) / Math.sqrt(dot(0, 0) * dot(1, 1)), 14);
  });

  it('reports the residual its own positions and masses give', () => {
    const rep = coulombMatrix(v.fit.x, v.fit.mu, K, 2);
    expect(v.fit.residual).toBeCloseTo(offDiagonalResidual(rep, v.W, K), 12);
    expect(v.fit.residual).toBeLessThan(1);
  });

  it('shows the m = K construction reproducing W to rounding', () => {
    const rep = coulombMatrix(v.exact.x, v.exact.mu, K, K);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++)
        if (i !== j) expect(Math.abs(rep[i * K + j] - v.W[i * K + j])).toBeLessThan(1e-12);
    }
    expect(v.exact.maxError).toBeLessThan(1e-12);
  });

  it('rank errors run from 1 (r = 0) to 0 (r = K), non-increasing', () => {
    expect(v.rankErrors[0]).toBeCloseTo(1, 14);
    expect(v.rankErrors[K]).toBeLessThan(1e-12);
    for (let r = 1; r <= K; r++)
      expect(v.rankErrors[r]).toBeLessThanOrEqual(v.rankErrors[r - 1] + 1e-15);
  });

  it('centres the drawing positions and puts the farthest at distance 1', () => {
    let far = 0;
    for (let a = 0; a < 3; a++) {
      let c = 0;
      for (let i = 0; i < K; i++) c += v.positions[3 * i + a];
      expect(Math.abs(c)).toBeLessThan(1e-12);
    }
    for (let i = 0; i < K; i++)
      far = Math.max(
        far,
        Math.hypot(v.positions[3 * i], v.positions[3 * i + 1], v.positions[3 * i + 2]),
      );
    expect(far).toBeCloseTo(1, 12);
    for (const r of v.radius) expect(r).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...v.radius)).toBeCloseTo(0.15, 12);
  });

  it('links every nonzero pair, coloured by sign, strongest at 1', () => {
    expect(v.links.length).toBe((K * (K - 1)) / 2);
    expect(Math.max(...v.links.map((l) => l.strength))).toBeCloseTo(1, 14);
    for (const l of v.links) expect(l.color).toBe(l.w > 0 ? '#5fb3ff' : '#ff6b6b');
  });

  it('rejects a mass dimension outside [1, K]', () => {
    expect(() => coulombView(W, K, { m: K + 1, seed: 1 })).toThrow(InputError);
    expect(() => coulombView(W, K, { m: 0, seed: 1 })).toThrowError(/m/);
  });
});

describe('symmetricTarget', () => {
  it('is (A + Aᵀ)/2 with a zero diagonal', () => {
    const A = Float64Array.of(5, 1, 0.2, 0.4, 5, 0.6, 0, 1, 5);
    expect(Array.from(symmetricTarget(A, 3))).toEqual([0, 0.7, 0.1, 0.7, 0, 0.8, 0.1, 0.8, 0]);
  });
});

describe('m = K construction on random symmetric matrices', () => {
  it('reproduces every off-diagonal entry to rounding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 49, maxLength: 49 }),
        (n, vals) => {
          const M = new Float64Array(n * n);
          for (let i = 0; i < n; i++)
            for (let j = i + 1; j < n; j++) M[i * n + j] = M[j * n + i] = vals[i * 7 + j];
          if (!M.some((x) => Math.abs(x) > 1e-3)) return;
          const v = coulombView(M, n, { m: 1, seed: 1, restarts: 1, maxIter: 50 });
          expect(v.exact.maxError).toBeLessThan(1e-10 * Math.max(1, ...Array.from(M, Math.abs)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
