/**
 * The meta panel's driver and group summary: cycle records identical to the core's metaLearn on
 * a small case, cancellation between cycles, and groups found in a planted block matrix.
 */
import { describe, expect, it } from 'vitest';
import { constantInteraction, createMetaLearner, metaLearn } from '../../src/core/meta/index';
import { createQuadraticGroups } from '../../src/core/problems/index';
import { driveMeta, groupSummary } from '../../src/ui/lab/metaGroups';

describe('driveMeta', () => {
  const problem = createQuadraticGroups({ K: 4, d: 2, groups: 2, seed: 4 });
  const opts = { loss: 'final-log-b' as const, cycles: 3, A0: constantInteraction(4, 0.5) };

  it('produces the same records as the core metaLearn', async () => {
    const learner = createMetaLearner(problem, opts);
    const seen: number[] = [];
    const recs = await driveMeta(
      () => learner.step(),
      3,
      (_, done) => seen.push(done),
    );
    const ref = metaLearn(problem, opts);
    expect(seen).toEqual([1, 2, 3]);
    expect(recs.length).toBe(3);
    for (let c = 0; c < 3; c++) {
      expect(Array.from(recs[c].A)).toEqual(Array.from(ref.records[c].A));
      expect(recs[c].deltaNorm).toBe(ref.records[c].deltaNorm);
      expect(recs[c].metaLoss).toBe(ref.records[c].metaLoss);
      expect(recs[c].innerSteps).toBe(ref.records[c].innerSteps);
    }
    expect(recs[0].deltaNorm).toBeGreaterThan(0);
  });

  it('stops between cycles once aborted', async () => {
    const learner = createMetaLearner(problem, opts);
    const ac = new AbortController();
    const run = driveMeta(
      () => learner.step(),
      10,
      (_, done) => {
        if (done === 2) ac.abort();
      },
      ac.signal,
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(learner.cycle).toBe(2);
  });
});

describe('groupSummary', () => {
  it('finds two planted blocks and their means', () => {
    const labels = Int32Array.of(0, 1, 0, 1);
    const A = new Float64Array(16);
    const cos = new Float64Array(16);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        if (i === j) {
          cos[i * 4 + j] = 1;
          continue;
        }
        const same = labels[i] === labels[j];
        A[i * 4 + j] = same ? 0.1 : 0.9;
        cos[i * 4 + j] = same ? 0.8 : -0.5;
      }
    }
    const g = groupSummary(A, 4, cos, labels);
    expect(g).not.toBeNull();
    if (!g) return;
    expect(g.k).toBe(2);
    expect(g.labels[0]).toBe(g.labels[2]);
    expect(g.labels[1]).toBe(g.labels[3]);
    expect(g.labels[0]).not.toBe(g.labels[1]);
    expect(g.A.within).toBeCloseTo(0.1, 14);
    expect(g.A.between).toBeCloseTo(0.9, 14);
    expect(g.cos.within).toBeCloseTo(0.8, 14);
    expect(g.cos.between).toBeCloseTo(-0.5, 14);
    expect(g.plantedA?.within).toBeCloseTo(0.1, 14);
    // Detected = planted: the adjusted Rand index is 1, for the groups of A and of cos alike.
    expect(g.ari).toBe(1);
    expect(g.cosGroups.ari).toBe(1);
    expect(g.eigenvalues).toHaveLength(4);
    // Against another partition of the same objectives it is below 1.
    const other = groupSummary(A, 4, cos, Int32Array.of(0, 0, 1, 1));
    expect(other?.ari).toBeLessThan(0.5);
  });

  it('has no groups for A = 0 off the diagonal', () => {
    const A = new Float64Array(9);
    A[0] = 3;
    expect(groupSummary(A, 3, new Float64Array(9), null)).toBeNull();
  });
});
