/**
 * Central finite differences against every analytic gradient and Hessian–vector product.
 * Step h = 1e-5: truncation error h²/6·|f'''| plus rounding ε|f|/h ≈ 1e-11. Tolerances are
 * relative to max(1, |exact|) and stated per problem. The CAGrad toy is sampled away from its
 * kinks: |x2| ≥ 0.2 (gates) and |a_1|, |a_2| ≥ 0.2 (the LOWER clamp and the pole of log|a|).
 */
import { describe, expect, it } from 'vitest';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createConvexPair } from '../../src/core/problems/convexPair';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { Problem } from '../../src/core/problems/types';
import { createRng } from '../../src/core/rng';
import { centralDirectional, centralJacobian, gradRow, relErr } from './numeric';

const H = 1e-5;

function checkAt(p: Problem, x: Float64Array, v: Float64Array, tol: number): void {
  const cols = centralJacobian((y) => p.losses(y), x, H);
  const g = p.gradients(x);
  for (let i = 0; i < p.K; i++) {
    const fd = Float64Array.from(cols, (col) => col[i]);
    expect(relErr(g.subarray(i * p.d, (i + 1) * p.d), fd)).toBeLessThan(tol);
    const hvFd = centralDirectional((y) => gradRow(p, y, i), x, v, H);
    expect(relErr(p.hessianVec(x, i, v), hvFd)).toBeLessThan(tol);
  }
}

describe('finite-difference checks of gradients and Hessian–vector products', () => {
  it('quadratic groups (tolerance 1e-8; exact up to rounding since L_i is quadratic)', () => {
    const p = createQuadraticGroups({ K: 5, d: 7, groups: 3, eigMin: 0.1, eigMax: 10, seed: 3 });
    const rng = createRng(11);
    for (let rep = 0; rep < 10; rep++) {
      const x = Float64Array.from({ length: p.d }, () => rng.uniform(-4, 4));
      const v = Float64Array.from({ length: p.d }, () => rng.normal());
      checkAt(p, x, v, 1e-8);
    }
  });

  it('convex pair (tolerance 1e-8)', () => {
    const p = createConvexPair();
    const rng = createRng(12);
    for (let rep = 0; rep < 20; rep++) {
      const x = Float64Array.of(rng.uniform(-3, 3), rng.uniform(-2, 9));
      const v = Float64Array.of(rng.normal(), rng.normal());
      checkAt(p, x, v, 1e-8);
    }
  });

  it('CAGrad toy away from its kinks, both conventions (tolerance 1e-6)', () => {
    const toys = [createCagradToy(), createCagradToy({ atZero: 'autograd' })];
    const farFromKinks = (x1: number, x2: number): boolean =>
      Math.abs(x2) >= 0.2 &&
      Math.abs(-x1 / 2 - 3.5 + Math.tanh(x2)) >= 0.2 &&
      Math.abs(-x1 / 2 + 3.5 - Math.tanh(x2)) >= 0.2;
    const rng = createRng(13);
    let checked = 0;
    while (checked < 300) {
      const x1 = rng.uniform(-10, 10);
      // Half the points in |x2| ≤ 3, where the gates and tanh(x2) still vary.
      const x2 = checked % 2 === 0 ? rng.uniform(-3, 3) : rng.uniform(-10, 10);
      if (!farFromKinks(x1, x2)) continue;
      const v = Float64Array.of(rng.normal(), rng.normal());
      for (const p of toys) checkAt(p, Float64Array.of(x1, x2), v, 1e-6);
      checked++;
    }
  });

  it('CAGrad toy: where the LOWER clamp is active the log factor is constant', () => {
    const p = createCagradToy();
    // a1 = −x1/2 − 3.5 + tanh(x2) = 0 at x1 = 2(tanh(x2) − 3.5); x2 = 1 puts the gate c1 on.
    const x2 = 1;
    const x1 = 2 * (Math.tanh(x2) - 3.5);
    const x = Float64Array.of(x1, x2);
    const c1 = Math.tanh(0.5);
    const c1p = 0.5 / Math.cosh(0.5) ** 2;
    const f1 = Math.log(5e-6) + 6;
    expect(p.losses(x)[0]).toBeCloseTo(c1 * f1, 12);
    const g = p.gradients(x);
    expect(g[0]).toBe(0);
    expect(g[1]).toBeCloseTo(c1p * f1, 12);
  });
});
