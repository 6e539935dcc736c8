/**
 * A large-d run of the page's CPU engine worker, for end-to-end tests and benchmarks
 * (window.__concord.largeCpuRun): quadratic groups (K, d, seed), PCGrad, loss flow, η = 0.01,
 * `steps` steps from the problem's first start, one advance per step, on at most `gramThreads`
 * Gram threads (default every core where the page is isolated). It returns how the Gram ran
 * with its time and each advance's time (messages and the θ copy included), then world 0's
 * G, B, I, F and θ at the end.
 */
import { createProblem } from '../core/problems/index';
import { createWorkerEngine } from './workerEngine';

export interface LargeCpuRunOptions {
  K: number;
  d: number;
  seed: number;
  steps: number;
  gramThreads?: number;
}

export interface LargeCpuRunResult {
  crossOriginIsolated: boolean;
  cores: number;
  /** Per step: how the Gram ran ("WASM SIMD, 2 threads") and its time in ms. */
  gram: { path: string; ms: number }[];
  /** Per step: the advance(1) round trip in ms. */
  stepMs: number[];
  G: number[];
  B: number;
  I: number;
  F: number;
  theta: number[];
}

export async function largeCpuRun(o: LargeCpuRunOptions): Promise<LargeCpuRunResult> {
  const problem = createProblem('quadratic-groups', { K: o.K, d: o.d, seed: o.seed });
  const { engine, ready } = createWorkerEngine(
    {
      problem,
      method: { id: 'pcgrad' },
      flow: 'loss',
      eta: 0.01,
      starts: problem.starts()[0],
    },
    undefined,
    undefined,
    o.gramThreads !== undefined ? { gramThreads: o.gramThreads } : {},
  );
  try {
    await ready;
    const gram: { path: string; ms: number }[] = [];
    const stepMs: number[] = [];
    for (let s = 0; s < o.steps; s++) {
      const t0 = performance.now();
      await engine.advance(1);
      stepMs.push(performance.now() - t0);
      const run = engine.gramRun?.();
      if (run) gram.push(run);
    }
    const sum = await engine.summaries();
    const view = await engine.inspect(0);
    return {
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      cores: navigator.hardwareConcurrency,
      gram,
      stepMs,
      G: Array.from(view.G),
      B: sum.B[0],
      I: sum.I[0],
      F: sum.F[0],
      theta: Array.from(view.theta),
    };
  } finally {
    engine.dispose();
  }
}
