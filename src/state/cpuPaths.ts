/**
 * The CPU half of the swept paths (pathSweep.ts) as one pure function of its data: for each
 * method, a fresh float64 engine from the start, read at the sample steps b_k = round(k·H / S),
 * k = 0 … S, S = min(H, SAMPLES.cpu). The page runs it as one job of its path worker
 * (src/workers/pathsOffThread.ts): one message in, the paths out, instead of a worker and two
 * messages per sample.
 */
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createCpuEngine } from '../engine/cpuEngine';
import type { FlowKind } from '../engine/types';

/** Where the paths start and what moves them (shared by every sweep, pathSweep.ts). */
export interface PathRun {
  problem: Problem;
  flow: FlowKind;
  eta: number;
  epsSwitch: number;
  /** θ at step 0. */
  start: Float64Array;
  /** The running method, then the compared one (if any). */
  methods: MethodSpec[];
}

export interface CpuPathOptions extends PathRun {
  /** The sample steps b_0 = 0 < b_1 < … < b_S. */
  steps: Int32Array;
}

/** (x, y) of θ at every sample step, one array per method (the first two coordinates of θ). */
export async function cpuPaths(o: CpuPathOptions): Promise<Float64Array[]> {
  const out: Float64Array[] = [];
  for (const method of o.methods) {
    const e = createCpuEngine({
      problem: o.problem,
      method,
      flow: o.flow,
      eta: o.eta,
      epsSwitch: o.epsSwitch,
      starts: Float64Array.from(o.start),
    });
    const path = new Float64Array(2 * o.steps.length);
    path.set(o.start.subarray(0, 2));
    try {
      for (let k = 1; k < o.steps.length; k++) {
        await e.advance(o.steps[k] - o.steps[k - 1]);
        const th = await e.thetas();
        path[2 * k] = th[0];
        path[2 * k + 1] = th[1];
      }
    } finally {
      e.dispose();
    }
    out.push(path);
  }
  return out;
}
