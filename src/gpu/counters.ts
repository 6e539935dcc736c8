/**
 * Counts of the work a set of GPU worlds issued: compute dispatches, queue submissions,
 * read-backs (buffer maps) and T-step batches. Each GpuWorlds keeps its own; every increment is
 * also added to GPU_TOTALS, so a caller that creates engines indirectly (the lab's sweeps and
 * basin maps) can measure by taking the difference of two snapshots.
 */
export interface GpuCounters {
  dispatches: number;
  submits: number;
  readbacks: number;
  batches: number;
  worldSteps: number;
}

export function zeroCounters(): GpuCounters {
  return { dispatches: 0, submits: 0, readbacks: 0, batches: 0, worldSteps: 0 };
}

/** Totals over every GpuWorlds of this module instance. */
export const GPU_TOTALS: GpuCounters = zeroCounters();

/** Counters that add every increment to GPU_TOTALS as well. */
export function trackedCounters(): GpuCounters {
  const own = zeroCounters();
  return new Proxy(own, {
    set(target, key: keyof GpuCounters, value: number) {
      GPU_TOTALS[key] += value - target[key];
      target[key] = value;
      return true;
    },
  });
}

/** a − b, field by field. */
export function diffCounters(a: GpuCounters, b: GpuCounters): GpuCounters {
  return {
    dispatches: a.dispatches - b.dispatches,
    submits: a.submits - b.submits,
    readbacks: a.readbacks - b.readbacks,
    batches: a.batches - b.batches,
    worldSteps: a.worldSteps - b.worldSteps,
  };
}
