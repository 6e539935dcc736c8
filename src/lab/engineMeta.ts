/**
 * The meta-gradient's batch on an engine (MATH.md §6: "2K(K−1) rollouts per cycle, a natural GPU
 * batch"): every perturbed matrix × every start is one world with its own A, advanced T steps of
 * loss-flow with `interaction(A)` in one engine. The rollouts are then scored by the core's
 * metaLoss, exactly as the CPU evaluator scores its own rollouts. B_t of every step is needed
 * only for the mean-log-B meta-loss (recorded by the engine every step, read once per batch);
 * the others need θ_T alone.
 */
import { InputError } from '../core/errors';
import { metaLoss, type ResolvedMetaOptions, type StartRollout } from '../core/meta/index';
import { createEngine } from '../engine/index';
import { type Backend, type Summaries, WorldStatus } from '../engine/types';
import { recordedRun } from './recordedRun';

export type BatchEvaluator = (matrices: Float64Array[]) => Promise<Float64Array>;

export function engineMetaEvaluator(
  backend: Backend,
  o: ResolvedMetaOptions,
  device?: GPUDevice,
): BatchEvaluator {
  const { problem, starts, T } = o;
  const { K, d } = problem;
  const S = starts.length;
  return async (matrices) => {
    const n = matrices.length;
    const W = n * S;
    const thetas0 = new Float64Array(W * d);
    const A = new Float64Array(W * K * K);
    for (let k = 0; k < n; k++) {
      for (let s = 0; s < S; s++) {
        thetas0.set(starts[s], (k * S + s) * d);
        A.set(matrices[k], (k * S + s) * K * K);
      }
    }
    const method = {
      id: 'interaction' as const,
      gating: o.gating,
      ...(o.tau !== undefined ? { tau: o.tau } : {}),
    };
    const engine = await createEngine(
      backend,
      {
        problem,
        method,
        A,
        flow: 'loss',
        eta: o.eta,
        starts: thetas0,
        ...(o.loss === 'mean-log-b' ? { recordEvery: 1 } : {}),
      },
      device ? { device } : undefined,
    );
    try {
      const everyStep = o.loss === 'mean-log-b';
      const B: (number | null)[][] = Array.from({ length: W }, () =>
        new Array<number | null>(T + 1).fill(null),
      );
      const F: Float64Array[] = Array.from({ length: W }, () => new Float64Array(T + 1));
      const store = (sm: Summaries) => {
        for (let w = 0; w < W; w++) {
          if (sm.status[w] === WorldStatus.diverged) {
            throw new InputError(
              'eta',
              `the inner rollout diverged for this A (world ${w} at step ${sm.step}); lower η`,
            );
          }
          B[w][sm.step] = sm.status[w] === WorldStatus.ok ? sm.B[w] : null;
          F[w][sm.step] = sm.F[w];
        }
      };
      // The summaries and θ at step T.
      const lastRow: { r: Summaries | null } = { r: null };
      let thetas: Float64Array | null = null;
      if (everyStep) {
        // Every step's row from the engine's recorded rows, θ at T with the last of them: one
        // read-back per batch on the GPU.
        thetas = await recordedRun(
          engine,
          T,
          1,
          (rows) => {
            for (const r of rows) {
              store(r);
              lastRow.r = r;
            }
          },
          () => undefined,
        );
      } else {
        store(await engine.summaries());
        if (T > 0) {
          await engine.advance(T);
          store(await engine.summaries());
        }
      }
      const sm = lastRow.r?.step === T ? lastRow.r : await engine.summaries();
      thetas ??= await engine.thetas();
      const out = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        const rollouts: StartRollout[] = [];
        for (let s = 0; s < S; s++) {
          const w = k * S + s;
          const theta = thetas.slice(w * d, (w + 1) * d);
          rollouts.push({
            theta,
            B: B[w],
            F: F[w],
            losses: sm.losses.slice(w * K, (w + 1) * K),
            gradients: problem.gradients(theta),
          });
        }
        out[k] = metaLoss(o.loss, rollouts, problem);
      }
      return out;
    } finally {
      engine.dispose();
    }
  };
}
