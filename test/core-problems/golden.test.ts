/**
 * Values computed by hand from the formulas of MATH.md §9 (closed forms written out here, not
 * taken from the implementation).
 */
import { describe, expect, it } from 'vitest';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createConvexPair } from '../../src/core/problems/convexPair';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';

describe('convex pair golden values', () => {
  // φ = π/16: cos²φ = (1 + cos π/8)/2, sin²φ = (1 − cos π/8)/2, cos φ sin φ = sin(π/8)/2,
  // cos π/8 = √(2 + √2)/2, sin π/8 = √(2 − √2)/2.
  const c8 = Math.sqrt(2 + Math.SQRT2) / 2;
  const s8 = Math.sqrt(2 - Math.SQRT2) / 2;
  const cc = (1 + c8) / 2;
  const ss = (1 - c8) / 2;
  const cs = s8 / 2;
  // A = R diag(a, b) Rᵀ with (a, b) = squares of the diagonal of B_i; R(−φ) flips the off-diagonal.
  const A1 = [cc + 0.01 * ss, 0.99 * cs, 0.99 * cs, ss + 0.01 * cc];
  const A2 = [3 * cc + 0.01 * ss, -2.99 * cs, -2.99 * cs, 3 * ss + 0.01 * cc];

  it('matrices, losses and gradients at x = (0, 0)', () => {
    const p = createConvexPair();
    for (let k = 0; k < 4; k++) {
      expect(p.A[0][k]).toBeCloseTo(A1[k], 15);
      expect(p.A[1][k]).toBeCloseTo(A2[k], 15);
    }
    const x = Float64Array.of(0, 0);
    // x − u_1 = (−1, 0): f_1 = A1_00; x − u_2 = (1, 0): f_2 = A2_00.
    const L = p.losses(x);
    expect(L[0]).toBeCloseTo(A1[0], 15);
    expect(L[1]).toBeCloseTo(A2[0], 15);
    const g = p.gradients(x);
    const expected = [-2 * A1[0], -2 * A1[2], 2 * A2[0], 2 * A2[2]];
    for (let k = 0; k < 4; k++) expect(g[k]).toBeCloseTo(expected[k], 14);
  });

  it('θ* solves (A1 + A2)x = A1 u1 + A2 u2 and F* = F(θ*) is the minimum', () => {
    const p = createConvexPair();
    const x = p.thetaStar!;
    const M = A1.map((a, k) => a + A2[k]);
    const rhs = [A1[0] - A2[0], A1[2] - A2[2]];
    expect(M[0] * x[0] + M[1] * x[1]).toBeCloseTo(rhs[0], 14);
    expect(M[2] * x[0] + M[3] * x[1]).toBeCloseTo(rhs[1], 14);
    const L = p.losses(x);
    expect(p.Fstar).toBe(L[0] + L[1]);
    for (const dx of [
      [1e-3, 0],
      [0, 1e-3],
      [-1e-3, 2e-3],
    ]) {
      const Ly = p.losses(Float64Array.of(x[0] + dx[0], x[1] + dx[1]));
      expect(Ly[0] + Ly[1]).toBeGreaterThan(p.Fstar!);
    }
  });
});

describe('CAGrad toy golden values', () => {
  it('at the start (−8.5, −5): only the lower gate is on', () => {
    const p = createCagradToy();
    const x = Float64Array.of(-8.5, -5);
    const t = Math.tanh(2.5);
    const sech2 = 1 / Math.cosh(2.5) ** 2;
    // f1_sq = (15.5² + 0.1·3²)/10 − 20 = 4.115; f2_sq = (1.5² + 0.9)/10 − 20 = −19.685.
    const L = p.losses(x);
    expect(L[0]).toBeCloseTo(4.115 * t, 13);
    expect(L[1]).toBeCloseTo(-19.685 * t, 13);
    const g = p.gradients(x);
    expect(g[0]).toBeCloseTo(-3.1 * t, 13);
    expect(g[1]).toBeCloseTo(-0.5 * sech2 * 4.115 + 0.06 * t, 13);
    expect(g[2]).toBeCloseTo(-0.3 * t, 13);
    expect(g[3]).toBeCloseTo(0.5 * sech2 * 19.685 + 0.06 * t, 13);
  });

  it('at the start (−8.5, 7.5): only the upper gate is on', () => {
    const p = createCagradToy();
    const T = Math.tanh(7.5);
    const a1 = 0.75 + T;
    const a2 = 7.75 - T;
    const c = Math.tanh(3.75);
    const L = p.losses(Float64Array.of(-8.5, 7.5));
    expect(L[0]).toBeCloseTo(c * (Math.log(a1) + 6), 13);
    expect(L[1]).toBeCloseTo(c * (Math.log(a2) + 6), 13);
    const g = p.gradients(Float64Array.of(-8.5, 7.5));
    expect(g[0]).toBeCloseTo((c * -0.5) / a1, 13);
    expect(g[2]).toBeCloseTo((c * -0.5) / a2, 13);
  });

  it('on the line x2 = 0: losses 0; zero gradients by default, one-sided with autograd', () => {
    const x = Float64Array.of(3, 0);
    const zero = createCagradToy();
    expect(Array.from(zero.losses(x))).toEqual([0, 0]);
    expect(Array.from(zero.gradients(x))).toEqual([0, 0, 0, 0]);
    expect(Array.from(zero.hessianVec(x, 0, Float64Array.of(1, 1)))).toEqual([0, 0]);
    const auto = createCagradToy({ atZero: 'autograd' });
    // ∂L1/∂x2 = ½·f1 − ½·f1_sq with f1 = log|−1.5 − 3.5| + 6, f1_sq = (16 + 6.4)/10 − 20.
    const f1 = Math.log(5) + 6;
    const f1sq = 2.24 - 20;
    const f2 = Math.log(2) + 6;
    const f2sq = (100 + 6.4) / 10 - 20;
    const g = auto.gradients(x);
    expect(Math.abs(g[0])).toBe(0);
    expect(g[1]).toBeCloseTo(0.5 * f1 - 0.5 * f1sq, 13);
    expect(Math.abs(g[2])).toBe(0);
    expect(g[3]).toBeCloseTo(0.5 * f2 - 0.5 * f2sq, 13);
  });
});

describe('quadratic groups golden values', () => {
  it('one group, no spread, equal eigenvalues: every c_i is the centroid at groupRadius', () => {
    const p = createQuadraticGroups({
      K: 4,
      d: 5,
      groups: 1,
      groupRadius: 3,
      spread: 0,
      eigMin: 2,
      eigMax: 2,
    });
    for (let i = 0; i < 4; i++) {
      let r2 = 0;
      for (let k = 0; k < 5; k++) {
        expect(p.c[i * 5 + k]).toBe(p.c[k]);
        expect(p.q[i * 5 + k]).toBeCloseTo(2, 14);
        r2 += p.c[k] ** 2;
      }
      expect(Math.sqrt(r2)).toBeCloseTo(3, 14);
    }
    // L_i(0) = ½·2·‖c‖² = 9; F* = 0 at θ* = c.
    const L = p.losses(new Float64Array(5));
    for (const Li of L) expect(Li).toBeCloseTo(9, 13);
    expect(p.Fstar!).toBeLessThan(1e-28);
    for (let k = 0; k < 5; k++) expect(p.thetaStar![k]).toBeCloseTo(p.c[k], 15);
  });
});
