/**
 * The live loop's parts: the frame budget (stepBudget.ts), the device-loss notice
 * (deviceLoss.ts), and latest-wins path sweeps (pathSweep.ts) against the float64 core, on the
 * CPU as one job of the page's path worker (pathsOffThread.ts).
 */
import { describe, expect, it } from 'vitest';
import { createConvexPair } from '../../src/core/problems/convexPair';
import { createCpuEngine } from '../../src/engine';
import { lostNotice } from '../../src/state/deviceLoss';
import { PathSweeper, type SweptPaths, sampleSteps } from '../../src/state/pathSweep';
import { BUDGET_MS, budgetNotice, StepBudget } from '../../src/state/stepBudget';
import { setPathPool } from '../../src/workers/labPool';
import { LabPool } from '../../src/workers/pool';
import { countingLabWorkers } from '../workers/fakeWorker';

describe('StepBudget', () => {
  it('starts with one step, then allows ⌊BUDGET_MS / cost⌋ (at most what is asked, at least 1)', () => {
    const b = new StepBudget();
    expect(b.allowance(1000)).toBe(1);
    b.record(1, 4);
    expect(b.allowance(1000)).toBe(Math.floor(BUDGET_MS / 4));
    expect(b.allowance(2)).toBe(2);
    b.record(1, 100);
    expect(b.allowance(1000)).toBe(1);
    b.reset();
    expect(b.allowance(7)).toBe(1);
  });

  it('ignores meaningless measurements', () => {
    const b = new StepBudget();
    b.record(0, 5);
    b.record(3, Number.NaN);
    b.record(3, -1);
    expect(Number.isNaN(b.msPerStep)).toBe(true);
  });

  it('says so only while it lowers the configured steps', () => {
    expect(budgetNotice(1000, 3, 4.2)).toBe(
      `Steps per frame lowered from 1000 to 3 to keep frames near ${BUDGET_MS} ms (one step takes 4.2 ms here)`,
    );
    expect(budgetNotice(5, 5, 1)).toBeNull();
  });
});

describe('lostNotice', () => {
  it('names the loss once, whatever the device said', () => {
    for (const reason of [
      'GPU device lost (destroyed): Device was destroyed.',
      'GPU device lost',
      'device lost',
      'destroyed',
    ]) {
      const t = lostNotice(reason, 12);
      expect(t.match(/GPU device lost/g)?.length).toBe(1);
      expect(t).toMatch(/continuing on the CPU from step 12$/);
    }
    expect(lostNotice('GPU device lost (destroyed): Device was destroyed.', 3)).toBe(
      'GPU device lost (destroyed: Device was destroyed.) — continuing on the CPU from step 3',
    );
  });
});

describe('PathSweeper', () => {
  const problem = createConvexPair();
  const start = Float64Array.from(problem.starts()[0]);
  const req = (alpha: number, horizon = 60) => ({
    problem,
    flow: 'loss' as const,
    eta: 0.02,
    epsSwitch: 1e-2,
    start,
    methods: [
      { id: 'cosine' as const, alpha, mode: 'simultaneous' as const },
      { id: 'pcgrad' as const, mode: 'simultaneous' as const },
    ],
    horizon,
    backend: 'cpu' as const,
  });

  it('sample steps: every step on a short CPU horizon, S + 1 increasing steps ending at H', () => {
    expect(Array.from(sampleSteps(5, 'cpu'))).toEqual([0, 1, 2, 3, 4, 5]);
    const g = sampleSteps(200, 'gpu');
    expect(g.length).toBe(17);
    expect(g[16]).toBe(200);
    for (let k = 1; k < g.length; k++) expect(g[k]).toBeGreaterThan(g[k - 1]);
  });

  it('publishes the float64 core’s paths, and only for the newest of requests made while busy', async () => {
    const got: SweptPaths[] = [];
    const s = new PathSweeper(
      (p) => got.push(p),
      (e) => {
        throw e;
      },
    );
    for (const a of [0.9, 0.7, 0.5, 0.3]) s.request(req(a));
    await s.idle();
    // The first sweep may finish before the later requests replace it, never after a newer one.
    const alphas = got.map((p) => p.methods[0].alpha);
    expect(alphas[alphas.length - 1]).toBe(0.3);
    for (let k = 1; k < alphas.length; k++) expect(alphas[k]!).toBeLessThan(alphas[k - 1]!);
    const last = got[got.length - 1];
    expect(last.complete).toBe(true);
    for (const [m, spec] of req(0.3).methods.entries()) {
      const e = createCpuEngine({ problem, method: spec, flow: 'loss', eta: 0.02, starts: start });
      for (let k = 1; k < last.steps.length; k++) {
        await e.advance(last.steps[k] - last.steps[k - 1]);
        const th = await e.thetas();
        expect(last.paths[m][2 * k]).toBe(th[0]);
        expect(last.paths[m][2 * k + 1]).toBe(th[1]);
      }
    }
  });

  it('on a page, one sweep is one job of the path worker, with the same paths bit for bit', async () => {
    const inProcess: SweptPaths[] = [];
    const a = new PathSweeper(
      (p) => inProcess.push(p),
      (e) => {
        throw e;
      },
    );
    a.request(req(0.4, 90));
    await a.idle();
    const w = countingLabWorkers();
    setPathPool(new LabPool(w.spawn, 1));
    try {
      const viaWorker: SweptPaths[] = [];
      const b = new PathSweeper(
        (p) => viaWorker.push(p),
        (e) => {
          throw e;
        },
      );
      b.request(req(0.4, 90));
      await b.idle();
      expect(w.jobs()).toBe(1);
      expect(viaWorker).toHaveLength(1);
      expect(viaWorker[0].paths.map((p) => Array.from(p))).toEqual(
        inProcess[inProcess.length - 1].paths.map((p) => Array.from(p)),
      );
      // The worker stays for the next sweep.
      b.request(req(0.6, 90));
      await b.idle();
      expect(w.jobs()).toBe(2);
      expect([w.spawned, w.terminated]).toEqual([1, 0]);
    } finally {
      setPathPool(null);
    }
  });
});
