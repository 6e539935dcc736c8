/**
 * The Meta panel's inner speeds off the main thread (labRuns.ts innerSpeedOffThread): one job of
 * the pool, over in-process stand-ins of workers that structured-clone every message, with the
 * same numbers as innerSpeed in-process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { constantInteraction } from '../../src/core/meta/index';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { innerSpeed } from '../../src/lab/innerSpeed';
import { setLabPool } from '../../src/workers/labPool';
import { innerSpeedOffThread } from '../../src/workers/labRuns';
import { LabPool } from '../../src/workers/pool';
import { countingLabWorkers } from './fakeWorker';

afterEach(() => setLabPool(null));

describe('innerSpeedOffThread', () => {
  it('runs as one pool job and equals innerSpeed in-process', async () => {
    const w = countingLabWorkers();
    setLabPool(new LabPool(w.spawn, 2));
    const problem = createQuadraticGroups({ K: 4, d: 3, seed: 5 });
    const ms = [constantInteraction(4, 0), constantInteraction(4, 0.5)];
    const o = { on: 'gap' as const, eta: 0.05, gating: 'conflicting' as const, horizon: 300 };
    const off = await innerSpeedOffThread(problem, ms, o);
    expect(w.jobs()).toBe(1);
    expect(off).toEqual(await innerSpeed(problem, ms, o));
    expect(off[0].rate).not.toBeNull();
  });
});
