/**
 * The lab's worker protocol in Node: the worker's message handler as a plain function and the
 * pool over in-process stand-ins of workers (test/workers/fakeWorker.ts, which clone every
 * message as a browser does). Jobs give exactly what the experiments give when called directly;
 * errors come back with their field; cancel rejects at once and terminates the worker; the
 * split meta-loss batch and the block-wise Gram pass equal the one-piece computations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { createMetaLearner, evaluateMetaLosses } from '../../src/core/meta/index';
import { createProblem } from '../../src/core/problems/index';
import { createRng } from '../../src/core/rng';
import { gramChunkedCpu } from '../../src/gpu/gramChunked';
import { alphaSweep } from '../../src/lab/alphaSweep';
import { basinMap } from '../../src/lab/basinMap';
import { shares } from '../../src/workers/alphaSweepShards';
import { gramOffThread } from '../../src/workers/gramOffThread';
import { createLabHandler } from '../../src/workers/labHandler';
import { setLabPool } from '../../src/workers/labPool';
import type { LabMessage, LabRequest } from '../../src/workers/labProtocol';
import {
  alphaSweepOffThread,
  basinMapOffThread,
  metaLossesOffThread,
} from '../../src/workers/labRuns';
import { LabPool, poolSize } from '../../src/workers/pool';
import { problemRecipe } from '../../src/workers/problemRecipe';
import { fakeWorkers } from './fakeWorker';

const labWorkers = () => fakeWorkers<LabRequest>((post) => createLabHandler(post));

afterEach(() => setLabPool(null));

/** Runs one request through the handler; returns every message it posted. */
async function handle(req: LabRequest): Promise<LabMessage[]> {
  const out: LabMessage[] = [];
  await createLabHandler((m) => out.push(structuredClone(m)))(req);
  return out;
}

describe('lab handler', () => {
  it('an α sweep job gives the direct call’s result, with progress ending at 1', async () => {
    const problem = createProblem('quadratic-groups', { seed: 4 });
    const o = { method: { id: 'cosine' as const }, W: 6, eta: 0.02, steps: 40, tol: 1e-3 };
    const direct = await alphaSweep({ ...o, problem, backend: 'cpu' });
    const msgs = await handle({
      type: 'run',
      id: 7,
      job: { kind: 'alphaSweep', problem: problemRecipe(problem)!, ...o },
    });
    const done = msgs.at(-1)!;
    expect(done.type).toBe('done');
    expect(done.id).toBe(7);
    const r = (done as { result: typeof direct }).result;
    expect({ ...r, elapsedMs: 0 }).toEqual({ ...direct, elapsedMs: 0 });
    const progress = msgs.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ fraction: 1 });
    expect((progress.at(-1) as { partial: { step: number } }).partial.step).toBe(40);
  });

  it('a basin map job gives the direct call’s result', async () => {
    const problem = createProblem('convex-pair');
    const o = { method: { id: 'pcgrad' as const, seed: 1 }, n: 4, eta: 0.05, steps: 30 };
    const direct = await basinMap({ ...o, problem, backend: 'cpu' });
    const msgs = await handle({
      type: 'run',
      id: 1,
      job: { kind: 'basinMap', problem: problemRecipe(problem)!, ...o },
    });
    const r = (msgs.at(-1) as { result: typeof direct }).result;
    expect({ ...r, elapsedMs: 0 }).toEqual({ ...direct, elapsedMs: 0 });
  });

  it('bad input comes back as an error naming the field', async () => {
    const problem = createProblem('convex-pair');
    const msgs = await handle({
      type: 'run',
      id: 2,
      job: {
        kind: 'alphaSweep',
        problem: problemRecipe(problem)!,
        method: { id: 'cosine' },
        W: 1,
        eta: 0.1,
        steps: 5,
      },
    });
    expect(msgs).toEqual([
      {
        type: 'error',
        id: 2,
        error: { name: 'InputError', field: 'W', message: expect.any(String) },
      },
    ]);
    const claim = await handle({ type: 'run', id: 3, job: { kind: 'claim', id: 'nope', seed: 1 } });
    expect(claim[0]).toMatchObject({ type: 'error', error: { message: 'unknown claim "nope"' } });
  });
});

