/** startFlow (a flow advanced in slices) and runFlow's progress and stop hooks. */
import { describe, expect, it } from 'vitest';
import { PROGRESS_EVERY, runFlow, startFlow } from '../../src/core/flows/run';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';

const problem = () => createQuadraticGroups({ K: 4, d: 5, seed: 11 });
const options = { kind: 'two-phase', method: { id: 'pcgrad' }, eta: 0.02, steps: 300 } as const;

describe('startFlow', () => {
  it('advanced in uneven slices gives the summary of one runFlow, bit for bit', () => {
    const whole = runFlow(problem(), options);
    const run = startFlow(problem(), options);
    const slices = [1, 7, 0, 50, 3, 1000];
    for (const n of slices) if (!run.done) run.advance(n);
    expect(run.done).toBe(true);
    const sliced = run.summary();
    expect(sliced.stop).toBe(whole.stop);
    expect(sliced.steps).toBe(whole.steps);
    expect(Array.from(sliced.finalTheta)).toEqual(Array.from(whole.finalTheta));
    expect(Array.from(sliced.record.B)).toEqual(Array.from(whole.record.B));
    expect(sliced.switchStep).toBe(whole.switchStep);
  });

  it('interrupt ends a run where it stands and says so', () => {
    const run = startFlow(problem(), options);
    run.advance(40);
    run.interrupt();
    const s = run.summary();
    expect(run.done).toBe(true);
    expect(s.stop).toBe('interrupted');
    expect(s.steps).toBe(40);
    expect(s.message).toBe('interrupted at step 40 of 300');
    // the last evaluated point (θ_39, before the step to θ_40) is recorded
    expect(s.record.step[s.record.step.length - 1]).toBe(39);
  });

  it('validates every option before the first step', () => {
    expect(() => startFlow(problem(), { ...options, eta: -1 })).toThrow(/eta/);
    expect(() => startFlow(problem(), { ...options, steps: 1.5 })).toThrow(/steps/);
  });
});

describe('runFlow hooks', () => {
  it('onProgress reports increasing steps every PROGRESS_EVERY, ending at the last step', () => {
    const seen: [number, number][] = [];
    const r = runFlow(problem(), options, { onProgress: (t, n) => seen.push([t, n]) });
    expect(seen.length).toBe(Math.ceil((r.steps + 1) / PROGRESS_EVERY));
    expect(seen[0]).toEqual([PROGRESS_EVERY, 300]);
    for (let k = 1; k < seen.length; k++) expect(seen[k][0]).toBeGreaterThan(seen[k - 1][0]);
    expect(seen[seen.length - 1][0]).toBe(r.steps);
  });

  it('a signal aborted during the run stops it with "interrupted" at the next check', () => {
    const signal = { aborted: false };
    let calls = 0;
    const r = runFlow(problem(), options, {
      signal,
      onProgress: () => {
        calls++;
        if (calls === 2) signal.aborted = true;
      },
    });
    expect(r.stop).toBe('interrupted');
    expect(r.steps).toBe(2 * PROGRESS_EVERY);
    expect(calls).toBe(2);
  });
});
