/**
 * Every behaviour a preset's story states, measured with the float64 CPU engine on the preset's
 * own configuration (world 0, its start). A story that stops being true fails here.
 */
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { createProblem } from '../../src/core/problems';
import { minNormWeights, quadForm } from '../../src/core/simplex';
import { createCpuEngine } from '../../src/engine';
import type { Config } from '../../src/state/configSchema';
import { presetConfig } from '../../src/state/presets';
import { methodSpec, problemParams } from '../../src/state/runConfig';

/** F − F* and the Pareto-stationarity gap at each of `marks` (ascending step counts). */
async function run(id: string, patch: Partial<Config>, marks: number[]) {
  const c = { ...presetConfig(id)!, ...patch };
  const problem = createProblem(c.problem, problemParams(c));
  const starts = problem.starts();
  const e = createCpuEngine({
    problem,
    method: methodSpec(c, problem.K),
    flow: c.flow,
    eta: c.eta,
    epsSwitch: c.epsSwitch,
    starts: Float64Array.from(starts[c.start % starts.length]),
  });
  const out: { gap: number; pareto: number; B: number }[] = [];
  let done = 0;
  for (const m of marks) {
    await e.advance(m - done);
    done = m;
    const s = await e.summaries();
    const v = await e.inspect(0);
    const G = gram({ K: problem.K, d: problem.d, g: v.gradients });
    const pareto = Math.sqrt(quadForm(G, problem.K, minNormWeights(G, problem.K)));
    out.push({ gap: s.F[0] - (problem.Fstar ?? Number.NaN), pareto, B: s.B[0] });
  }
  return out;
}

describe('preset stories', () => {
  it('PCGrad vs cosine: PCGrad stops on the Pareto set, cosine at α = 0.5 reaches F*, α = 1 stops short', async () => {
    const [p500, p3000] = await run('pcgrad-vs-cosine', { method: 'pcgrad' }, [500, 3000]);
    expect(p500.gap).toBeGreaterThan(1);
    expect(Math.abs(p3000.gap - p500.gap)).toBeLessThan(1e-9);
    expect(p3000.pareto).toBeLessThan(1e-6);
    const [c] = await run('pcgrad-vs-cosine', {}, [5000]);
    expect(c.gap).toBeLessThan(1e-9);
    const [a1, a2] = await run('pcgrad-vs-cosine', { alpha: 1 }, [2000, 4000]);
    expect(a1.gap).toBeGreaterThan(1e-3);
    expect(Math.abs(a2.gap - a1.gap)).toBeLessThan(1e-9);
    expect(a2.pareto).toBeLessThan(1e-6);
  });

  it('ill-conditioned: cosine freezes at a Pareto-stationary point; Sum reaches F*', async () => {
    const [a, b] = await run('ill-conditioned', {}, [400, 3000]);
    expect(a.gap).toBeGreaterThan(0.1);
    expect(Math.abs(b.gap - a.gap)).toBeLessThan(1e-9);
    expect(b.pareto).toBeLessThan(1e-6);
    const [s] = await run('ill-conditioned', { method: 'sum' }, [2000]);
    expect(s.gap).toBeLessThan(1e-9);
  });

  it('CAGrad toy: CAGrad reaches F* first, the summed gradient later, after F − F* grows', async () => {
    const [c1] = await run('cagrad-toy', {}, [1000]);
    const [s0, s1, s2] = await run('cagrad-toy', { method: 'sum' }, [0, 1000, 8000]);
    expect(c1.gap).toBeLessThan(0.01);
    expect(s1.gap).toBeGreaterThan(s0.gap);
    expect(s2.gap).toBeLessThan(1e-6);
  });

  it('B-flow: B falls by more than twenty orders of magnitude on the CPU, then stays flat', async () => {
    const [b0, b1, b2] = await run('bflow-floor', {}, [0, 2000, 4000]);
    expect(b1.B / b0.B).toBeLessThan(1e-20);
    expect(b2.B).toBe(b1.B);
  });

  it('custom: cosine at α = 0.5 is Pareto-stationary early while F − F* grows far past its start', async () => {
    const [s0, s10, s100] = await run('pcgrad-vs-cosine', { ...customish() }, [0, 10, 100]);
    expect(s10.pareto).toBeLessThan(1e-6);
    expect(s100.gap).toBeGreaterThan(10 * s0.gap);
  });
});

/** The default (custom) configuration's problem and method. */
function customish(): Partial<Config> {
  return {
    problem: 'quadratic-groups',
    K: 6,
    d: 3,
    groups: 2,
    eigMin: 0.5,
    eigMax: 2,
    method: 'cosine',
    alpha: 0.5,
    eta: 0.02,
    compare: 'none',
  };
}