describe('lab pool', () => {
  it('sizes itself to the machine, leaving a core to the page', () => {
    expect([poolSize(1), poolSize(2), poolSize(4), poolSize(64), poolSize(undefined)]).toEqual([
      1, 1, 3, 8, 1,
    ]);
  });

  it('rebuilds errors with their class and field', async () => {
    const pool = new LabPool(labWorkers().spawn, 1);
    const e = await pool
      .run({ kind: 'coulomb', W: new Float64Array(9), K: 3, m: 7, seed: 1 })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe('m');
  });

  it('cancel rejects at once, terminates the worker, and the next job gets a fresh one', async () => {
    const fw = labWorkers();
    const pool = new LabPool(fw.spawn, 1);
    const problem = problemRecipe(createProblem('convex-pair'))!;
    const long = {
      kind: 'alphaSweep' as const,
      problem,
      method: { id: 'cosine' as const },
      W: 4,
      eta: 0.01,
      steps: 3000,
    };
    const ac = new AbortController();
    let seen = 0;
    const first = pool.run(long, { signal: ac.signal, onProgress: () => seen++ });
    // A second job waits for the only worker.
    const second = pool.run({ ...long, steps: 10 });
    expect(pool.busy).toBe(1);
    while (seen === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    const e = await first.catch((x: unknown) => x);
    expect((e as DOMException).name).toBe('AbortError');
    expect(fw.terminated).toBe(1);
    const r = await second;
    expect(r.step).toBe(10);
    expect(fw.spawned).toBe(2);
    // An already-aborted signal never reaches a worker.
    await expect(pool.run(long, { signal: AbortSignal.abort() })).rejects.toThrow('cancelled');
    pool.close();
  });

  it('splits W worlds into contiguous shares of at least two', () => {
    expect(shares(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(shares(3, 8)).toEqual([[0, 3]]);
    expect(shares(16, 1)).toEqual([[0, 16]]);
  });

  it('an α sweep split over three workers equals the one-piece sweep, world for world', async () => {
    const problem = createProblem('quadratic-groups', { seed: 9 });
    const o = {
      problem,
      method: { id: 'cosine' as const, mode: 'sequential' as const },
      W: 11,
      range: [0.2, 0.9] as const,
      eta: 0.03,
      steps: 35,
      tol: 1e-3,
      backend: 'cpu' as const,
    };
    const whole = await alphaSweep(o);
    const fw = labWorkers();
    setLabPool(new LabPool(fw.spawn, 3));
    const seen: number[] = [];
    const split = await alphaSweepOffThread({ ...o, onCheckpoint: (r) => seen.push(r.step) });
    expect(fw.spawned).toBe(3);
    expect({ ...split, elapsedMs: 0 }).toEqual({ ...whole, elapsedMs: 0 });
    expect(seen.length).toBeGreaterThan(0);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]);
  });

  it('a basin map split by rows over three workers equals the one-piece map', async () => {
    const problem = createProblem('cagrad-toy');
    const o = {
      problem,
      method: { id: 'cosine' as const, alpha: 0.5 },
      n: 7,
      eta: 0.01,
      steps: 40,
      backend: 'cpu' as const,
    };
    const whole = await basinMap(o);
    setLabPool(new LabPool(labWorkers().spawn, 3));
    const fractions: number[] = [];
    const split = await basinMapOffThread({ ...o, onProgress: (f) => fractions.push(f) });
    expect({ ...split, elapsedMs: 0 }).toEqual({ ...whole, elapsedMs: 0 });
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
  });

  it('the meta-loss batch split over workers equals the core’s evaluation', async () => {
    const problem = createProblem('quadratic-groups', { K: 4, d: 3, groups: 2, seed: 12 });
    const learner = createMetaLearner(problem, { cycles: 1, T: 5 });
    const matrices = learner.batch().matrices;
    setLabPool(new LabPool(labWorkers().spawn, 3));
    const fractions: number[] = [];
    const split = await metaLossesOffThread(learner.options, matrices, undefined, (f) =>
      fractions.push(f),
    );
    expect(Array.from(split)).toEqual(Array.from(evaluateMetaLosses(learner.options, matrices)));
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
  });

  it('the block-wise Gram pass equals gramChunkedCpu, float32 and float64', async () => {
    const rng = createRng(2024);
    const K = 3;
    const d = 65536 * 2 + 77;
    const g64 = Float64Array.from({ length: K * d }, () => rng.uniform(-1, 1));
    const g32 = Float32Array.from(g64);
    setLabPool(new LabPool(labWorkers().spawn, 2));
    for (const g of [g64, g32]) {
      const ref = await gramChunkedCpu({ K, d, g });
      const fractions: number[] = [];
      const r = await gramOffThread({ K, d, g }, { onProgress: (f) => fractions.push(f) });
      expect(Array.from(r.G)).toEqual(Array.from(ref.G));
      // ‖Σg‖² is summed per block, then over blocks: float64 rounding apart, the same sum.
      expect(Math.abs(r.sumSq - ref.sumSq)).toBeLessThanOrEqual(1e-12 * ref.sumSq);
      expect(fractions.at(-1)).toBe(1);
    }
  });

  it('the block-wise Gram pass is scale-safe: rows at 2^-600 and 2^500 keep every digit', async () => {
    const rng = createRng(77);
    const K = 3;
    const d = 65536 + 5;
    const g = Float64Array.from({ length: K * d }, () => rng.uniform(-1, 1));
    for (let k = 0; k < d; k++) {
      g[k] *= 2 ** -600;
      g[2 * d + k] *= 2 ** 500;
    }
    setLabPool(new LabPool(labWorkers().spawn, 2));
    const ref = await gramChunkedCpu({ K, d, g });
    const r = await gramOffThread({ K, d, g });
    expect(Array.from(r.rowGram.e)).toEqual(Array.from(ref.rowGram.e));
    expect(r.rowGram.G[0]).toBeGreaterThan(0);
    for (let k = 0; k < K * K; k++) {
      expect(Math.abs(r.rowGram.G[k] - ref.rowGram.G[k])).toBeLessThanOrEqual(
        1e-12 * Math.abs(ref.rowGram.G[4]),
      );
    }
  });
});
