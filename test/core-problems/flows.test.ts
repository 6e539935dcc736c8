/** Loss-flow, B-flow (gradient, line search, Gauss–Newton), two-phase and runFlow (MATH.md §5). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { balanceGrad, balanceOf } from '../../src/core/flows/balanceGrad';
import { createBFlow } from '../../src/core/flows/bflow';
import { lossFlowStep } from '../../src/core/flows/lossFlow';
import { type FlowSummary, recordStride, runFlow } from '../../src/core/flows/run';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createConvexPair } from '../../src/core/problems/convexPair';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { Problem } from '../../src/core/problems/types';

const SUM = { id: 'sum' } as const;

function expectNoNaN(r: FlowSummary): void {
  for (const arr of [r.record.B, r.record.I, r.record.F, r.record.losses, r.finalTheta]) {
    for (const x of arr) expect(Number.isFinite(x)).toBe(true);
  }
  for (const x of [r.finalB, r.finalI, r.finalF, r.gapF]) {
    if (x !== null) expect(Number.isFinite(x)).toBe(true);
  }
}

function expectMonotoneB(r: FlowSummary): void {
  expect(r.record.stride).toBe(1);
  for (let n = 1; n < r.record.B.length; n++) {
    expect(r.record.B[n]).toBeLessThanOrEqual(r.record.B[n - 1]);
  }
}

describe('lossFlowStep', () => {
  it('with sum is θ − η·Σ_i g_i (convex pair at 0, gradients by hand)', () => {
    const p = createConvexPair();
    const x = Float64Array.of(0, 0);
    const g = p.gradients(x);
    const next = lossFlowStep(p, x, SUM, 0.1);
    expect(next[0]).toBeCloseTo(-0.1 * (g[0] + g[2]), 15);
    expect(next[1]).toBeCloseTo(-0.1 * (g[1] + g[3]), 15);
    expect(Array.from(x)).toEqual([0, 0]);
  });

  it('rejects a bad step size, θ and method, naming the field', () => {
    const p = createConvexPair();
    const x = Float64Array.of(0, 0);
    expect(() => lossFlowStep(p, x, SUM, 0)).toThrow(/eta/);
    expect(() => lossFlowStep(p, x, SUM, Number.NaN)).toThrow(InputError);
    expect(() => lossFlowStep(p, Float64Array.of(1), SUM, 0.1)).toThrow(/theta/);
    expect(() => lossFlowStep(p, x, { id: 'bogus' as 'sum' }, 0.1)).toThrow(/method/);
  });
});

describe('runFlow: loss-flow', () => {
  it('with sum converges to θ* on the convex pair from every start', () => {
    const p = createConvexPair();
    for (let s = 0; s < p.starts().length; s++) {
      const r = runFlow(p, { kind: 'loss', method: SUM, eta: 0.1, steps: 3000, start: s });
      expect(r.distToThetaStar!).toBeLessThan(1e-12);
      expect(Math.abs(r.gapF!)).toBeLessThan(1e-14);
      expect(r.finalB!).toBeLessThan(1e-24);
      expect(r.stepsToTolF).not.toBeNull();
      expect(r.stepsToTolB).not.toBeNull();
      expectNoNaN(r);
    }
  });

  it('with mgda and upgrad (no objective increases to first order) every loss decreases', () => {
    // On the convex pair L_i(θ − ηd) = L_i − η d·g_i + η² dᵀA_i d: with d·g_i ≥ 0 and a small
    // step, each L_i is non-increasing up to the O(η²) term where d·g_i = 0 (slack 1e-9).
    const p = createConvexPair();
    for (const id of ['mgda', 'upgrad'] as const) {
      for (const start of [0, 2, 6]) {
        const r = runFlow(p, { kind: 'loss', method: { id }, eta: 1e-3, steps: 400, start });
        expectNoNaN(r);
        const L = r.record.losses;
        for (let n = 1; n < r.record.step.length; n++) {
          for (let i = 0; i < 2; i++)
            expect(L[n * 2 + i]).toBeLessThanOrEqual(L[(n - 1) * 2 + i] + 1e-9);
        }
        expect(r.finalF!).toBeLessThan(r.record.F[0]);
      }
    }
  });

  it('records every step up to a cap, and always the last point', () => {
    const p = createQuadraticGroups();
    const r = runFlow(p, { kind: 'loss', eta: 1e-3, steps: 1000, maxRecords: 11 });
    expect(r.stop).toBe('steps');
    expect(r.record.stride).toBe(91);
    expect(r.record.step[0]).toBe(0);
    expect(r.record.step[r.record.step.length - 1]).toBe(1000);
    expect(r.record.step.length).toBeLessThanOrEqual(12);
    expect(r.record.losses.length).toBe(r.record.step.length * p.K);
    // The recorded losses stay under 2^22 entries for large K.
    expect(recordStride(99, 10_001, 4)).toBe(1);
    expect(recordStride(100_000, 10_001, 4)).toBe(10);
    expect(recordStride(100_000, 10_001, 4096)).toBe(98);
    const full = runFlow(p, { kind: 'loss', eta: 0.01, steps: 50 });
    expect(Array.from(full.record.step)).toEqual(Array.from({ length: 51 }, (_, t) => t));
    const L = p.losses(full.finalTheta);
    expect(full.finalF).toBeCloseTo(
      L.reduce((a, b) => a + b, 0),
      14,
    );
  });

  it('flags a diverging run as non-finite instead of throwing', () => {
    const p = createQuadraticGroups();
    const r = runFlow(p, { kind: 'loss', eta: 100, steps: 5000 });
    expect(r.stop).toBe('non-finite');
    expect(r.nonFinite).toBe(true);
    expect(r.steps).toBeLessThan(5000);
    expectNoNaN(r);
  });

  it('flags an InputError raised inside a step instead of throwing', () => {
    const base = createConvexPair();
    const p: Problem = {
      ...base,
      starts: () => base.starts(),
      losses: (x) => base.losses(x),
      gradients: (x) => base.gradients(x),
      hessianVec: () => {
        throw new InputError('v', 'rejected');
      },
    };
    const r = runFlow(p, { kind: 'bflow', eta: 0.1, steps: 10 });
    expect(r.stop).toBe('method-error');
    expect(r.message).toMatch(/v: rejected/);
    expect(r.steps).toBe(0);
    expect(r.finalB).not.toBeNull();
  });

  it('validates its options, naming the field', () => {
    const p = createConvexPair();
    expect(() => runFlow(p, { kind: 'loss', eta: -1, steps: 10 })).toThrow(/eta/);
    expect(() => runFlow(p, { kind: 'loss', eta: 0.1, steps: 1.5 })).toThrow(/steps/);
    expect(() => runFlow(p, { kind: 'loss', eta: 0.1, steps: 1, start: 99 })).toThrow(/start/);
    expect(() => runFlow(p, { kind: 'loss', eta: 0.1, steps: 1, start: [1] })).toThrow(/start/);
    expect(() => runFlow(p, { kind: 'walk' as 'loss', eta: 0.1, steps: 1 })).toThrow(/kind/);
    expect(() =>
      runFlow(p, { kind: 'loss', method: { id: 'cosine', alpha: 2 }, eta: 0.1, steps: 1 }),
    ).toThrow(/alpha/);
    expect(() =>
      runFlow(p, { kind: 'bflow', eta: 0.1, steps: 1, lineSearch: true, gaussNewton: true }),
    ).toThrow(/lineSearch/);
  });
});

describe('runFlow: B-flow', () => {
  const problems: [string, Problem, number[]][] = [
    ['quadratic groups', createQuadraticGroups(), [0, 1, 2, 3, 4]],
    ['convex pair', createConvexPair(), [0, 2, 5]],
    ['CAGrad toy', createCagradToy(), [0, 1, 2, 4, 5]],
  ];

  it('plain gradient step is θ − η∇B', () => {
    const p = createConvexPair();
    const x = Float64Array.of(0.3, 2);
    const g = p.gradients(x);
    const stepper = createBFlow(p, { eta: 0.05 });
    const res = stepper.step({ theta: x, g, balance: balanceOf(g, 2, 2) }, 0);
    const grad = balanceGrad(p, x)!;
    expect(res.theta[0]).toBeCloseTo(0.3 - 0.05 * grad[0], 15);
    expect(res.theta[1]).toBeCloseTo(2 - 0.05 * grad[1], 15);
  });

  it('with line search decreases B monotonically', () => {
    for (const [, p, starts] of problems) {
      for (const start of starts) {
        const r = runFlow(p, { kind: 'bflow', eta: 1, steps: 300, lineSearch: true, start });
        expect(r.record.B[r.record.B.length - 1]).toBeLessThan(r.record.B[0]);
        expectMonotoneB(r);
        expectNoNaN(r);
      }
    }
  });

  it('Gauss–Newton is monotone in B and reaches B < 1e-20 on quadratics', () => {
    const wide = createQuadraticGroups({
      K: 8,
      d: 40,
      groups: 3,
      eigMin: 0.1,
      eigMax: 10,
      seed: 7,
    });
    for (const p of [createQuadraticGroups(), wide, createConvexPair()]) {
      for (let start = 0; start < p.starts().length; start++) {
        const r = runFlow(p, { kind: 'bflow', eta: 1, steps: 100, gaussNewton: true, start });
        expect(r.finalB!).toBeLessThan(1e-20);
        expect(r.stepsToTolB).not.toBeNull();
        expect(r.stepsToTolB!).toBeLessThan(30);
        expect(r.distToThetaStar!).toBeLessThan(1e-9);
        expectMonotoneB(r);
      }
    }
  });

  it('plain gradient descent on B converges on a well-conditioned quadratic', () => {
    const p = createQuadraticGroups({ eigMin: 1, eigMax: 1.5 });
    // Near θ*, ∇²B ≈ 2H²/S(θ*): η must stay below 2/λ_max(∇²B); η = 0.05 does here.
    for (let start = 0; start < 5; start++) {
      const r = runFlow(p, { kind: 'bflow', eta: 0.05, steps: 4000, start });
      expect(r.finalB!).toBeLessThan(1e-20);
      expectNoNaN(r);
    }
  });
});

describe('runFlow: two-phase', () => {
  it('records the switch step where |I + ½| first drops below ε_switch', () => {
    const p = createConvexPair();
    const eps = 0.02;
    const r = runFlow(p, {
      kind: 'two-phase',
      eta: 0.05,
      etaB: 1,
      lineSearch: true,
      steps: 500,
      epsSwitch: eps,
    });
    const s = r.switchStep!;
    expect(s).toBeGreaterThan(0);
    expect(Math.abs(r.record.I[s] + 0.5)).toBeLessThan(eps);
    expect(Math.abs(r.record.I[s - 1] + 0.5)).toBeGreaterThanOrEqual(eps);
    // Before the switch it is the loss-flow: B-flow with line search is monotone after it.
    const loss = runFlow(p, { kind: 'loss', eta: 0.05, steps: s });
    expect(Array.from(r.record.B.slice(0, s + 1))).toEqual(Array.from(loss.record.B));
    for (let t = s + 1; t < r.record.B.length; t++) {
      expect(r.record.B[t]).toBeLessThanOrEqual(r.record.B[t - 1]);
    }
  });

  it('never switches when the threshold is never met', () => {
    const r = runFlow(createConvexPair(), {
      kind: 'two-phase',
      eta: 1e-4,
      steps: 20,
      epsSwitch: 1e-9,
    });
    expect(r.switchStep).toBeNull();
  });
});

describe('runFlow on the CAGrad toy line x2 = 0', () => {
  it('stops with B undefined from (0, 0), without NaN, for every kind', () => {
    const p = createCagradToy();
    for (const kind of ['loss', 'bflow', 'two-phase'] as const) {
      const r = runFlow(p, { kind, eta: 0.01, steps: 100, start: 3 });
      expect(r.stop).toBe('b-undefined');
      expect(r.bUndefined).toBe(true);
      expect(r.finalB).toBeNull();
      expect(r.finalF).toBe(0);
      expect(r.steps).toBe(0);
      expect(Array.from(r.finalTheta)).toEqual([0, 0]);
      expectNoNaN(r);
    }
  });

  it('moves off the line with the autograd convention, finite throughout', () => {
    const p = createCagradToy({ atZero: 'autograd' });
    const r = runFlow(p, { kind: 'loss', eta: 0.01, steps: 500, start: 3 });
    expect(r.stop).toBe('steps');
    expect(r.finalTheta[1]).not.toBe(0);
    expectNoNaN(r);
  });

  it('crosses or approaches the line from other starts without NaN', () => {
    const p = createCagradToy();
    for (let start = 0; start < 6; start++) {
      for (const kind of ['loss', 'bflow', 'two-phase'] as const) {
        const r = runFlow(p, { kind, eta: 0.01, steps: 300, start, lineSearch: kind !== 'loss' });
        expectNoNaN(r);
      }
    }
  });
});
