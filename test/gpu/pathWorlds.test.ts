/**
 * Batched GPU paths (src/gpu/pathWorlds.ts) against the float64 core and against the GPU engine's
 * multi-step path, on fresh seeds, with every output buffer poisoned (NaN) before the run:
 *   - θ at every sample step within |θ_gpu − θ_core| ≤ 1e-3·(1 + |θ_core|) (float32 over H steps
 *     of a contracting flow; the largest error seen is printed), where the float64 run with θ
 *     rounded to float32 after every step (float32Shadow) stays within TOL/10 of the float64 run:
 *     elsewhere the flow amplifies float32 rounding, no float32 run can follow, and a fresh
 *     problem is drawn (at most four);
 *   - quadratic groups: θ at every 16th sample step bit-identical to the GPU engine advanced to
 *     the same step (the path kernel is the multi-step kernel with θ recorded, the same float32
 *     operations; checked on one problem kernel, each kernel compiles for seconds here);
 *   - one read-back per sweep and one dispatch per method per PATH_BATCH steps.
 */
import './webgpuNode';
import { describe, expect, it } from 'vitest';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createConvexPair } from '../../src/core/problems/convexPair';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { Problem } from '../../src/core/problems/types';
import type { MethodSpec } from '../../src/core/types';
import { createCpuEngine } from '../../src/engine/cpuEngine';
import type { FlowKind } from '../../src/engine/types';
import { createGpuEngine } from '../../src/gpu/gpuEngine';
import { gpuPaths, PATH_BATCH, recordSteps } from '../../src/gpu/pathWorlds';
import { IN_FLIGHT, PathSweeper, SAMPLES, type SweptPaths } from '../../src/state/pathSweep';
import { float32Shadow, freshSeed, randomPoints } from './helpers';
import { gpuContext, withErrorScopes } from './webgpuNode';

const TOL = 1e-3;

/** θ at `steps` (steps.length × d) of the float64 core, or of its float32Shadow. */
async function corePath(
  problem: Problem,
  method: MethodSpec,
  flow: FlowKind,
  eta: number,
  start: Float64Array,
  steps: Int32Array,
  shadow = false,
): Promise<Float64Array> {
  const cfg = { problem, method, flow, eta, starts: start };
  const e = shadow ? float32Shadow(cfg) : createCpuEngine(cfg);
  const out = new Float64Array(steps.length * problem.d);
  out.set(start, 0);
  for (let k = 1; k < steps.length; k++) {
    await e.advance(steps[k] - steps[k - 1]);
    out.set(await e.thetas(), k * problem.d);
  }
  e.dispose();
  return out;
}

/** max_k |a_k − b_k| / (1 + |b_k|) (∞ for NaN). */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < b.length; k++) {
    const e = Math.abs(a[k] - b[k]) / (1 + Math.abs(b[k]));
    worst = Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.max(worst, e);
  }
  return worst;
}

/** check() on fresh seeds until one is well conditioned for float32 (at most four draws). */
async function checkFresh(label: string, run: (seed: number) => Promise<boolean>): Promise<void> {
  const seeds: number[] = [];
  for (let k = 0; k < 4; k++) {
    const seed = freshSeed();
    seeds.push(seed);
    if (await run(seed)) return;
  }
  throw new Error(`${label}: seeds ${seeds.join(', ')} all amplify float32 rounding`);
}

async function check(
  label: string,
  problem: Problem,
  methods: MethodSpec[],
  flow: FlowKind,
  eta: number,
  start: Float64Array,
  horizon: number,
  samples: number,
  engineCheck = false,
): Promise<boolean> {
  const ctx = await gpuContext();
  const req = { problem, methods, flow, eta, epsSwitch: 1e-2, start, horizon, samples };
  const { value: r, errors } = await withErrorScopes(ctx.device, () =>
    gpuPaths(ctx, { ...req, poison: Number.NaN }),
  );
  expect(errors, label).toEqual([]);
  const { steps } = recordSteps(horizon, samples);
  expect(Array.from(r.steps), label).toEqual(Array.from(steps));
  expect(steps[steps.length - 1]).toBe(horizon);
  expect(r.counters.readbacks, `${label}: read-backs`).toBe(1);
  expect(r.counters.dispatches, `${label}: dispatches`).toBe(
    methods.length * Math.ceil(horizon / PATH_BATCH),
  );
  const d = problem.d;
  let worst = 0;
  let conditioned = true;
  for (let m = 0; m < methods.length; m++) {
    const core = await corePath(problem, methods[m], flow, eta, start, steps);
    const shadow = await corePath(problem, methods[m], flow, eta, start, steps, true);
    const got = r.paths[m];
    expect(got.length).toBe(core.length);
    if (relError(shadow, core) <= TOL / 10) worst = Math.max(worst, relError(got, core));
    else conditioned = false;
    if (!engineCheck) continue;
    // The GPU engine's multi-step path at every 16th sample and at H: the same float32 values.
    const gpu = await createGpuEngine(
      { problem, method: methods[m], flow, eta, starts: start },
      { context: ctx },
    );
    expect(gpu.path).toBe('gpu-multi-step');
    let at = 0;
    for (let k = 0; k < steps.length; k++) {
      if (k % 16 !== 0 && k !== steps.length - 1) continue;
      await gpu.advance(steps[k] - at);
      at = steps[k];
      const th = await gpu.thetas();
      expect(Array.from(got.subarray(k * d, (k + 1) * d)), `${label} m${m} step ${at}`).toEqual(
        Array.from(th),
      );
    }
    gpu.dispose();
  }
  if (!conditioned) {
    console.log(`${label}: the float64 run parts from its float32 shadow; another problem`);
    return false;
  }
  console.log(`${label}: max |θ_gpu − θ_core|/(1 + |θ_core|) = ${worst.toExponential(2)}`);
  expect(worst, label).toBeLessThanOrEqual(TOL);
  return true;
}

