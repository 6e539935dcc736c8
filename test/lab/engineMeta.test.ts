import '../gpu/webgpuNode';
import { describe, expect, it } from 'vitest';
import {
  constantInteraction,
  evaluateMetaLosses,
  META_LOSS_IDS,
  metaPerturbations,
  resolveMetaOptions,
} from '../../src/core/meta/index';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { createRng } from '../../src/core/rng';
import { engineMetaEvaluator } from '../../src/lab/engineMeta';

const seed = Math.floor(Math.random() * 1e9);

function setup(loss: (typeof META_LOSS_IDS)[number]) {
  const problem = createQuadraticGroups({ K: 3, d: 4, seed });
  const o = resolveMetaOptions(problem, { loss, T: 8, starts: problem.starts().slice(0, 2) });
  const rng = createRng(seed);
  const A = constantInteraction(3, 0).map((_, k) => (k % 4 === 0 ? 0 : rng.uniform(0.1, 0.9)));
  return { o, matrices: metaPerturbations(A, 3, 1e-3).matrices };
}

describe(`meta-gradient batch on an engine (seed ${seed})`, () => {
  it.each(META_LOSS_IDS)('CPU engine equals the core’s rollouts: %s', async (loss) => {
    const { o, matrices } = setup(loss);
    const core = evaluateMetaLosses(o, matrices);
    const engine = await engineMetaEvaluator('cpu', o)(matrices);
    for (let k = 0; k < core.length; k++) {
      expect(Math.abs(engine[k] - core[k])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(core[k])));
    }
  });

  it.each(['worst-objective', 'pareto-gap', 'mean-log-b'] as const)(
    'GPU engine (float32) within 1e-3 of the core: %s',
    async (loss) => {
      const { o, matrices } = setup(loss);
      const core = evaluateMetaLosses(o, matrices);
      const gpu = await engineMetaEvaluator('gpu', o)(matrices);
      for (let k = 0; k < core.length; k++) {
        // float32 inner rollouts: about 1e-6 relative per step, T = 8 steps; log10 B near its
        // float32 floor differs more, so mean log10 B gets an absolute bound of 0.05.
        const bound = loss === 'mean-log-b' ? 0.05 : 1e-3 * (1 + Math.abs(core[k]));
        expect(Math.abs(gpu[k] - core[k])).toBeLessThanOrEqual(bound);
      }
    },
  );
});
