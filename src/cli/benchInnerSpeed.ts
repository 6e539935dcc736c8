/**
 * The inner-speed rows of `npm run bench` (src/cli/benchBatched.ts): the counts of GPU work of an
 * inner-speed run (src/lab/innerSpeed.ts, as claim im-3 and the meta run use it: three
 * interaction matrices × the problem's starts as worlds, H = 1000 steps, a summary row every
 * step read back once per batch) on e_t = F − F* and on e_t = ‖θ_t − θ_{t−1}‖₂, with the wall
 * times of the GPU and of the float64 CPU stepper in the same run. The run stops early once every
 * world reached the tolerance or diverged, so the world-steps are printed beside the counts.
 */
import { constantInteraction, curvatureBound } from '../core/meta/metaLearn';
import { createQuadraticGroups } from '../core/problems/quadraticGroups';
import { createRng } from '../core/rng';
import { diffCounters, GPU_TOTALS } from '../gpu/counters';
import type { GpuContext } from '../gpu/device';
import { innerSpeedRun } from '../lab/innerSpeed';
import type { CountRow } from './benchBatched';

export async function innerSpeedCounts(
  ctx: GpuContext,
  log: (s: string) => void,
): Promise<CountRow[]> {
  const K = 6;
  const problem = createQuadraticGroups({ K, d: 3, groups: 2, seed: 3 });
  const eta = 0.5 / curvatureBound(problem, problem.starts()[0]);
  const rng = createRng(4);
  const A = constantInteraction(K, 0);
  for (let k = 0; k < A.length; k++) if (k % (K + 1) !== 0) A[k] = rng.uniform(0, 1);
  const matrices = [A, constantInteraction(K, 0), constantInteraction(K, 1)];
  const W = matrices.length * problem.starts().length;
  const rows: CountRow[] = [];
  for (const on of ['gap', 'movement'] as const) {
    const o = { on, eta, gating: 'conflicting' as const, horizon: 1000, device: ctx.device };
    // Warm-up: the pipelines compile on first use.
    await innerSpeedRun(problem, matrices, { ...o, horizon: 5, backend: 'gpu' });
    const t = { ...GPU_TOTALS };
    const t0 = performance.now();
    const gpu = await innerSpeedRun(problem, matrices, { ...o, backend: 'gpu' });
    const gpuS = (performance.now() - t0) / 1000;
    const c = diffCounters({ ...GPU_TOTALS }, t);
    const t1 = performance.now();
    await innerSpeedRun(problem, matrices, { ...o, backend: 'cpu' });
    const cpuS = (performance.now() - t1) / 1000;
    rows.push({
      experiment: `inner speed on ${on === 'gap' ? 'F − F*' : '‖Δθ‖₂'}, interaction`,
      size: `W = ${W} (3 matrices × ${W / 3} starts), K = ${K}, d = 3, H = 1000, rows every step (${gpu.route})`,
      path: 'gpu-multi-step',
      c,
      gpuS,
      cpuS,
    });
    log(
      `inner speed ${on}: ${JSON.stringify(c)} GPU ${gpuS.toFixed(2)} s CPU ${cpuS.toFixed(2)} s`,
    );
  }
  return rows;
}
