/**
 * PCGrad's random order in flows: a fresh seeded permutation at every step (pcgradPermutation,
 * row i keyed by (seed, t, i), the same for every world), reproducible, and the fixed table of
 * earlier versions as shuffle 'once'.
 */
import { describe, expect, it } from 'vitest';
import { lossFlowStep } from '../../src/core/flows/lossFlow';
import { runFlow } from '../../src/core/flows/run';
import { gram } from '../../src/core/gram';
import { coefficients, pcgradOrders, sequentialCoefficients } from '../../src/core/methods/index';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { DEFAULT_TAU, type MethodSpec } from '../../src/core/types';

const problem = createQuadraticGroups({ K: 5, d: 3, groups: 2, spread: 1, seed: 4 });

describe('pcgrad random order in flows', () => {
  it('the step t of runFlow uses the permutation of step t', () => {
    const spec: MethodSpec = { id: 'pcgrad', seed: 21 };
    const r = runFlow(problem, { kind: 'loss', method: spec, eta: 0.02, steps: 30, start: 0 });
    let x: Float64Array = Float64Array.from(problem.starts()[0]);
    for (let t = 0; t < 30; t++) x = lossFlowStep(problem, x, { ...spec, step: t }, 0.02);
    expect(Array.from(r.finalTheta)).toEqual(Array.from(x));
    const again = runFlow(problem, { kind: 'loss', method: spec, eta: 0.02, steps: 30, start: 0 });
    expect(Array.from(again.finalTheta)).toEqual(Array.from(r.finalTheta));
  });

  it("'once' keeps one table for the run; 'per-step' does not", () => {
    const g = problem.gradients(Float64Array.from(problem.starts()[0]));
    const G = gram({ K: 5, d: 3, g });
    const once: MethodSpec = { id: 'pcgrad', seed: 21, shuffle: 'once' };
    const table = pcgradOrders(5, 21, 'random', 0, 'once');
    const ref = sequentialCoefficients(G, 5, table, DEFAULT_TAU, null);
    for (const t of [0, 1, 17]) {
      expect(Array.from(coefficients(G, 5, { ...once, step: t }))).toEqual(Array.from(ref));
    }
    const tables = new Set<string>();
    for (let t = 0; t < 20; t++) tables.add(Array.from(pcgradOrders(5, 21, 'random', t)).join());
    expect(tables.size).toBeGreaterThan(15);
  });
});
