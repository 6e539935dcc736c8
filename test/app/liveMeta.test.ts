import { describe, expect, it } from 'vitest';
import { createMetaLearner } from '../../src/core/meta/index';
import { createProblem } from '../../src/core/problems';
import { defaultConfig } from '../../src/state/configSchema';
import { LIVE_META_MAX_K, LiveMeta, liveMetaBlocker } from '../../src/state/liveMeta';
import { interactionMatrix } from '../../src/state/runConfig';

const seed = 1 + Math.floor(Math.random() * 1e6);
const config = { ...defaultConfig(), method: 'interaction' as const, learnA: true, alpha: 0.6 };

describe(`live learning of A (seed ${seed})`, () => {
  const problem = createProblem('quadratic-groups', { K: 3, d: 3, seed });
  const A0 = interactionMatrix(config, 3)!;

  it('runs the core learner from the A in use, one cycle per interval', () => {
    const meta = new LiveMeta();
    meta.configure(config, problem, A0, 'p');
    const ref = createMetaLearner(problem, {
      A0,
      loss: config.metaLoss,
      gating: config.gating,
      T: 20,
    });
    const first = meta.maybeCycle(10_000)!;
    const expected = ref.step();
    expect(Array.from(first.A)).toEqual(Array.from(expected.A));
    expect(first.deltaNorm).toBe(expected.deltaNorm);
    expect(Array.from(meta.A!)).toEqual(Array.from(expected.A));
    expect(meta.maybeCycle(10_500)).toBeNull();
    expect(meta.maybeCycle(11_000)!.cycle).toBe(2);
  });

  it('keeps its learner for the same problem and meta-loss, restarts on a change', () => {
    const meta = new LiveMeta();
    meta.configure(config, problem, A0, 'p');
    meta.maybeCycle(0);
    meta.configure({ ...config, alpha: 0.1 }, problem, A0, 'p');
    expect(meta.maybeCycle(5_000)!.cycle).toBe(2);
    meta.configure({ ...config, metaLoss: 'pareto-gap' }, problem, A0, 'p');
    expect(meta.maybeCycle(10_000)!.cycle).toBe(1);
  });

  it('is off without the interaction method or the switch, and refuses K > the limit', () => {
    const meta = new LiveMeta();
    meta.configure({ ...config, method: 'cosine' }, problem, A0, 'p');
    expect(meta.A).toBeNull();
    expect(meta.maybeCycle(0)).toBeNull();
    expect(liveMetaBlocker({ ...config, learnA: false }, 3)).toBe('off');
    expect(liveMetaBlocker(config, LIVE_META_MAX_K)).toBeNull();
    expect(liveMetaBlocker(config, LIVE_META_MAX_K + 1)).toMatch(/Lab/);
  });
});
