/**
 * Inner speed on the GPU (innerSpeedEngine.ts) against the float64 CPU stepper (cpuTracks), on
 * fresh seeds with the engine's summary rows and ring poisoned (1e30) before each run, for both
 * e_t = F_t − F* ('gap') and e_t = ‖θ_t − θ_{t−1}‖₂ ('movement').
 * The GPU holds θ and F in float32, so the tolerance is one float32 resolves: relTol = 1e-4 of
 * e_ref (F − F* at the start, or the first step's length; both ≫ 2^−24 of F and θ here; at 1e-6
 * the float32 floor of a slow world can halve its rate). Stated bounds, per matrix:
 *   steps: null on both or neither, else |steps_gpu − steps_cpu| ≤ 1 + 0.01·steps_cpu;
 *   rate:  null on both or neither, else |rate_gpu − rate_cpu| ≤ 0.01·|rate_cpu|.
 * A matrix is compared only where its float64 runs stay within 1e-4 of the same runs with θ
 * rounded to float32 after every step (as the GPU stores it) over the horizon: elsewhere the
 * flow amplifies float32 rounding (A = 1 with conflicting gating switches pairs on and off, and
 * one seed's runs ended at F − F* = 1.99 and 2.73 from one start), no float32 run can follow the
 * float64 one, and its speed is no test of the kernels. The baseline A = 0 is always compared.
 * Small worlds (K = 4, d = 3) take the batched route on the multi-step path; larger ones
 * (d = 80, the per-step path) batch 'gap' from the recorded rows and step 'movement' one step at
 * a time. The work: an H = 1000 run on the multi-step path issues one dispatch per batch and at
 * most one read-back per batch plus one (src/gpu/counters.ts).
 */
import '../gpu/webgpuNode';
import { describe, expect, it } from 'vitest';
import { constantInteraction, curvatureBound } from '../../src/core/meta/metaLearn';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { createRng } from '../../src/core/rng';
import { diffCounters, GPU_TOTALS } from '../../src/gpu/counters';
import { interactionStepper } from '../../src/lab/fastMetaEvaluator';
import { type InnerSpeed, innerSpeedRun } from '../../src/lab/innerSpeed';
import { freshSeed } from '../gpu/helpers';
import { gpuContext } from '../gpu/webgpuNode';

/** The GPU options of every run here: one device for the file (its pipelines compile once). */
const onGpu = async () => ({ backend: 'gpu' as const, device: (await gpuContext()).device });

const REL_TOL = 1e-4;

/** Quadratic groups with three interaction matrices: A = 0, a random A, A = 1. */
function setup(seed: number, d: number, etaScale = 0.5) {
  const problem = createQuadraticGroups({ K: 4, d, groups: 2, seed });
  const eta = etaScale / curvatureBound(problem, problem.starts()[0]);
  const rng = createRng(seed + 1);
  const A = constantInteraction(4, 0);
  for (let k = 0; k < A.length; k++) if (k % 5 !== 0) A[k] = rng.uniform(0, 1);
  return { problem, eta, ms: [constantInteraction(4, 0), A, constantInteraction(4, 1)] };
}

/**
 * Per matrix: whether every start's float64 run over H steps ends within 1e-4·(1 + |θ|) of the
 * same run with θ rounded to float32 after each step (module comment).
 */
function float32Faithful(
  problem: ReturnType<typeof createQuadraticGroups>,
  ms: Float64Array[],
  eta: number,
  H: number,
): boolean[] {
  const step = interactionStepper(problem.K, problem.d, 'conflicting');
  return ms.map((A) =>
    problem.starts().every((s) => {
      let a = Float64Array.from(s);
      let b = Float64Array.from(s).map(Math.fround);
      for (let t = 0; t < H; t++) {
        a = step(A, a, problem.gradients(a), eta, t);
        b = step(A, b, problem.gradients(b), eta, t).map(Math.fround);
      }
      return a.every((x, k) => Math.abs(x - b[k]) <= 1e-4 * (1 + Math.abs(x)));
    }),
  );
}

