/**
 * The inner-speed tracks (innerSpeed.ts) on the engine: matrices × starts as worlds of one
 * engine, e_t read for every world at every step t = 0 … H.
 *
 * Batched route ('engine-batched'): the engine records a summary row every step
 * (recordEvery = 1, movedNorm 'l2') and recordedRun.ts drives it, so on the GPU's multi-step
 * path one dispatch advances a whole batch and one read-back returns its rows:
 *   'gap':      e_t = F_t − F* from row t;
 *   'movement': e_t = ‖θ_t − θ_{t−1}‖₂ = row t's `moved` (rows every step).
 * Per-step route ('engine-per-step'): the engine advances one step at a time and θ is read after
 * every step, e_t = ‖θ_t − θ_{t−1}‖₂ computed here; taken for 'movement' where the rows carry
 * no `moved` (the GPU's per-step path, larger worlds) or the engine records no rows.
 * Both routes stop once every world has reached the tolerance or diverged.
 */
import type { Problem } from '../core/problems/types';
import { createEngine } from '../engine/index';
import { type Engine, type Summaries, WorldStatus, type WorldsConfig } from '../engine/types';
import type { InnerSpeedOptions } from './innerSpeed';
import { recordedRun } from './recordedRun';

/** Per world: the step that reached the tolerance (−1: none), e_ref and the last e_t read. */
export interface WorldTrack {
  reached: number;
  ref: number;
  last: number;
  diverged: boolean;
}

/** How the tracks were measured: the float64 stepper, or engine worlds batched / per step. */
export type InnerSpeedRoute = 'cpu' | 'engine-batched' | 'engine-per-step';

export interface EngineTracks {
  tracks: WorldTrack[];
  route: Exclude<InnerSpeedRoute, 'cpu'>;
}

/**
 * Folds e_t of every world at step t into the tracks (e(w) is read only for worlds still
 * running; a world whose status is 'diverged' at t is marked so); returns how many finished.
 * e_ref is e at t = tRef; a world reaches the tolerance at the first t with e_t ≤ relTol·e_ref.
 */
export function observe(
  tracks: WorldTrack[],
  t: number,
  status: Uint8Array,
  e: (w: number) => number,
  tRef: number,
  relTol: number,
): number {
  let finished = 0;
  for (let w = 0; w < tracks.length; w++) {
    const tr = tracks[w];
    if (tr.reached >= 0 || tr.diverged) continue;
    if (status[w] === WorldStatus.diverged) {
      tr.diverged = true;
      finished++;
      continue;
    }
    if (t < tRef) continue;
    const v = e(w);
    if (t === tRef) tr.ref = v;
    tr.last = v;
    if (v <= relTol * tr.ref) {
      tr.reached = t;
      finished++;
    }
  }
  return finished;
}

export async function engineTracks(
  problem: Problem,
  matrices: readonly Float64Array[],
  o: InnerSpeedOptions,
  H: number,
  relTol: number,
): Promise<EngineTracks> {
  const { K, d } = problem;
  const starts = problem.starts();
  const S = starts.length;
  const W = matrices.length * S;
  const thetas = new Float64Array(W * d);
  const A = new Float64Array(W * K * K);
  for (let m = 0; m < matrices.length; m++) {
    for (let s = 0; s < S; s++) {
      thetas.set(starts[s], (m * S + s) * d);
      A.set(matrices[m], (m * S + s) * K * K);
    }
  }
  const backend = o.backend ?? 'cpu';
  // The GPU's per-step path (larger worlds) records rows without `moved`.
  let perStepGpu = false;
  if (backend === 'gpu') {
    const { choosePath } = await import('../gpu/worldsConfig');
    perStepGpu = choosePath(K, d) === 'per-step';
  }
  const record = o.on === 'gap' || !perStepGpu;
  const cfg: WorldsConfig = {
    problem,
    method: { id: 'interaction', gating: o.gating },
    A,
    flow: 'loss',
    eta: o.eta,
    starts: thetas,
    ...(record ? { recordEvery: 1, movedNorm: 'l2' as const } : {}),
  };
  const engine = await createEngine(backend, cfg, o.device ? { device: o.device } : undefined);
  if (o.poison !== undefined && 'poisonOutputs' in engine) {
    (engine as Engine & { poisonOutputs(v: number): void }).poisonOutputs(o.poison);
  }
  const tracks: WorldTrack[] = Array.from({ length: W }, () => ({
    reached: -1,
    ref: 0,
    last: 0,
    diverged: false,
  }));
  const tRef = o.on === 'gap' ? 0 : 1;
  const Fstar = problem.Fstar ?? 0;
  try {
    if (record && engine.history) {
      let left = W;
      await recordedRun(
        engine,
        H,
        1,
        (rows) => {
          for (const r of rows) {
            if (left === 0) return;
            const e = rowError(r, o.on, Fstar);
            left -= observe(tracks, r.step, r.status, e, tRef, relTol);
          }
        },
        () => undefined,
        () => left === 0,
      );
      return { tracks, route: 'engine-batched' };
    }
    await perStepTracks(engine, tracks, o, H, relTol, Fstar);
    return { tracks, route: 'engine-per-step' };
  } finally {
    engine.dispose();
  }
}

/** e_t of world w from a recorded row (module comment). */
function rowError(r: Summaries, on: 'gap' | 'movement', Fstar: number): (w: number) => number {
  if (on === 'gap') return (w) => r.F[w] - Fstar;
  const moved = r.moved;
  if (!moved) throw new Error(`the row at step ${r.step} carries no movement`);
  return (w) => moved[w];
}

/** The per-step route: one step, the summaries and (for 'movement') θ read after each. */
async function perStepTracks(
  engine: Engine,
  tracks: WorldTrack[],
  o: InnerSpeedOptions,
  H: number,
  relTol: number,
  Fstar: number,
): Promise<void> {
  const d = engine.d;
  const tRef = o.on === 'gap' ? 0 : 1;
  let prev = await engine.thetas();
  let left = tracks.length;
  for (let t = 0; t <= H && left > 0; t++) {
    if (t > 0) await engine.advance(1);
    const sm = await engine.summaries();
    const cur = o.on === 'movement' && t > 0 ? await engine.thetas() : prev;
    const e =
      o.on === 'gap'
        ? (w: number) => sm.F[w] - Fstar
        : (w: number) => {
            let q = 0;
            for (let k = 0; k < d; k++) q += (cur[w * d + k] - prev[w * d + k]) ** 2;
            return Math.sqrt(q);
          };
    left -= observe(tracks, t, sm.status, e, tRef, relTol);
    prev = cur;
  }
}
