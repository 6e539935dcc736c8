/**
 * The backtracking meta step (core backtrack.ts, issue 13): a step that raises the meta-loss is
 * never kept. On the problem of `lab meta`'s defaults the plain step raises it (the issue's
 * cycle 6: ‖ΔA‖_F ≈ 0.77, meta-loss −1.02 → +0.21); with backtracking the meta-loss never
 * rises, a rejected step leaves A where it was, and until the plain learner's first bad step the
 * two learners agree exactly.
 */
import { describe, expect, it } from 'vitest';
import {
  backtrackPick,
  constantInteraction,
  createMetaLearner,
  STEP_SCALES,
} from '../../src/core/meta/index';
import { createProblem, createQuadraticGroups } from '../../src/core/problems/index';

const fresh = 1 + Math.floor(Math.random() * 1e6);

describe('backtrackPick', () => {
  it('takes the largest scale that lowers the loss; −1 when none does (NaN never wins)', () => {
    expect(backtrackPick([0.5, 0.2, 0.1, 0], 0.3)).toBe(1);
    expect(backtrackPick([0.1, 0.2], 0.3)).toBe(0);
    expect(backtrackPick([Number.NaN, 0.4, 0.3, 0.31], 0.3)).toBe(-1);
    expect(backtrackPick([Number.NaN, 0.29], 0.3)).toBe(1);
  });
});

function learners(problem: ReturnType<typeof createQuadraticGroups>, cycles: number) {
  const o = { loss: 'final-log-b' as const, A0: constantInteraction(problem.K, 0.5) };
  const plain = createMetaLearner(problem, o);
  const back = createMetaLearner(problem, { ...o, backtrack: true });
  for (let c = 0; c < cycles; c++) {
    plain.step();
    back.step();
  }
  return { plain, back };
}

describe('backtracking learner', () => {
  it('on the default problem of `lab meta` the plain step raises the meta-loss; backtracking rejects it', () => {
    const problem = createProblem('quadratic-groups', {}) as ReturnType<
      typeof createQuadraticGroups
    >;
    const { plain, back } = learners(problem, 8);
    const p = plain.records;
    const raised = p.findIndex(
      (r, k) => r.metaLoss > (k === 0 ? plain.initial : p[k - 1]).metaLoss,
    );
    expect(raised).toBeGreaterThanOrEqual(0);
    expect(p[raised].deltaNorm).toBeGreaterThan(0.1);
    const b = back.records;
    for (let k = 0; k < raised; k++) {
      expect(Array.from(b[k].A)).toEqual(Array.from(p[k].A));
      expect(b[k].scale).toBe(1);
    }
    expect(b[raised].metaLoss).toBeLessThanOrEqual(
      b[raised - 1]?.metaLoss ?? back.initial.metaLoss,
    );
  });

  it(`never raises the meta-loss; a rejected step keeps A (seed ${fresh})`, () => {
    const problem = createQuadraticGroups({ K: 5, d: 3, groups: 2, seed: fresh });
    const { back } = learners(problem, 6);
    let prevLoss = back.initial.metaLoss;
    let prevA = constantInteraction(5, 0.5);
    for (const r of back.records) {
      expect([0, ...STEP_SCALES]).toContain(r.scale);
      if (r.scale === 0) {
        expect(r.deltaNorm).toBe(0);
        expect(Array.from(r.A)).toEqual(Array.from(prevA));
        expect(r.metaLoss).toBe(prevLoss);
      } else {
        expect(r.metaLoss).toBeLessThan(prevLoss);
      }
      prevLoss = r.metaLoss;
      prevA = r.A;
    }
  });
});
