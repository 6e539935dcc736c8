/**
 * The runner against the real CPU engine (no WebGPU in node: the backend falls back to the CPU
 * with its notice). Animation frames are driven by a timer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProblem } from '../../src/core/problems';
import { createCpuEngine } from '../../src/engine/cpuEngine';
import { NO_WEBGPU_NOTICE } from '../../src/state/backendChoice';
import { defaultConfig } from '../../src/state/configSchema';
import { useConfigStore } from '../../src/state/configStore';
import { methodSpec, problemParams } from '../../src/state/runConfig';
import { Runner } from '../../src/state/runner';
import { useRunStore } from '../../src/state/runStore';

const g = globalThis as unknown as {
  requestAnimationFrame: (cb: (t: number) => void) => number;
  cancelAnimationFrame: (id: number) => void;
};
let runner: Runner;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  g.requestAnimationFrame = (cb) =>
    setTimeout(() => cb(performance.now()), 16) as unknown as number;
  g.cancelAnimationFrame = (id) => clearTimeout(id);
  useConfigStore.setState({ config: { ...defaultConfig(), backend: 'auto' } });
  runner = new Runner();
  runner.start();
  await runner.idle();
});

afterAll(() => runner.stop());

describe('runner', () => {
  it('builds the configured problem on the CPU with the no-WebGPU notice', () => {
    const s = useRunStore.getState();
    const c = defaultConfig();
    expect(s.backend).toBe('cpu');
    expect(s.notice).toBe(NO_WEBGPU_NOTICE);
    expect([s.problemId, s.K, s.d]).toEqual(['quadratic-groups', c.K, c.d]);
    expect(s.status).toBe('paused');
    expect(s.step).toBe(0);
    expect(s.view!.gradients.length).toBe(c.K * c.d);
    expect(s.cos!.length).toBe(c.K * c.K);
    for (let i = 0; i < c.K; i++) expect(s.cos![i * c.K + i]).toBeCloseTo(1, 12);
  });

  it('step advances one step and records one sample', async () => {
    const before = useRunStore.getState().view!.theta.slice();
    await runner.step();
    const s = useRunStore.getState();
    expect(s.step).toBe(1);
    // The sample of the start (step 0) and the one after the step.
    expect(s.series.length).toBe(2);
    expect(Array.from(s.series.step.subarray(0, 2))).toEqual([0, 1]);
    expect(Array.from(s.view!.theta)).not.toEqual(Array.from(before));
    // B is computed from the same gradients the view shows: B = ‖Σg‖² / Σ‖g‖².
    const { gradients: gr } = s.view!;
    const { K, d } = s;
    let S = 0;
    const sum = new Float64Array(d);
    for (let i = 0; i < K; i++) {
      for (let k = 0; k < d; k++) {
        S += gr[i * d + k] ** 2;
        sum[k] += gr[i * d + k];
      }
    }
    const B = sum.reduce((a, x) => a + x * x, 0) / S;
    expect(s.latest!.B).toBeCloseTo(B, 10);
  });

  it('α changes the projected gradients in place, without a reset', async () => {
    const s0 = useRunStore.getState();
    const proj0 = Array.from(s0.view!.projected);
    const theta0 = Array.from(s0.view!.theta);
    useConfigStore
      .getState()
      .update({ alpha: s0.view && useConfigStore.getState().config.alpha === 1 ? 0 : 1 });
    await runner.idle();
    await wait(20);
    const s1 = useRunStore.getState();
    expect(s1.step).toBe(s0.step);
    expect(Array.from(s1.view!.theta)).toEqual(theta0);
    expect(Array.from(s1.view!.projected)).not.toEqual(proj0);
  });

  it('play advances the run and the series; pause stops it', async () => {
    const n0 = useRunStore.getState().series.length;
    runner.play();
    await wait(600);
    runner.pause();
    await runner.idle();
    const s = useRunStore.getState();
    expect(s.status).toBe('paused');
    expect(s.step).toBeGreaterThan(1);
    expect(s.series.length).toBeGreaterThan(n0);
    const steps = Array.from(s.series.step.subarray(0, s.series.length));
    for (let k = 1; k < steps.length; k++) expect(steps[k]).toBeGreaterThan(steps[k - 1]);
    const stepAfter = s.step;
    await wait(100);
    expect(useRunStore.getState().step).toBe(stepAfter);
  });

  it('pause while a batch is in flight: the batch lands unseen, Step continues from the state shown', async () => {
    type Inner = { engine: { advance: (n: number) => Promise<void> } | null };
    const inner = runner as unknown as Inner;
    const before = useRunStore.getState();
    const shown = {
      step: before.step,
      theta: Array.from(before.view!.theta),
      n: before.series.length,
    };
    // The next batch's advance pauses the run before it returns (a click while it is in flight).
    const engine = inner.engine!;
    const advance = engine.advance.bind(engine);
    let paused = false;
    engine.advance = async (n: number) => {
      await advance(n);
      if (!paused) {
        paused = true;
        runner.pause();
      }
    };
    runner.play();
    while (!paused) await wait(5);
    await runner.idle();
    const s = useRunStore.getState();
    expect([s.status, s.step, s.series.length]).toEqual(['paused', shown.step, shown.n]);
    expect(Array.from(s.view!.theta)).toEqual(shown.theta);
    // The engine was rewound: one step from here equals one step of the float64 core from θ shown.
    expect(inner.engine).not.toBe(engine);
    await runner.step();
    const after = useRunStore.getState();
    expect(after.step).toBe(shown.step + 1);
    const c = useConfigStore.getState().config;
    const problem = createProblem(c.problem, problemParams(c));
    const ref = createCpuEngine({
      problem,
      method: methodSpec(c, problem.K),
      flow: c.flow,
      eta: c.eta,
      epsSwitch: c.epsSwitch,
      starts: Float64Array.from(shown.theta),
    });
    await ref.advance(1);
    expect(Array.from(after.view!.theta)).toEqual(Array.from(await ref.thetas()));
  });

  it('a problem change rebuilds at step 0 with the new shape', async () => {
    useConfigStore.getState().update({ K: 5, d: 7 });
    await runner.idle();
    const s = useRunStore.getState();
    expect([s.K, s.d, s.step, s.series.length]).toEqual([5, 7, 0, 1]);
    expect(s.view!.projected.length).toBe(35);
  });

  it('2-D problems keep the θ trajectory and the comparison path', async () => {
    useConfigStore.getState().applyPreset('pcgrad-vs-cosine');
    await runner.idle();
    await runner.step();
    await runner.step();
    const s = useRunStore.getState();
    expect(s.d).toBe(2);
    expect(s.trajectory.length).toBe(6);
    expect(s.trajectory[4]).toBe(s.view!.theta[0]);
    expect(s.compare!.methodLabel).toBe('PCGrad');
    expect(s.compare!.trajectory.length).toBe(6);
    // The compared path's F − F*, from the core problem at its θ, one sample per step.
    const cs = s.compare!.series;
    expect(Array.from(cs.step.subarray(0, cs.length))).toEqual([1, 2]);
    const p = createProblem(s.problemId, problemParams(useConfigStore.getState().config));
    const L = p.losses(s.compare!.view!.theta);
    expect(cs.F[1]).toBeCloseTo(L[0] + L[1], 12);
    expect(cs.gap[1]).toBeCloseTo(cs.F[1] - p.Fstar!, 12);
    expect(cs.gap[1]).not.toBe(s.series.gap[s.series.length - 1]);
  });

  it('divergence pauses the run, marks it, and keeps the last finite view', async () => {
    useConfigStore.getState().applyPreset('group-discovery');
    useConfigStore.getState().update({ eta: 10, method: 'sum' });
    await runner.idle();
    for (let k = 0; k < 400 && useRunStore.getState().status !== 'diverged'; k++)
      await runner.step();
    const s = useRunStore.getState();
    expect(s.status).toBe('diverged');
    expect(s.view!.theta.every(Number.isFinite)).toBe(true);
    runner.play();
    expect(useRunStore.getState().status).toBe('diverged');
    useConfigStore.getState().update({ eta: 0.01 });
    await runner.reset();
    expect(useRunStore.getState().status).toBe('paused');
  });
});

describe('runner as a scheduler', () => {
  it('a fast α drag while playing: α reaches the engine in order, never an older one after a newer, and the view ends at the last', async () => {
    useConfigStore.getState().applyPreset('pcgrad-vs-cosine');
    await runner.reset();
    const r = runner as unknown as { engine: { setMethod: (m: { alpha?: number }) => void } };
    const seen: number[] = [];
    const orig = r.engine.setMethod.bind(r.engine);
    r.engine.setMethod = (m) => {
      seen.push(m.alpha ?? Number.NaN);
      orig(m as never);
    };
    runner.play();
    const alphas = Array.from({ length: 30 }, (_, k) => 0.5 - k / 60);
    for (const a of alphas) {
      useConfigStore.getState().update({ alpha: a });
      await wait(3);
    }
    const last = alphas[alphas.length - 1];
    runner.pause();
    await runner.settled();
    expect(seen.length).toBeGreaterThan(0);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeLessThan(seen[k - 1]);
    expect(seen[seen.length - 1]).toBe(last);
    const s = useRunStore.getState();
    expect(s.viewMethod?.alpha).toBe(last);
    // The view's g'_i are the float64 core's at the view's θ with the last α.
    const { project } = await import('../../src/core/methods/index');
    const { methodSpec } = await import('../../src/state/runConfig');
    const c = useConfigStore.getState().config;
    const p = project({ K: s.K, d: s.d, g: s.view!.gradients }, methodSpec(c, s.K));
    expect(Array.from(s.view!.projected)).toEqual(Array.from(p.projected));
    // Both paths were re-swept with the last α.
    expect(s.paths?.methods[0].alpha).toBe(last);
    expect(s.paths?.paths.length).toBe(2);
  });

  it('pause stops at the step shown (CPU engine)', async () => {
    runner.play();
    await wait(200);
    runner.pause();
    const shown = useRunStore.getState().step;
    await runner.idle();
    await wait(50);
    expect(useRunStore.getState().step).toBe(shown);
    expect(useRunStore.getState().status).toBe('paused');
  });

  it('a heavy configuration: the frame budget lowers the steps per frame and says so', async () => {
    useConfigStore.getState().update({
      problem: 'quadratic-groups',
      K: 32,
      d: 256,
      method: 'upgrad',
      compare: 'none',
      stepsPerFrame: 1000,
    });
    await runner.reset();
    runner.play();
    await wait(1500);
    runner.pause();
    await runner.idle();
    const s = useRunStore.getState();
    expect(s.step).toBeGreaterThan(0);
    expect(s.step).toBeLessThan(1000);
    expect(s.budgetNotice).toMatch(/Steps per frame lowered from 1000 to \d+/);
    useConfigStore.getState().update({ stepsPerFrame: 1, K: 6, d: 3, method: 'cosine' });
    await runner.reset();
  });
});
