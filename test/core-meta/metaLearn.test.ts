import { describe, expect, it } from 'vitest';
import { lossFlowStep } from '../../src/core/flows/lossFlow';
import {
  createMetaLearner,
  createStabilityTest,
  evaluateMeta,
  flooredLog10,
  logGap,
  META_LOSS_IDS,
  META_LOSSES,
  metaLearn,
  perturbMatrix,
  resolveMetaOptions,
  rollout,
  stabilityTest,
  stepsToTolerance,
} from '../../src/core/meta';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { minNormWeights } from '../../src/core/simplex';
import { frobenius, lineProblem } from './fixtures';

const small = () => createQuadraticGroups({ K: 3, d: 2, groups: 2, seed: 2 });

describe('meta-losses', () => {
  it('lists five documented losses with unique ids', () => {
    expect(META_LOSSES.map((m) => m.id)).toEqual([...META_LOSS_IDS]);
    expect(new Set(META_LOSS_IDS).size).toBe(5);
    for (const m of META_LOSSES) {
      expect(m.label.length).toBeGreaterThan(3);
      expect(m.description).toMatch(/\.$/);
    }
  });

  it('floors logarithms instead of returning NaN or −∞', () => {
    expect(flooredLog10(0)).toBe(-300);
    expect(flooredLog10(null)).toBe(-300);
    expect(flooredLog10(1e-5)).toBeCloseTo(-5, 14);
    // F − F* below the rounding of the difference is the rounding level, not −300.
    expect(logGap(1, 1)).toBeCloseTo(Math.log10(2 * 2 ** -52), 12);
    expect(logGap(1 + 2 ** -50, 1)).toBeCloseTo(-50 * Math.log10(2), 12);
  });

  it('gives hand values at T = 0 for two 1-D quadratics', () => {
    // q = (1, 2), c = (0, 1), start θ = 3 beyond both centres: g = (1·3, 2·2) = (3, 4),
    // L = (½·9, ½·2·4) = (4.5, 4).
    const prob = lineProblem([1, 2], [0, 1], [3]);
    const A = new Float64Array(4);
    const ev = (loss: (typeof META_LOSS_IDS)[number]) =>
      evaluateMeta(resolveMetaOptions(prob, { T: 0, eta: 0.1, loss }), A).metaLoss;
    const g = [3, 4];
    const L = [4.5, 4];
    expect(ev('final-log-b')).toBeCloseTo(Math.log10((3 + 4) ** 2 / (9 + 16)), 14);
    expect(ev('mean-log-b')).toBeCloseTo(Math.log10(49 / 25), 14);
    expect(ev('worst-objective')).toBe(4.5);
    // θ* = (0 + 2)/3, F* = ½(2/3)² + (1/3)² = 1/3.
    expect(ev('log-gap')).toBeCloseTo(Math.log10(L[0] + L[1] - 1 / 3), 14);
    // Same-sign 1-D gradients: the min-norm point of their hull is the smaller one.
    expect(ev('pareto-gap')).toBeCloseTo(Math.min(...g), 12);
    expect(Array.from(minNormWeights(Float64Array.of(9, 12, 12, 16), 2))).toEqual([1, 0]);
  });

  it('averages over starts and counts steps to tolerance', () => {
    const prob = lineProblem([1, 2], [0, 1], [3, -2]);
    const o = resolveMetaOptions(prob, { T: 0, eta: 0.1, loss: 'worst-objective' });
    // At θ = −2: L = (2, 9); at θ = 3: L = (4.5, 4).
    expect(evaluateMeta(o, new Float64Array(4)).metaLoss).toBeCloseTo((4.5 + 9) / 2, 14);
    const r = { theta: new Float64Array(1), B: [1, 0.5, null], F: Float64Array.of(3, 2, 1.5) };
    const run = { ...r, losses: new Float64Array(2), gradients: new Float64Array(2) };
    expect(stepsToTolerance(run, 'gap', 0.6, 1)).toBe(2);
    expect(stepsToTolerance(run, 'gap', 0.1, 1)).toBeNull();
    expect(stepsToTolerance(run, 'B', 0.7, null)).toBe(1);
    expect(stepsToTolerance(run, 'B', 0, null)).toBe(2);
  });

  it('uses A = 0 as plain loss-flow on F', () => {
    const prob = small();
    const [r] = rollout(prob, new Float64Array(9), [prob.starts()[1]], { T: 5, eta: 0.2 });
    let th = prob.starts()[1];
    for (let t = 0; t < 5; t++) th = lossFlowStep(prob, th, { id: 'sum' }, 0.2);
    expect(Array.from(r.theta)).toEqual(Array.from(th));
  });

  it('rejects unknown losses and log-gap without F*', () => {
    const prob = small();
    expect(() => resolveMetaOptions(prob, { loss: 'nope' as never })).toThrow(/metaLoss/);
    const noStar = { ...prob, Fstar: null };
    expect(() => resolveMetaOptions(noStar, { loss: 'log-gap' })).toThrow(/metaLoss/);
    expect(() => resolveMetaOptions(prob, { T: -1 })).toThrow(/^T/);
    expect(() => resolveMetaOptions(prob, { eta: 0 })).toThrow(/^eta/);
  });
});

