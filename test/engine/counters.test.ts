/**
 * Dispatches and read-backs per batch, counted by the GPU engine (src/gpu/counters.ts), for the
 * three ways the app drives it:
 *   - a recorded run (the lab's sweeps and basin maps, src/lab/recordedRun.ts): on the
 *     multi-step path exactly one dispatch per T-step batch and one read-back per batch (plus the
 *     step-0 rows and the final θ and summary reads of the lab function, at most 6 per run);
 *   - the live run: advance() every frame and latestSummaries(), which never waits: one
 *     dispatch per batch and at most one read-back per batch (time-limited to ~4 per second);
 *   - the per-step path (larger worlds) for contrast: two dispatches or more per step.
 */
import '../gpu/webgpuNode';
import { describe, expect, it } from 'vitest';
import { createProblem } from '../../src/core/problems/index';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { diffCounters, GPU_TOTALS } from '../../src/gpu/counters';
import { createGpuEngine } from '../../src/gpu/gpuEngine';
import { alphaSweep } from '../../src/lab/alphaSweep';
import { basinMap } from '../../src/lab/basinMap';
import { recordedRun } from '../../src/lab/recordedRun';
import { freshSeed, randomPoints } from '../gpu/helpers';
import { gpuContext } from '../gpu/webgpuNode';

describe('GPU work per batch', () => {
  it('recorded run on the multi-step path: 1 dispatch and 1 read-back per batch', async () => {
    const ctx = await gpuContext();
    const seed = freshSeed();
    const problem = createQuadraticGroups({ K: 4, d: 3, seed });
    const engine = await createGpuEngine(
      {
        problem,
        method: { id: 'pcgrad' },
        flow: 'loss',
        eta: 0.01,
        recordEvery: 5,
        starts: randomPoints(seed, 64 * 3),
      },
      { context: ctx },
    );
    expect(engine.path).toBe('gpu-multi-step');
    let rows = 0;
    const before = engine.counters();
    await recordedRun(
      engine,
      1000,
      5,
      (r) => {
        rows += r.length;
      },
      () => undefined,
    );
    const c = diffCounters(engine.counters(), before);
    engine.dispose();
    expect(rows).toBe(201);
    expect(c.worldSteps).toBe(64 * 1000);
    expect(c.batches).toBeGreaterThanOrEqual(1);
    // One multi-step dispatch and one ring read-back per batch (the first batch records the
    // step-0 row with its own).
    expect(c.dispatches).toBe(c.batches);
    expect(c.readbacks).toBe(c.batches);
  });

  it('α sweep and basin map in the lab: one dispatch and one read-back per batch', async () => {
    const ctx = await gpuContext();
    const t0 = { ...GPU_TOTALS };
    const sweep = await alphaSweep({
      problem: createProblem('quadratic-groups', { seed: 3 }),
      method: { id: 'cosine' },
      W: 32,
      eta: 0.05,
      steps: 500,
      checkEvery: 5,
      backend: 'gpu',
      device: ctx.device,
    });
    const s = diffCounters({ ...GPU_TOTALS }, t0);
    expect(sweep.step).toBe(500);
    expect(s.worldSteps).toBe(32 * 500);
    expect(s.dispatches).toBe(s.batches);
    // One ring read-back per batch; the final θ comes with the last batch's rows.
    expect(s.readbacks).toBe(s.batches);
    const t1 = { ...GPU_TOTALS };
    const basin = await basinMap({
      problem: createProblem('cagrad-toy'),
      method: { id: 'pcgrad' },
      n: 8,
      eta: 0.002,
      steps: 200,
      backend: 'gpu',
      device: ctx.device,
    });
    const b = diffCounters({ ...GPU_TOTALS }, t1);
    expect(basin.backend).toBe('gpu');
    expect(b.worldSteps).toBe(64 * 200);
    expect(b.dispatches).toBe(b.batches);
    // One ring read-back per batch; the final θ comes with the last batch's rows and the
    // statuses with the last recorded row.
    expect(b.readbacks).toBe(b.batches);
  });

  it('live run: latestSummaries never waits; ≤ 1 dispatch and ≤ 1 read-back per batch', async () => {
    const ctx = await gpuContext();
    const seed = freshSeed();
    const problem = createQuadraticGroups({ K: 6, d: 3, seed });
    const engine = await createGpuEngine(
      { problem, method: { id: 'sum' }, flow: 'loss', eta: 0.01, starts: randomPoints(seed, 3) },
      { context: ctx },
    );
    const before = engine.counters();
    let seen = 0;
    for (let frame = 0; frame < 40; frame++) {
      await engine.advance(25);
      const s = engine.latestSummaries();
      if (s) {
        seen++;
        expect(s.step).toBeLessThanOrEqual((frame + 1) * 25);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await engine.finish();
    const c = diffCounters(engine.counters(), before);
    // The read started after some batch arrives without any further call.
    for (let k = 0; k < 100 && seen === 0 && !engine.latestSummaries(); k++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const last = engine.latestSummaries();
    engine.dispose();
    expect(last, 'a summary arrived').not.toBeNull();
    expect((last?.step ?? 0) % 25).toBe(0);
    expect(last?.step).toBeGreaterThan(0);
    expect(c.batches).toBe(40);
    expect(c.dispatches).toBeLessThanOrEqual(c.batches + 1);
    expect(c.readbacks).toBeLessThanOrEqual(c.batches);
    expect(c.readbacks).toBeGreaterThanOrEqual(1);
  });

  it('per-step path (d > 64): at least two dispatches per step', async () => {
    const ctx = await gpuContext();
    const seed = freshSeed();
    const problem = createQuadraticGroups({ K: 4, d: 100, seed });
    const engine = await createGpuEngine(
      { problem, method: { id: 'sum' }, flow: 'loss', eta: 0.01, starts: randomPoints(seed, 100) },
      { context: ctx },
    );
    expect(engine.path).toBe('gpu-per-step');
    const before = engine.counters();
    await engine.advance(10);
    const c = diffCounters(engine.counters(), before);
    engine.dispose();
    expect(c.dispatches).toBeGreaterThanOrEqual(20);
  });
});
