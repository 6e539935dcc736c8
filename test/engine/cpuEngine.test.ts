/**
 * The CPU engine against the float64 core it wraps: the same trajectories as iterating
 * lossFlowStep / θ − η∇B, statuses (B undefined, diverged) per world, and InputErrors.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { balanceGrad } from '../../src/core/flows/balanceGrad';
import { lossFlowStep } from '../../src/core/flows/lossFlow';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { Problem } from '../../src/core/problems/types';
import { createCpuEngine } from '../../src/engine/cpuEngine';
import {
  createEngine,
  fallbackToCpu,
  WorldStatus,
  type WorldsConfig,
} from '../../src/engine/index';
import { freshSeed, randomPoints } from '../gpu/helpers';

function maxRel(a: Float64Array, b: Float64Array): number {
  let e = 0;
  for (let k = 0; k < a.length; k++) e = Math.max(e, Math.abs(a[k] - b[k]) / (1 + Math.abs(b[k])));
  return e;
}

describe('CPU engine', () => {
  it('follows lossFlowStep world by world, with per-world α (cosine)', async () => {
    const seed = freshSeed();
    const problem = createQuadraticGroups({ K: 5, d: 4, seed });
    const W = 3;
    const starts = randomPoints(seed + 1, W * 4);
    const alpha = Float64Array.of(0, 0.5, 1);
    const method = { id: 'cosine' as const, mode: 'sequential' as const, seed: 11 };
    const engine = await createEngine('cpu', {
      problem,
      method,
      alpha,
      flow: 'loss',
      eta: 0.05,
      starts,
    });
    await engine.advance(25);
    const th = await engine.thetas();
    for (let w = 0; w < W; w++) {
      let x: Float64Array = starts.slice(w * 4, w * 4 + 4);
      for (let n = 0; n < 25; n++)
        x = lossFlowStep(problem, x, { ...method, alpha: alpha[w], step: n }, 0.05);
      expect(maxRel(th.subarray(w * 4, w * 4 + 4), x), `seed ${seed} world ${w}`).toBeLessThan(
        1e-12,
      );
    }
    const s = await engine.summaries();
    expect(s.step).toBe(25);
    expect(Array.from(s.status)).toEqual([0, 0, 0]);
    for (let w = 0; w < W; w++) {
      let F = 0;
      for (let i = 0; i < 5; i++) F += s.losses[w * 5 + i];
      expect(s.F[w]).toBeCloseTo(F, 12);
    }
  });

  it('B-flow follows θ − η∇B; two-phase records its switch step', async () => {
    const seed = freshSeed();
    const problem = createQuadraticGroups({ K: 4, d: 3, seed });
    const starts = randomPoints(seed + 2, 3);
    const engine = createCpuEngine({
      problem,
      method: { id: 'sum' },
      flow: 'bflow',
      eta: 0.02,
      starts,
    });
    await engine.advance(10);
    let x = starts.slice();
    for (let n = 0; n < 10; n++) {
      const gB = balanceGrad(problem, x) as Float64Array;
      x = x.map((v, k) => v - 0.02 * gB[k]);
    }
    expect(maxRel(await engine.thetas(), x)).toBeLessThan(1e-12);
    // Two-phase with a threshold that holds at once switches at step 0.
    const two = createCpuEngine({
      problem,
      method: { id: 'sum' },
      flow: 'two-phase',
      eta: 0.02,
      epsSwitch: 10,
      starts,
    });
    await two.advance(3);
    expect((await two.summaries()).switchStep[0]).toBe(0);
  });

  it('flags B undefined on the CAGrad toy line x2 = 0 and leaves that world in place', async () => {
    const problem = createCagradToy();
    const starts = Float64Array.of(0, 0, -8.5, 7.5);
    const engine = createCpuEngine({
      problem,
      method: { id: 'sum' },
      flow: 'bflow',
      eta: 0.01,
      starts,
    });
    await engine.advance(5);
    const s = await engine.summaries();
    expect(s.status[0]).toBe(WorldStatus.undefinedB);
    expect(Number.isNaN(s.B[0])).toBe(true);
    expect(s.status[1]).toBe(WorldStatus.ok);
    expect(Number.isFinite(s.B[1])).toBe(true);
    const th = await engine.thetas();
    expect(Array.from(th.subarray(0, 2))).toEqual([0, 0]);
  });

  it('flags a world whose gradients become NaN; the others go on unchanged', async () => {
    const base = createQuadraticGroups({ K: 3, d: 2, seed: freshSeed() });
    // Gradients are NaN once θ_0 > 50: world 1 starts there.
    const problem: Problem = {
      ...base,
      gradients(theta) {
        const g = base.gradients(theta);
        return theta[0] > 50 ? g.fill(Number.NaN) : g;
      },
    };
    const starts = Float64Array.of(1, 2, 60, 1, -1, 0.5);
    // One order table for every world ('once'): world 2 here is world 1 of `alone`.
    const engine = createCpuEngine({
      problem,
      method: { id: 'pcgrad', shuffle: 'once' },
      flow: 'loss',
      eta: 0.1,
      starts,
    });
    const alone = createCpuEngine({
      problem,
      method: { id: 'pcgrad', shuffle: 'once' },
      flow: 'loss',
      eta: 0.1,
      starts: Float64Array.of(1, 2, -1, 0.5),
    });
    await engine.advance(20);
    await alone.advance(20);
    const s = await engine.summaries();
    expect(Array.from(s.status)).toEqual([0, 2, 0]);
    expect(Number.isNaN(s.F[1])).toBe(true);
    const th = await engine.thetas();
    expect(Array.from(th.subarray(2, 4))).toEqual([60, 1]);
    const ref = await alone.thetas();
    expect(Array.from(th.subarray(0, 2))).toEqual(Array.from(ref.subarray(0, 2)));
    expect(Array.from(th.subarray(4, 6))).toEqual(Array.from(ref.subarray(2, 4)));
  });

  it('setMethod and setStepSize act without reset; fallbackToCpu resumes from lastState', async () => {
    const problem = createQuadraticGroups({ K: 3, d: 2, seed: freshSeed() });
    const starts = randomPoints(freshSeed(), 4);
    const cfg: WorldsConfig = { problem, method: { id: 'sum' }, flow: 'loss', eta: 0.1, starts };
    const a = createCpuEngine(cfg);
    await a.advance(5);
    a.setMethod({ id: 'pcgrad', seed: 2 });
    a.setStepSize(0.05);
    await a.advance(5);
    const b = createCpuEngine(cfg);
    await b.advance(5);
    const resumed = fallbackToCpu(b, { ...cfg, method: { id: 'pcgrad', seed: 2 }, eta: 0.05 });
    await resumed.advance(5);
    expect(Array.from(await resumed.thetas())).toEqual(Array.from(await a.thetas()));
    expect((await resumed.summaries()).step).toBe(10);
  });

  it('rejects bad input with InputError naming the field', async () => {
    const problem = createQuadraticGroups({ K: 3, d: 2, seed: 1 });
    const ok: WorldsConfig = {
      problem,
      method: { id: 'sum' },
      flow: 'loss',
      eta: 0.1,
      starts: new Float64Array(4).fill(1),
    };
    const field = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).field;
      }
      return 'no error';
    };
    expect(field(() => createCpuEngine({ ...ok, eta: 0 }))).toBe('eta');
    expect(field(() => createCpuEngine({ ...ok, starts: new Float64Array(3) }))).toBe('starts');
    expect(field(() => createCpuEngine({ ...ok, starts: Float64Array.of(1, Number.NaN) }))).toBe(
      'starts[1]',
    );
    expect(field(() => createCpuEngine({ ...ok, alpha: new Float64Array(3) }))).toBe('alpha');
    expect(field(() => createCpuEngine({ ...ok, A: new Float64Array(5) }))).toBe('A');
    expect(field(() => createCpuEngine({ ...ok, flow: 'up' as never }))).toBe('flow');
    expect(field(() => createCpuEngine({ ...ok, method: { id: 'nope' as never } }))).toBe('method');
    expect(field(() => createCpuEngine({ ...ok, epsSwitch: -1 }))).toBe('epsSwitch');
    const e = createCpuEngine(ok);
    await expect(e.inspect(2)).rejects.toThrow(InputError);
    await expect(e.advance(-1)).rejects.toThrow(InputError);
    await expect(createEngine('tpu' as never, ok)).rejects.toThrow(InputError);
  });

  it('inspect gives the core projection of one world', async () => {
    const problem = createQuadraticGroups({ K: 4, d: 3, seed: freshSeed() });
    const starts = randomPoints(freshSeed(), 6);
    const e = createCpuEngine({
      problem,
      method: { id: 'pcgrad', seed: 1 },
      flow: 'loss',
      eta: 0.1,
      starts,
    });
    const v = await e.inspect(1);
    expect(Array.from(v.theta)).toEqual(Array.from(starts.subarray(3, 6)));
    expect(Array.from(v.gradients)).toEqual(Array.from(problem.gradients(v.theta)));
    // d = Σ_i g'_i and g'_i = Σ_j C_ij g_j.
    for (let k = 0; k < 3; k++) {
      let sum = 0;
      for (let i = 0; i < 4; i++) {
        let gp = 0;
        for (let j = 0; j < 4; j++) gp += v.C[i * 4 + j] * v.gradients[j * 3 + k];
        expect(v.projected[i * 3 + k]).toBeCloseTo(gp, 12);
        sum += v.projected[i * 3 + k];
      }
      expect(v.direction[k]).toBeCloseTo(sum, 12);
    }
  });
});