describe('metaLearn', () => {
  it('records the stated fields per cycle and keeps A in the box', () => {
    const prob = small();
    const r = metaLearn(prob, { cycles: 3, T: 6, etaMeta: 50, Amax: 0.7, loss: 'worst-objective' });
    expect(r.records.length).toBe(3);
    let prev: Float64Array = new Float64Array(9);
    let hitBound = false;
    for (const rec of r.records) {
      expect(rec.A.length).toBe(9);
      expect(rec.deltaNorm).toBeCloseTo(frobenius(rec.A.map((a, k) => a - prev[k])), 14);
      expect(Number.isFinite(rec.metaLoss)).toBe(true);
      expect(rec.innerSteps).toBeGreaterThanOrEqual(0);
      expect(rec.innerSteps).toBeLessThanOrEqual(6);
      expect(rec.baselineZero.metaLoss).toBe(r.baselineZero.metaLoss);
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const a = rec.A[i * 3 + j];
          if (i === j) expect(a).toBe(0);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(0.7);
          if (i !== j && (a === 0.7 || a === 0) && rec.gradient[i * 3 + j] !== 0) hitBound = true;
        }
      }
      prev = rec.A;
    }
    expect(hitBound).toBe(true);
    expect(r.A).toEqual(r.records[2].A);
  });

  it('compares with the A = 0 and A = 1 baselines', () => {
    const prob = small();
    const o = { T: 6, cycles: 1 };
    const r = metaLearn(prob, o);
    const ro = resolveMetaOptions(prob, o);
    const ones = Float64Array.of(0, 1, 1, 1, 0, 1, 1, 1, 0);
    expect(r.baselineOne).toEqual(evaluateMeta(ro, ones));
    expect(r.baselineZero).toEqual(evaluateMeta(ro, new Float64Array(9)));
    expect(r.initial).toEqual(r.baselineZero);
  });

  it('is steppable, reproducible and caps the step when asked', () => {
    const prob = small();
    const opts = { T: 6, cycles: 3, loss: 'mean-log-b' as const };
    const learner = createMetaLearner(prob, opts);
    for (let c = 0; c < 3; c++) learner.step();
    expect(learner.cycle).toBe(3);
    const again = metaLearn(prob, opts);
    expect(learner.A).toEqual(again.A);
    expect(learner.records.map((x) => x.metaLoss)).toEqual(again.records.map((x) => x.metaLoss));
    const capped = createMetaLearner(prob, { ...opts, maxStep: 1e-3 }).step();
    expect(Math.max(...capped.A.map(Math.abs))).toBeLessThanOrEqual(1e-3 + 1e-15);
  });

  it('hands the whole perturbation batch to a custom evaluator', () => {
    const prob = small();
    const sizes: number[] = [];
    const learner = createMetaLearner(prob, {
      T: 2,
      evaluateBatch: (ms) => {
        sizes.push(ms.length);
        // A linear meta-loss −Σ A: the gradient is −1 off the diagonal, so A grows by η_meta.
        return Float64Array.from(ms, (M) => -M.reduce((s, v) => s + v, 0));
      },
      etaMeta: 0.25,
    });
    const rec = learner.step();
    expect(sizes).toEqual([12]);
    for (let k = 0; k < 9; k++) expect(rec.A[k]).toBeCloseTo(k % 4 === 0 ? 0 : 0.25, 12);
  });
});

describe('perturbation test', () => {
  it('validates p and is reproducible from the seed', () => {
    const A = Float64Array.of(0, 0.5, 0.2, 0.4, 0, 0.9, 0.3, 0.6, 0);
    expect(() => perturbMatrix(A, 3, 0.25, 1)).toThrow(/^p/);
    expect(() => perturbMatrix(A, 3, -0.1, 1)).toThrow(/^p/);
    expect(() => perturbMatrix(A, 3, Number.NaN, 1)).toThrow(/^p/);
    const P = perturbMatrix(A, 3, 0.2, 7);
    expect(perturbMatrix(A, 3, 0.2, 7)).toEqual(P);
    expect(perturbMatrix(A, 3, 0.2, 8)).not.toEqual(P);
    for (let k = 0; k < 9; k++) {
      expect(Math.abs(P[k] - A[k])).toBeLessThanOrEqual(0.2 * A[k] + 1e-15);
    }
    expect(P).not.toEqual(A);
  });

  it('records the distance back to the pre-perturbation A per cycle', () => {
    const prob = small();
    const base = { T: 6, cycles: 2, loss: 'worst-objective' as const };
    const pre = metaLearn(prob, {
      ...base,
      A0: Float64Array.of(0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0),
    }).A;
    const test = stabilityTest(prob, pre, { ...base, p: 0.2, seed: 3 });
    expect(test.initialDistance).toBeGreaterThan(0);
    expect(test.initialDistance).toBeCloseTo(
      frobenius(test.perturbed.map((v, k) => v - pre[k])),
      14,
    );
    expect(test.records.length).toBe(2);
    for (const r of test.records) {
      const dist = frobenius(r.meta.A.map((v, k) => v - pre[k]));
      expect(r.distance).toBeCloseTo(dist, 14);
      expect(r.relative).toBeCloseTo(dist / frobenius(pre), 14);
    }
    const again = createStabilityTest(prob, pre, { ...base, p: 0.2, seed: 3 });
    expect(again.step().distance).toBe(test.records[0].distance);
    expect(() => createStabilityTest(prob, pre, { ...base, p: 0.3, seed: 3 })).toThrow(/^p/);
  });
});
