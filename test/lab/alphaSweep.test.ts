/**
 * The α sweep's data against independent per-world float64 core runs on a small grid, the
 * reporting of divergent worlds, the α grid, bad input and cancellation.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { createProblem } from '../../src/core/problems/index';
import { alphaGrid, alphaSweep } from '../../src/lab/alphaSweep';
import { coreLossFlow, coreMeasures, relErr } from './coreLoop';

describe('alphaGrid', () => {
  it('spaces W values evenly over the range, both ends included', () => {
    expect(Array.from(alphaGrid(5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const g = alphaGrid(3, 0.2, 0.6);
    for (const [k, v] of [0.2, 0.4, 0.6].entries()) expect(g[k]).toBeCloseTo(v, 15);
  });
  it('rejects bad W and ranges, naming the field', () => {
    expect(() => alphaGrid(1)).toThrow(InputError);
    expect(() => alphaGrid(4, 0.5, 1.5)).toThrowError(/range/);
  });
});

describe('alphaSweep on the CPU engine', () => {
  const problem = createProblem('quadratic-groups', { seed: 3 });
  const eta = 0.1;
  const steps = 60;

  for (const checkEvery of [1, 7]) {
    it(`equals per-world core runs (checkEvery = ${checkEvery})`, async () => {
      const tol = 1e-2;
      const r = await alphaSweep({
        problem,
        method: { id: 'cosine' },
        W: 5,
        eta,
        steps,
        checkEvery,
        tol,
        backend: 'cpu',
      });
      expect(r.step).toBe(steps);
      expect(r.measure).toBe('gap');
      expect(r.diverged).toEqual([]);
      const start = problem.starts()[0];
      for (let w = 0; w < 5; w++) {
        const core = coreLossFlow(problem, { id: 'cosine', alpha: r.alpha[w] }, eta, start, steps);
        expect(core.diverged).toBe(false);
        const last = core.thetas[steps];
        expect(relErr(r.thetas.subarray(w * 3, w * 3 + 3), last)).toBeLessThan(1e-12);
        const m = coreMeasures(problem, last);
        expect(r.finalF[w]).toBeCloseTo(m.F, 11);
        expect(r.finalGap[w]).toBeCloseTo(m.F - (problem.Fstar as number), 11);
        expect(r.finalB[w]).toBeCloseTo(m.B as number, 11);
        // First checkpoint (multiple of checkEvery, or T) with F − F* ≤ tol.
        let expected = -1;
        for (let t = 0; t <= steps; t = t === steps ? steps + 1 : Math.min(steps, t + checkEvery)) {
          const gap = coreMeasures(problem, core.thetas[t]).F - (problem.Fstar as number);
          if (gap <= tol) {
            expected = t;
            break;
          }
        }
        expect(r.stepsToTol[w]).toBe(expected);
      }
      // The sweep is not trivial: α changes the outcome.
      expect(new Set(Array.from(r.finalGap, (g) => g.toPrecision(6))).size).toBeGreaterThan(1);
    });
  }

  it('reports divergent worlds by index and keeps their last finite θ', async () => {
    const pair = createProblem('convex-pair');
    const r = await alphaSweep({
      problem: pair,
      method: { id: 'cosine' },
      W: 3,
      eta: 40,
      steps: 400,
      checkEvery: 50,
      backend: 'cpu',
    });
    const start = pair.starts()[0];
    const expected: number[] = [];
    for (let w = 0; w < 3; w++) {
      const core = coreLossFlow(pair, { id: 'cosine', alpha: r.alpha[w] }, 40, start, 400);
      if (core.diverged) expected.push(w);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(r.diverged).toEqual(expected);
    for (const w of r.diverged) {
      expect(r.stepsToTol[w]).toBe(-1);
      expect(Number.isNaN(r.finalF[w])).toBe(true);
    }
    expect(r.thetas.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad options naming the field', async () => {
    const base = {
      problem,
      method: { id: 'cosine' as const },
      W: 4,
      eta,
      steps: 5,
      backend: 'cpu' as const,
    };
    await expect(alphaSweep({ ...base, steps: 0 })).rejects.toThrowError(/steps/);
    await expect(alphaSweep({ ...base, checkEvery: 0 })).rejects.toThrowError(/checkEvery/);
    await expect(alphaSweep({ ...base, start: new Float64Array(2) })).rejects.toThrowError(/start/);
    await expect(alphaSweep({ ...base, eta: -1 })).rejects.toThrowError(/eta/);
  });

  it('stops with an AbortError when cancelled mid-run', async () => {
    const ac = new AbortController();
    let checkpoints = 0;
    const run = alphaSweep({
      problem,
      method: { id: 'cosine' },
      W: 4,
      eta,
      steps: 1000,
      checkEvery: 1,
      backend: 'cpu',
      signal: ac.signal,
      onCheckpoint: () => {
        checkpoints++;
        if (checkpoints === 3) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(checkpoints).toBe(3);
  });
});