function expectClose(
  gpu: InnerSpeed[],
  cpu: InnerSpeed[],
  label: string,
  faithful: boolean[],
): void {
  expect(gpu.length, label).toBe(cpu.length);
  expect(faithful[0], `${label}: the baseline A = 0 follows its float32 shadow`).toBe(true);
  cpu.forEach((c, m) => {
    if (!faithful[m]) return;
    const g = gpu[m];
    const tag = `${label} matrix ${m}: gpu ${JSON.stringify(g)} cpu ${JSON.stringify(c)}`;
    expect(g.steps === null, tag).toBe(c.steps === null);
    if (c.steps !== null && g.steps !== null) {
      expect(Math.abs(g.steps - c.steps), tag).toBeLessThanOrEqual(1 + 0.01 * c.steps);
    }
    expect(g.rate === null, tag).toBe(c.rate === null);
    if (c.rate !== null && g.rate !== null) {
      expect(Math.abs(g.rate - c.rate), tag).toBeLessThanOrEqual(0.01 * Math.abs(c.rate));
    }
  });
}

describe('inner speed on the GPU', () => {
  it('batched run on the multi-step path = float64 CPU stepper, gap and movement', async () => {
    const seed = freshSeed();
    const { problem, eta, ms } = setup(seed, 3);
    const faithful = float32Faithful(problem, ms, eta, 1000);
    for (const on of ['gap', 'movement'] as const) {
      const o = { on, eta, gating: 'conflicting' as const, relTol: REL_TOL };
      const cpu = await innerSpeedRun(problem, ms, o);
      const gpu = await innerSpeedRun(problem, ms, { ...o, ...(await onGpu()), poison: 1e30 });
      expect(cpu.route).toBe('cpu');
      expect(gpu.route, `${on} seed ${seed}`).toBe('engine-batched');
      expectClose(gpu.speeds, cpu.speeds, `${on} seed ${seed}`, faithful);
      // The baseline A = 0 (plain loss-flow) reaches the tolerance: steps are compared.
      expect(cpu.speeds[0].steps, `${on} seed ${seed}`).not.toBeNull();
    }
  }, 120_000);

  it('larger worlds (per-step path): gap batched from the rows, movement step by step', async () => {
    const seed = freshSeed();
    const { problem, eta, ms } = setup(seed, 80);
    const faithful = float32Faithful(problem, ms.slice(0, 2), eta, 60);
    for (const on of ['gap', 'movement'] as const) {
      const o = { on, eta, gating: 'conflicting' as const, relTol: 1e-2, horizon: 60 };
      const cpu = await innerSpeedRun(problem, ms.slice(0, 2), o);
      const gpu = await innerSpeedRun(problem, ms.slice(0, 2), {
        ...o,
        ...(await onGpu()),
        poison: 1e30,
      });
      expect(gpu.route, `${on} seed ${seed}`).toBe(
        on === 'gap' ? 'engine-batched' : 'engine-per-step',
      );
      expectClose(gpu.speeds, cpu.speeds, `d = 80 ${on} seed ${seed}`, faithful);
    }
  }, 180_000);

  it('H = 1000 on the multi-step path: one dispatch per batch, read-backs ≤ batches + 1', async () => {
    const seed = freshSeed();
    // η·L = 10⁻³: no start gets within 10⁻⁶ of e_ref in 1000 steps, so the run is never cut short.
    const { problem, eta, ms } = setup(seed, 3, 1e-3);
    const S = problem.starts().length;
    for (const on of ['gap', 'movement'] as const) {
      const t0 = { ...GPU_TOTALS };
      const r = await innerSpeedRun(problem, ms, {
        on,
        eta,
        gating: 'conflicting',
        horizon: 1000,
        ...(await onGpu()),
      });
      const c = diffCounters({ ...GPU_TOTALS }, t0);
      const tag = `${on} seed ${seed}: ${JSON.stringify(c)}`;
      expect(r.route, tag).toBe('engine-batched');
      expect(
        r.speeds.every((s) => s.steps === null && s.rate !== null && s.rate > 0),
        tag,
      ).toBe(true);
      expect(c.worldSteps, tag).toBe(ms.length * S * 1000);
      expect(c.dispatches, tag).toBe(c.batches);
      expect(c.readbacks, tag).toBeLessThanOrEqual(c.batches + 1);
      // Batches of many steps, not one step per dispatch (the per-step loop issued ~2000 reads).
      expect(c.batches, tag).toBeLessThanOrEqual(20);
    }
  }, 120_000);
});