describe('batched GPU paths', { timeout: 120_000 }, () => {
  it('quadratic groups (d = 2): PCGrad and cosine-scaled, two dispatch chunks, H off the grid', async () => {
    await checkFresh('quadratic groups', (seed) => {
      const problem = createQuadraticGroups({ K: 3, d: 2, seed, groups: 2 });
      const start = randomPoints(seed + 1, 2, -2, 2);
      const alpha = 0.1 + 0.8 * (randomPoints(seed + 2, 1, 0, 1)[0] % 1);
      const methods: MethodSpec[] = [
        { id: 'pcgrad', seed: seed >>> 8 },
        { id: 'cosine', alpha },
      ];
      return check(
        `quadratic seed ${seed}`,
        problem,
        methods,
        'loss',
        0.01,
        start,
        1103,
        256,
        true,
      );
    });
  });

  it('convex pair and the CAGrad toy: sum and cosine-scaled, B-flow and loss flow', async () => {
    await checkFresh('convex pair', (seed) => {
      const pair = createConvexPair();
      const start = randomPoints(seed, 2, -1, 1);
      for (let k = 0; k < 2; k++) start[k] += pair.starts()[0][k];
      const methods: MethodSpec[] = [{ id: 'cosine', alpha: 0.5 }, { id: 'sum' }];
      return check(`convex pair seed ${seed}`, pair, methods, 'loss', 0.02, start, 301, 64);
    });
    await checkFresh('CAGrad toy', (seed) => {
      const toy = createCagradToy();
      const t0 = randomPoints(seed + 3, 2, -1, 1);
      for (let k = 0; k < 2; k++) t0[k] += toy.starts()[0][k];
      const methods: MethodSpec[] = [{ id: 'pcgrad', seed: 1 }];
      return check(`cagrad toy seed ${seed}`, toy, methods, 'bflow', 1e-3, t0, 200, 256);
    });
  });

  it('PathSweeper on the GPU: one publication, 257 samples over 768 steps (R = 3), one read-back, equal to gpuPaths', async () => {
    const ctx = await gpuContext();
    const problem = createConvexPair();
    const start = Float64Array.from(problem.starts()[0]);
    const methods: MethodSpec[] = [{ id: 'cosine', alpha: 0.3 }, { id: 'pcgrad' }];
    const got: SweptPaths[] = [];
    const sweeper = new PathSweeper(
      (p) => got.push(p),
      (e) => {
        throw e;
      },
    );
    const base = { problem, flow: 'loss' as const, eta: 0.02, epsSwitch: 1e-2, start, methods };
    sweeper.request({ ...base, horizon: 768, backend: 'gpu', device: ctx.device });
    await sweeper.idle();
    expect(got.length).toBe(1);
    const p = got[0];
    expect(p.complete).toBe(true);
    expect(p.horizon).toBe(768);
    expect(p.steps.length).toBe(SAMPLES.gpu + 1);
    expect(p.work).toEqual({ dispatches: 2, readbacks: 1 });
    const direct = await gpuPaths(ctx, { ...base, horizon: 768, samples: SAMPLES.gpu });
    expect(p.paths.map((x) => Array.from(x))).toEqual(direct.paths.map((x) => Array.from(x)));
  });

  it('PathSweeper on the GPU: a newer request starts beside a running sweep (two in flight, the third waits) and only the newest publishes', async () => {
    const ctx = await gpuContext();
    const problem = createConvexPair();
    const start = Float64Array.from(problem.starts()[0]);
    const got: SweptPaths[] = [];
    const sweeper = new PathSweeper(
      (p) => got.push(p),
      (e) => {
        throw e;
      },
    );
    const base = { problem, flow: 'loss' as const, eta: 0.02, epsSwitch: 1e-2, start };
    const at = (alpha: number): MethodSpec[] => [{ id: 'cosine', alpha }, { id: 'pcgrad' }];
    const req = (alpha: number) =>
      sweeper.request({
        ...base,
        methods: at(alpha),
        horizon: 300,
        backend: 'gpu',
        device: ctx.device,
      });
    req(0.1);
    expect(sweeper.inFlight).toBe(1);
    req(0.2);
    expect(sweeper.inFlight).toBe(IN_FLIGHT.gpu);
    req(0.7);
    expect(sweeper.inFlight).toBe(IN_FLIGHT.gpu);
    await sweeper.idle();
    expect(sweeper.inFlight).toBe(0);
    expect(got.length).toBe(1);
    expect(got[0].methods[0]).toEqual({ id: 'cosine', alpha: 0.7 });
    const direct = await gpuPaths(ctx, {
      ...base,
      methods: at(0.7),
      horizon: 300,
      samples: SAMPLES.gpu,
    });
    expect(got[0].paths.map((x) => Array.from(x))).toEqual(direct.paths.map((x) => Array.from(x)));
  });
});
