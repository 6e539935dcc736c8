/**
 * Stateful methods in the CPU engine: each world keeps its own GradVac targets and Nash-MTL warm
 * start, the seeded draws of RLW depend on (seed, step, world), inspecting a world changes
 * nothing, and every new method runs the live loop (including the vector-only GradDrop).
 */
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { coefficients, directionWeights } from '../../src/core/methods/index';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { createMethodState, METHOD_IDS, type MethodSpec } from '../../src/core/types';
import { createCpuEngine } from '../../src/engine/cpuEngine';

const problem = createQuadraticGroups({ K: 4, d: 3, seed: 5 });
const starts = Float64Array.from({ length: 2 * 3 }, (_, k) => Math.sin(k + 1) * 2);

describe('method state per world', () => {
  it('GradVac: the engine equals a hand loop that keeps one target matrix per world', async () => {
    const spec: MethodSpec = { id: 'gradvac', beta: 0.2, order: 'fixed' };
    const engine = createCpuEngine({ problem, method: spec, flow: 'loss', eta: 0.05, starts });
    await engine.advance(12);
    const got = await engine.thetas();
    for (let w = 0; w < 2; w++) {
      const state = createMethodState(w);
      const x = starts.slice(w * 3, w * 3 + 3);
      for (let n = 0; n < 12; n++) {
        state.step = n;
        const g = problem.gradients(x);
        const wts = directionWeights(coefficients(gram({ K: 4, d: 3, g }), 4, spec, state), 4);
        for (let j = 0; j < 4; j++)
          for (let k = 0; k < 3; k++) x[k] -= 0.05 * wts[j] * g[j * 3 + k];
      }
      for (let k = 0; k < 3; k++) expect(got[w * 3 + k]).toBeCloseTo(x[k], 12);
    }
    const view = await engine.inspect(0);
    expect(view.targets?.length).toBe(16);
    expect(view.targets?.some((t) => t !== 0)).toBe(true);
    // Inspecting twice shows the same and leaves the run unchanged.
    const again = await engine.inspect(0);
    expect(Array.from(again.C)).toEqual(Array.from(view.C));
    expect(Array.from(await engine.thetas())).toEqual(Array.from(got));
  });

  it('RLW draws differ between worlds from the same start', async () => {
    const same = Float64Array.from([...starts.slice(0, 3), ...starts.slice(0, 3)]);
    const engine = createCpuEngine({
      problem,
      method: { id: 'rlw', seed: 3 },
      flow: 'loss',
      eta: 0.05,
      starts: same,
    });
    await engine.advance(3);
    const th = await engine.thetas();
    expect(Array.from(th.subarray(0, 3))).not.toEqual(Array.from(th.subarray(3, 6)));
  });

  it('every method runs 20 live steps and stays finite', async () => {
    for (const id of METHOD_IDS) {
      const engine = createCpuEngine({
        problem,
        method: { id, seed: 1 },
        flow: 'loss',
        eta: 0.02,
        starts,
      });
      await engine.advance(20);
      const th = await engine.thetas();
      expect(th.every(Number.isFinite), id).toBe(true);
      const view = await engine.inspect(1);
      expect(view.direction.every(Number.isFinite), id).toBe(true);
    }
  });
});
