import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { eigenSym, eigenvector } from '../../src/core/linalg/eigenSym';
import { psdFactor } from '../../src/core/linalg/psdFactor';
import { frobenius, randomSymmetric } from './fixtures';

describe('eigenSym', () => {
  it('gives A·v = λv, orthonormal vectors and descending values on random symmetric matrices', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (n, seed) => {
        const A = randomSymmetric(n, seed);
        const e = eigenSym(A, n);
        const scale = frobenius(A);
        for (let k = 0; k + 1 < n; k++) expect(e.values[k]).toBeGreaterThanOrEqual(e.values[k + 1]);
        for (let k = 0; k < n; k++) {
          const v = eigenvector(e, k);
          for (let i = 0; i < n; i++) {
            let av = 0;
            for (let j = 0; j < n; j++) av += A[i * n + j] * v[j];
            expect(Math.abs(av - e.values[k] * v[i])).toBeLessThan(1e-12 * scale);
          }
          for (let l = 0; l < n; l++) {
            let d = 0;
            for (let i = 0; i < n; i++) d += v[i] * e.vectors[i * n + l];
            expect(Math.abs(d - (k === l ? 1 : 0))).toBeLessThan(1e-13);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('reconstructs a 48×48 matrix as QΛQᵀ within a few sweeps', () => {
    const n = 48;
    const A = randomSymmetric(n, 77);
    const e = eigenSym(A, n);
    expect(e.sweeps).toBeLessThanOrEqual(15);
    let err = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += e.vectors[i * n + k] * e.values[k] * e.vectors[j * n + k];
        err = Math.max(err, Math.abs(s - A[i * n + j]));
      }
    }
    expect(err).toBeLessThan(1e-12 * frobenius(A));
  });

  it('matches the closed form of a 2×2 matrix', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
    const e = eigenSym(Float64Array.of(2, 1, 1, 2), 2);
    expect(e.values[0]).toBeCloseTo(3, 14);
    expect(e.values[1]).toBeCloseTo(1, 14);
    const v = eigenvector(e, 0);
    expect(Math.abs(v[0])).toBeCloseTo(Math.SQRT1_2, 14);
    expect(v[0] * v[1]).toBeGreaterThan(0);
  });

  it('handles repeated eigenvalues and the zero matrix', () => {
    const e = eigenSym(new Float64Array(9), 3);
    expect(Array.from(e.values)).toEqual([0, 0, 0]);
    // J − I (3×3 all-ones minus identity): eigenvalues 2, −1, −1.
    const f = eigenSym(Float64Array.of(0, 1, 1, 1, 0, 1, 1, 1, 0), 3);
    expect(f.values[0]).toBeCloseTo(2, 14);
    expect(f.values[1]).toBeCloseTo(-1, 14);
    expect(f.values[2]).toBeCloseTo(-1, 14);
  });

  it('rejects non-symmetric, non-finite and mis-shaped input naming the field', () => {
    expect(() => eigenSym(Float64Array.of(1, 2, 3, 4), 2)).toThrow(InputError);
    expect(() => eigenSym(Float64Array.of(1, Number.NaN, Number.NaN, 1), 2)).toThrow(/matrix/);
    expect(() => eigenSym(Float64Array.of(1, 2, 3), 2)).toThrow(InputError);
  });
});

describe('psdFactor', () => {
  it('factors a singular PSD matrix as μμᵀ', () => {
    // M = B Bᵀ with B 5×2: rank 2, three zero eigenvalues.
    const B = randomSymmetric(5, 3).subarray(0, 10);
    const M = new Float64Array(25);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) M[i * 5 + j] = B[2 * i] * B[2 * j] + B[2 * i + 1] * B[2 * j + 1];
    }
    const { mu } = psdFactor(M, 5);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        let s = 0;
        for (let t = 0; t < 5; t++) s += mu[i * 5 + t] * mu[j * 5 + t];
        expect(Math.abs(s - M[i * 5 + j])).toBeLessThan(1e-13 * frobenius(M));
      }
    }
  });

  it('rejects an indefinite matrix', () => {
    expect(() => psdFactor(Float64Array.of(0, 1, 1, 0), 2)).toThrow(/positive semi-definite/);
  });
});
