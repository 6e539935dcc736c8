/**
 * Basin maps: the start grid (golden), the engine's results against independent per-world core
 * runs on a small grid, divergent starts reported, the pixel colouring, bad input, cancellation.
 */
import { describe, expect, it } from 'vitest';
import { createProblem } from '../../src/core/problems/index';
import { type BasinMapResult, basinMap, basinPixels, basinStarts } from '../../src/lab/basinMap';
import { coreLossFlow, relErr } from './coreLoop';

describe('basinStarts', () => {
  it('puts pixel centres row by row from the top-left', () => {
    const s = basinStarts(2, [
      [-1, 1],
      [0, 2],
    ]);
    expect(Array.from(s)).toEqual([-0.5, 1.5, 0.5, 1.5, -0.5, 0.5, 0.5, 0.5]);
  });
  it('rejects n < 2', () => {
    expect(() =>
      basinStarts(1, [
        [0, 1],
        [0, 1],
      ]),
    ).toThrowError(/n/);
  });
});

describe('basinMap on the CPU engine', () => {
  for (const [id, method, eta] of [
    ['convex-pair', { id: 'sum' as const }, 0.2],
    ['cagrad-toy', { id: 'pcgrad' as const, order: 'fixed' as const }, 0.01],
  ] as const) {
    it(`equals per-world core runs (${id}, ${method.id})`, async () => {
      const problem = createProblem(id);
      const steps = 60;
      const checkEvery = 10;
      const moveTol = 5e-3;
      const r = await basinMap({
        problem,
        method,
        n: 4,
        eta,
        steps,
        checkEvery,
        moveTol,
        backend: 'cpu',
      });
      expect(r.steps).toBe(steps);
      expect(r.diverged).toEqual([]);
      const dom = problem.domain as [number, number][];
      const span = Math.max(dom[0][1] - dom[0][0], dom[1][1] - dom[1][0]);
      let settled = 0;
      for (let w = 0; w < 16; w++) {
        const core = coreLossFlow(problem, method, eta, r.starts.subarray(2 * w, 2 * w + 2), steps);
        expect(core.diverged).toBe(false);
        expect(relErr(r.ends.subarray(2 * w, 2 * w + 2), core.thetas[steps])).toBeLessThan(1e-12);
        let expected = -1;
        for (let t = checkEvery; t <= steps; t += checkEvery) {
          const a = core.thetas[t];
          const b = core.thetas[t - checkEvery];
          if (Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])) <= moveTol * span) {
            expected = t;
            break;
          }
        }
        expect(r.settleStep[w]).toBe(expected);
        if (expected >= 0) settled++;
      }
      if (id === 'convex-pair') expect(settled).toBeGreaterThan(0);
    });
  }

  it('reports divergent starts and keeps their last finite θ', async () => {
    const problem = createProblem('convex-pair');
    const r = await basinMap({
      problem,
      method: { id: 'sum' },
      n: 3,
      eta: 40,
      steps: 300,
      checkEvery: 50,
      backend: 'cpu',
    });
    const expected: number[] = [];
    for (let w = 0; w < 9; w++) {
      if (
        coreLossFlow(problem, { id: 'sum' }, 40, r.starts.subarray(2 * w, 2 * w + 2), 300).diverged
      )
        expected.push(w);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(r.diverged).toEqual(expected);
    for (const w of r.diverged) expect(r.settleStep[w]).toBe(-1);
    expect(r.ends.every(Number.isFinite)).toBe(true);
  });

  it('rejects a problem without a 2-D domain', async () => {
    const q = createProblem('quadratic-groups');
    await expect(
      basinMap({ problem: q, method: { id: 'sum' }, n: 4, eta: 0.1, steps: 5, backend: 'cpu' }),
    ).rejects.toThrowError(/problem/);
  });

  it('stops with an AbortError when cancelled', async () => {
    const ac = new AbortController();
    const run = basinMap({
      problem: createProblem('convex-pair'),
      method: { id: 'sum' },
      n: 8,
      eta: 0.05,
      steps: 1000,
      checkEvery: 1,
      backend: 'cpu',
      signal: ac.signal,
      onProgress: (f) => {
        if (f >= 0.005) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('basinPixels', () => {
  const base: BasinMapResult = {
    backend: 'cpu',
    n: 2,
    domain: [
      [0, 1],
      [0, 1],
    ],
    starts: new Float64Array(8),
    ends: Float64Array.of(0, 0, 1, 1, 1, 0, 0.5, 0.5),
    settleStep: Int32Array.of(0, 50, -1, 100),
    status: Uint8Array.of(0, 0, 0, 2),
    diverged: [3],
    undefinedB: 0,
    steps: 100,
    elapsedMs: 0,
  };
  it('colours end points by the corner colours and diverged starts black', () => {
    const px = basinPixels(base, 'end');
    expect(Array.from(px.subarray(0, 4))).toEqual([230, 97, 1, 255]);
    expect(Array.from(px.subarray(4, 8))).toEqual([178, 223, 138, 255]);
    expect(Array.from(px.subarray(8, 12))).toEqual([253, 184, 99, 255]);
    expect(Array.from(px.subarray(12, 16))).toEqual([0, 0, 0, 255]);
  });
  it('colours settle steps by brightness, never settled dark blue', () => {
    const px = basinPixels(base, 'steps');
    expect(Array.from(px.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    expect(Array.from(px.subarray(4, 8))).toEqual([128, 128, 128, 255]);
    expect(Array.from(px.subarray(8, 12))).toEqual([20, 40, 110, 255]);
    expect(Array.from(px.subarray(12, 16))).toEqual([0, 0, 0, 255]);
  });
});
