import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendTrajectory } from '../../src/state/runStore';
import {
  appendMeta,
  appendSeries,
  createMetaSeries,
  createSeries,
  seriesColumns,
} from '../../src/state/series';

const sample = (k: number, K: number) => ({
  step: k,
  B: 1 / (k + 1),
  I: -k,
  F: 2 * k,
  gap: k + 0.5,
  losses: Array.from({ length: K }, (_, i) => 10 * k + i),
});

describe('bounded series', () => {
  it('stores samples in order until full', () => {
    let s = createSeries(3, 8);
    for (let k = 0; k < 5; k++) s = appendSeries(s, sample(k, 3));
    expect(s.length).toBe(5);
    expect(Array.from(s.step.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(s.losses[2].subarray(0, 5))).toEqual([2, 12, 22, 32, 42]);
    expect(seriesColumns(s).L3).toEqual([2, 12, 22, 32, 42]);
  });

  it('stays bounded, keeps the first sample and the newest, and stays increasing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 400 }), (cap, n) => {
        let s = createSeries(2, cap);
        const before = s;
        for (let k = 0; k < n; k++) s = appendSeries(s, sample(k, 2));
        expect(s.length).toBeLessThanOrEqual(cap);
        expect(s.length).toBe(n <= cap ? n : s.length);
        expect(s.step[0]).toBe(0);
        expect(s.step[s.length - 1]).toBe(n - 1);
        for (let k = 1; k < s.length; k++) {
          expect(s.step[k]).toBeGreaterThan(s.step[k - 1]);
          // Every column stays aligned with its step.
          expect(s.B[k]).toBe(1 / (s.step[k] + 1));
          expect(s.losses[1][k]).toBe(10 * s.step[k] + 1);
        }
        if (n > 0) expect(s).not.toBe(before);
      }),
    );
  });

  it('marks missing losses NaN and rejects bad shapes', () => {
    let s = createSeries(3, 4);
    s = appendSeries(s, { ...sample(0, 3), losses: [1] });
    expect(s.losses[0][0]).toBe(1);
    expect(Number.isNaN(s.losses[2][0])).toBe(true);
    expect(() => createSeries(-1)).toThrow(/K/);
    expect(() => createSeries(2, 1)).toThrow(/capacity/);
  });

  it('meta series decimates the same way', () => {
    let m = createMetaSeries(4);
    for (let k = 0; k < 9; k++) m = appendMeta(m, { cycle: k, dA: k * k, metaLoss: -k });
    expect(m.length).toBeLessThanOrEqual(4);
    expect(m.cycle[0]).toBe(0);
    expect(m.cycle[m.length - 1]).toBe(8);
    for (let k = 0; k < m.length; k++) expect(m.dA[k]).toBe(m.cycle[k] ** 2);
  });

  it('trajectories keep their start and newest point within capacity', () => {
    let t: Float64Array = new Float64Array([0, 0]);
    for (let k = 1; k <= 50; k++) t = appendTrajectory(t, k, -k, 16);
    expect(t.length / 2).toBeLessThanOrEqual(16);
    expect([t[0], t[1]]).toEqual([0, 0]);
    expect([t[t.length - 2], t[t.length - 1]]).toEqual([50, -50]);
    for (let k = 1; k < t.length / 2; k++) expect(t[2 * k + 1]).toBe(-t[2 * k]);
  });
});
