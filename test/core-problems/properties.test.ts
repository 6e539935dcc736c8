/** Properties over random quadratic-group problems (fast-check draws the parameters). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceGrad, balanceOf } from '../../src/core/flows/balanceGrad';
import { runFlow } from '../../src/core/flows/run';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { relErr } from './numeric';

const params = fc.record({
  K: fc.integer({ min: 2, max: 8 }),
  d: fc.integer({ min: 1, max: 6 }),
  groupsRaw: fc.integer({ min: 1, max: 8 }),
  groupRadius: fc.integer({ min: 0, max: 40 }).map((x) => x / 10),
  spread: fc.integer({ min: 1, max: 20 }).map((x) => x / 10),
  eigMin: fc.integer({ min: 1, max: 10 }).map((x) => x / 10),
  eigRatio: fc.integer({ min: 1, max: 50 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

type Params = typeof params extends fc.Arbitrary<infer T> ? T : never;

const build = (p: Params) =>
  createQuadraticGroups({
    K: p.K,
    d: p.d,
    groups: Math.min(p.groupsRaw, p.K),
    groupRadius: p.groupRadius,
    spread: p.spread,
    eigMin: p.eigMin,
    eigMax: p.eigMin * p.eigRatio,
    seed: p.seed,
  });

describe('quadratic groups, random parameters', () => {
  it('Σ_i g_i(θ*) = 0 to rounding and every start has F > F*', () => {
    fc.assert(
      fc.property(params, (p) => {
        const q = build(p);
        const b = balanceOf(q.gradients(q.thetaStar!), q.K, q.d);
        expect(b === null || b.B < 1e-26).toBe(true);
        for (const s of q.starts()) {
          const L = q.losses(s);
          expect(L.reduce((a, c) => a + c, 0)).toBeGreaterThanOrEqual(q.Fstar!);
        }
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('∇B agrees with central differences of B at the starts (tolerance 1e-6)', () => {
    fc.assert(
      fc.property(params, (p) => {
        const q = build(p);
        for (const x of q.starts().slice(1)) {
          const grad = balanceGrad(q, x)!;
          const h = 1e-6;
          const fd = grad.map((_, k) => {
            const xp = Float64Array.from(x);
            const xm = Float64Array.from(x);
            xp[k] += h;
            xm[k] -= h;
            const Bp = balanceOf(q.gradients(xp), q.K, q.d)!.B;
            const Bm = balanceOf(q.gradients(xm), q.K, q.d)!.B;
            return (Bp - Bm) / (2 * h);
          });
          expect(relErr(grad, fd)).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 60, seed: 18 },
    );
  });

  it('Gauss–Newton B-flow reaches B < 1e-20 monotonically', () => {
    fc.assert(
      fc.property(params, (p) => {
        const q = build(p);
        const r = runFlow(q, { kind: 'bflow', eta: 1, steps: 60, gaussNewton: true, start: 1 });
        expect(r.finalB!).toBeLessThan(1e-20);
        for (let n = 1; n < r.record.B.length; n++) {
          expect(r.record.B[n]).toBeLessThanOrEqual(r.record.B[n - 1]);
        }
      }),
      { numRuns: 40, seed: 19 },
    );
  });
});
