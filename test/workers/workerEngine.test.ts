/**
 * The worker-backed CPU engine against the in-process CPU engine on the same configuration:
 * identical float64 summaries, θ and views after the same calls (the worker runs the same core),
 * setMethod/setStepSize applied to the next advance without a reply, lastState after each
 * advance, errors rebuilt with their field, and dispose rejecting what is still waiting.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { createProblem } from '../../src/core/problems/index';
import { createCpuEngine } from '../../src/engine/cpuEngine';
import type { WorldsConfig } from '../../src/engine/types';
import { createEngineHandler } from '../../src/workers/engineHandler';
import type { EngineCall } from '../../src/workers/engineProtocol';
import { problemFromRecipe, problemRecipe } from '../../src/workers/problemRecipe';
import { createWorkerEngine } from '../../src/workers/workerEngine';
import { fakeWorkers } from './fakeWorker';

const workers = () => fakeWorkers<EngineCall>((post) => createEngineHandler(post));

function config(seed: number): WorldsConfig {
  const problem = createProblem('quadratic-groups', { K: 5, d: 4, seed });
  const starts = problem.starts();
  const W = 3;
  const s = new Float64Array(W * problem.d);
  for (let w = 0; w < W; w++) s.set(starts[w % starts.length], w * problem.d);
  return {
    problem,
    method: { id: 'cosine', alpha: 0.4 },
    alpha: Float64Array.of(0.1, 0.5, 0.9),
    flow: 'two-phase',
    eta: 0.05,
    starts: s,
  };
}

describe('problem recipes', () => {
  it('rebuild every catalogue problem exactly', () => {
    const problems = [
      createProblem('quadratic-groups', { K: 7, d: 5, groups: 3, seed: 91 }),
      createProblem('cagrad-toy', { atZero: 'autograd' }),
      createProblem('convex-pair'),
    ];
    for (const p of problems) {
      const r = problemRecipe(p);
      expect(r).not.toBeNull();
      const q = problemFromRecipe(structuredClone(r!));
      for (const th of p.starts()) {
        expect(Array.from(q.gradients(th))).toEqual(Array.from(p.gradients(th)));
        expect(Array.from(q.losses(th))).toEqual(Array.from(p.losses(th)));
      }
    }
  });

  it('is null for a problem made by hand', () => {
    const p = createProblem('convex-pair');
    expect(problemRecipe({ ...p, id: 'mine', kind: undefined } as never)).toBeNull();
  });
});

describe('worker engine', () => {
  it('matches the in-process CPU engine call for call, including a method change', async () => {
    const cfg = config(17);
    const ref = createCpuEngine(cfg);
    const fw = workers();
    const { engine, ready } = createWorkerEngine(cfg, undefined, fw.spawn);
    await ready;
    await Promise.all([ref.advance(7), engine.advance(7)]);
    const s1 = await engine.summaries();
    expect(s1).toEqual(await ref.summaries());
    // Posted without a reply; the next advance must use both.
    const m = { id: 'pcgrad' as const };
    engine.setMethod(m);
    engine.setStepSize(0.02);
    ref.setMethod(m);
    ref.setStepSize(0.02);
    await Promise.all([ref.advance(5), engine.advance(5)]);
    expect(await engine.thetas()).toEqual(await ref.thetas());
    expect(await engine.inspect(2)).toEqual(await ref.inspect(2));
    expect(engine.lastState()).toEqual(ref.lastState());
    expect(engine.lastState()!.step).toBe(12);
    engine.dispose();
    expect(fw.terminated).toBe(1);
  });

  it('resumes from a given state', async () => {
    const cfg = config(3);
    const ref = createCpuEngine(cfg);
    await ref.advance(4);
    const state = ref.lastState();
    const { engine, ready } = createWorkerEngine(cfg, state, workers().spawn);
    await ready;
    expect(engine.lastState()).toEqual(state);
    await Promise.all([ref.advance(3), engine.advance(3)]);
    expect(await engine.summaries()).toEqual(await ref.summaries());
  });

  it('checks input on the calling side and rebuilds worker errors with their field', async () => {
    const cfg = config(5);
    expect(() => createWorkerEngine({ ...cfg, eta: -1 }, undefined, workers().spawn)).toThrow(
      /^eta: /,
    );
    const { engine, ready } = createWorkerEngine(cfg, undefined, workers().spawn);
    await ready;
    expect(() => engine.setMethod({ id: 'cosine' }, Float64Array.of(2, 0, 0))).toThrow(InputError);
    const err = await engine.advance(1.5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe('steps');
    const bad = await engine.inspect(9).catch((e: unknown) => e);
    expect((bad as InputError).field).toBe('world');
  });

  it('dispose rejects the calls still waiting with an AbortError', async () => {
    const { engine, ready } = createWorkerEngine(config(8), undefined, workers().spawn);
    await ready;
    const waiting = engine.advance(50);
    engine.dispose();
    const e = await waiting.catch((x: unknown) => x);
    expect((e as DOMException).name).toBe('AbortError');
    await expect(engine.summaries()).rejects.toThrow(/disposed/);
  });
});
