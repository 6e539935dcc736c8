/** S, B, I and ∇B (MATH.md §4, §5). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { balanceGrad, balanceOf } from '../../src/core/flows/balanceGrad';
import { conjugateGradient } from '../../src/core/flows/cg';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createConvexPair } from '../../src/core/problems/convexPair';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { Problem } from '../../src/core/problems/types';
import { createRng } from '../../src/core/rng';
import { relErr } from './numeric';

describe('balanceOf', () => {
  it('golden: g1 = (1, 0), g2 = (−1, 1): S = 3, Σg = (0, 1), B = 1/3, I = −1/3', () => {
    const b = balanceOf(Float64Array.of(1, 0, -1, 1), 2, 2)!;
    expect(b.S).toBe(3);
    expect(b.B).toBeCloseTo(1 / 3, 15);
    expect(b.I).toBeCloseTo(-1 / 3, 15);
    expect(Array.from(b.sum)).toEqual([0, 1]);
  });

  it('B = 1 + 2I to rounding, B ∈ [0, K], and both are invariant to scaling g', () => {
    const rng = createRng(4);
    for (let rep = 0; rep < 50; rep++) {
      const K = 2 + rng.int(5);
      const d = 1 + rng.int(6);
      const g = Float64Array.from({ length: K * d }, () => rng.normal());
      const b = balanceOf(g, K, d)!;
      expect(Math.abs(b.B - (1 + 2 * b.I))).toBeLessThan(1e-14 * K);
      expect(b.B).toBeGreaterThanOrEqual(0);
      expect(b.B).toBeLessThanOrEqual(K * (1 + 1e-15));
      for (const s of [1e-200, 1e200]) {
        const bs = balanceOf(
          g.map((x) => x * s),
          K,
          d,
        )!;
        expect(bs.B).toBeCloseTo(b.B, 13);
        expect(bs.I).toBeCloseTo(b.I, 13);
      }
    }
  });

  it('keeps digits where 1 + 2I cannot: exactly cancelling gradients give B = 0', () => {
    const g = Float64Array.of(0.1, 0.7, -0.1, -0.7);
    const b = balanceOf(g, 2, 2)!;
    expect(b.B).toBe(0);
    // Σg = (0, 2⁻⁴⁰) exactly: B = 2⁻⁸⁰ / (3 + (1 − 2⁻⁴⁰)²) ≈ 2.07e-25, while 1 + 2I is
    // rounding noise of order 1e-16.
    const e = 2 ** -40;
    const tiny = Float64Array.of(1, 1, -1, -1 + e);
    const b2 = balanceOf(tiny, 2, 2)!;
    expect(b2.B / ((e * e) / (3 + (1 - e) ** 2)) - 1).toBeLessThan(1e-14);
    expect(Math.abs(1 + 2 * b2.I - b2.B)).toBeGreaterThan(b2.B / 2);
  });

  it('is null when S = 0 and rejects non-finite gradients', () => {
    expect(balanceOf(new Float64Array(6), 3, 2)).toBeNull();
    expect(() => balanceOf(Float64Array.of(1, Number.NaN), 2, 1)).toThrow(InputError);
  });
});

describe('∇B against central differences of B', () => {
  const Bat = (p: Problem, x: Float64Array): number => balanceOf(p.gradients(x), p.K, p.d)!.B;

  function check(p: Problem, x: Float64Array, tol: number): void {
    const grad = balanceGrad(p, x)!;
    const h = 1e-6;
    const fd = new Float64Array(p.d);
    for (let k = 0; k < p.d; k++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[k] += h;
      xm[k] -= h;
      fd[k] = (Bat(p, xp) - Bat(p, xm)) / (2 * h);
    }
    expect(relErr(grad, fd)).toBeLessThan(tol);
  }

  it('on quadratic groups, the convex pair and the CAGrad toy (tolerance 1e-7)', () => {
    const rng = createRng(21);
    const q = createQuadraticGroups({ K: 5, d: 6, groups: 2, eigMin: 0.3, eigMax: 4, seed: 4 });
    const cp = createConvexPair();
    const toy = createCagradToy();
    for (let rep = 0; rep < 10; rep++) {
      check(
        q,
        Float64Array.from({ length: 6 }, () => rng.uniform(-3, 3)),
        1e-7,
      );
      check(cp, Float64Array.of(rng.uniform(-2, 2), rng.uniform(-1, 8)), 1e-7);
      const x2 = rng.uniform(0.3, 9) * (rng.next() < 0.5 ? -1 : 1);
      check(toy, Float64Array.of(rng.uniform(-9, 9), x2), 1e-7);
    }
  });

  it('is null where B is undefined (the CAGrad toy on x2 = 0)', () => {
    expect(balanceGrad(createCagradToy(), Float64Array.of(2, 0))).toBeNull();
  });
});

describe('conjugateGradient', () => {
  it('solves an SPD system to the requested tolerance', () => {
    const rng = createRng(2);
    const n = 12;
    const R = Float64Array.from({ length: n * n }, () => rng.normal());
    // A = RᵀR + I.
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) s += R[k * n + i] * R[k * n + j];
        A[i * n + j] = s;
      }
    }
    const apply = (v: Float64Array): Float64Array =>
      Float64Array.from({ length: n }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j] * v[j];
        return s;
      });
    const xTrue = Float64Array.from({ length: n }, () => rng.normal());
    const b = apply(xTrue);
    const res = conjugateGradient(apply, b, 1e-13, 200);
    expect(res.relativeResidual).toBeLessThan(1e-13);
    expect(relErr(res.x, xTrue)).toBeLessThan(1e-9);
    expect(conjugateGradient(apply, new Float64Array(n), 1e-12, 10).iterations).toBe(0);
  });
});
