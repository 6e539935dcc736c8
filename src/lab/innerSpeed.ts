/**
 * Inner convergence speed of interaction matrices (issue 13, item 3), in two forms: steps to a
 * tolerance, which a horizon caps ("not reached" is reported as null, never as H), and a rate,
 * which no horizon caps.
 *
 * For every start, e_t is read after every step t = 1 … H (default H = 1000):
 *   'movement': e_t = ‖θ_t − θ_{t−1}‖₂, e_ref = e_1, t_ref = 1 (convergence to the flow's own
 *               fixed point, which for A ≠ 0 need not be θ*);
 *   'gap':      e_t = F(θ_t) − F*, e_ref = e_0, t_ref = 0 (convergence to the minimiser of F).
 * Steps: the first t with e_t ≤ relTol·e_ref (relTol default 10⁻⁶), mean over starts; null if a
 * start does not get there within H.
 * Rate: per start r = ln(e_ref / max(e_τ, relTol·e_ref)) / (τ − t_ref), the mean decrease of
 * ln e_t per step from t_ref to τ = the step that reached the tolerance, or H when none did;
 * mean over starts; null where a start diverged or e_ref = 0. When every start reaches the
 * tolerance, r = ln(1/relTol) / (steps − t_ref), so rate ratios and step ratios then agree.
 *
 * The CPU steps with fastMetaEvaluator's float64 stepper; the GPU (or `viaEngine`) runs
 * matrices × starts as engine worlds, batched where the engine records rows with the movement
 * (innerSpeedEngine.ts; innerSpeedRun says which route ran).
 */
import { InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import { type Backend, WorldStatus } from '../engine/types';
import { interactionStepper } from './fastMetaEvaluator';
import { engineTracks, type InnerSpeedRoute, observe, type WorldTrack } from './innerSpeedEngine';

export type { InnerSpeedRoute } from './innerSpeedEngine';

export interface InnerSpeedOptions {
  on: 'movement' | 'gap';
  eta: number;
  gating: 'conflicting' | 'all';
  horizon?: number;
  relTol?: number;
  backend?: Backend;
  /** Run as engine worlds on the CPU too (the route the GPU takes; tests compare the two). */
  viaEngine?: boolean;
  /** GPU: the device to run on (default: a device of its own). */
  device?: GPUDevice;
  /** Tests: the GPU engine's summary rows and ring are filled with this value before the run. */
  poison?: number;
}

export interface InnerSpeed {
  /** Mean steps to the tolerance over starts; null when a start does not reach it. */
  steps: number | null;
  /** Mean decrease of ln e_t per step (module comment); null when undefined. */
  rate: number | null;
}

function summarise(
  tracks: readonly WorldTrack[],
  matrices: number,
  S: number,
  H: number,
  tRef: number,
  relTol: number,
): InnerSpeed[] {
  return Array.from({ length: matrices }, (_, m) => {
    let steps = 0;
    let rate = 0;
    let allReached = true;
    let rateDefined = true;
    for (let s = 0; s < S; s++) {
      const w = tracks[m * S + s];
      if (w.reached < 0) allReached = false;
      else steps += w.reached;
      const tau = w.reached >= 0 ? w.reached : H;
      if (w.diverged || !(w.ref > 0) || tau <= tRef || !Number.isFinite(w.last)) {
        rateDefined = false;
        continue;
      }
      rate += Math.log(w.ref / Math.max(w.last, relTol * w.ref)) / (tau - tRef);
    }
    return {
      steps: allReached ? steps / S : null,
      rate: rateDefined ? rate / S : null,
    };
  });
}

export async function innerSpeed(
  problem: Problem,
  matrices: readonly Float64Array[],
  o: InnerSpeedOptions,
): Promise<InnerSpeed[]> {
  return (await innerSpeedRun(problem, matrices, o)).speeds;
}

/** innerSpeed with the route that measured it (innerSpeedEngine.ts). */
export async function innerSpeedRun(
  problem: Problem,
  matrices: readonly Float64Array[],
  o: InnerSpeedOptions,
): Promise<{ speeds: InnerSpeed[]; route: InnerSpeedRoute }> {
  const H = o.horizon ?? 1000;
  const relTol = o.relTol ?? 1e-6;
  if (o.on === 'gap' && problem.Fstar === null) {
    throw new InputError('on', 'inner speed on F − F* needs F*; use "movement"');
  }
  const tRef = o.on === 'gap' ? 0 : 1;
  const S = problem.starts().length;
  const { tracks, route } =
    (o.backend ?? 'cpu') === 'cpu' && !o.viaEngine
      ? { tracks: cpuTracks(problem, matrices, o, H, relTol), route: 'cpu' as const }
      : await engineTracks(problem, matrices, o, H, relTol);
  return { speeds: summarise(tracks, matrices.length, S, H, tRef, relTol), route };
}

/**
 * The tracks on the CPU: the float64 stepper of fastMetaEvaluator.ts, one world at a time, each
 * e_t folded in by the engine route's own rule (observe); a non-finite e_t is a divergence.
 */
function cpuTracks(
  problem: Problem,
  matrices: readonly Float64Array[],
  o: InnerSpeedOptions,
  H: number,
  relTol: number,
): WorldTrack[] {
  const { K, d } = problem;
  const Fstar = problem.Fstar ?? 0;
  const tRef = o.on === 'gap' ? 0 : 1;
  const step = interactionStepper(K, d, o.gating);
  const F = (theta: Float64Array) => problem.losses(theta).reduce((a, b) => a + b, 0) - Fstar;
  const status = new Uint8Array(1);
  const out: WorldTrack[] = [];
  for (const A of matrices) {
    for (const s of problem.starts()) {
      let theta = Float64Array.from(s);
      const track: WorldTrack[] = [{ reached: -1, ref: 0, last: 0, diverged: false }];
      const tr = track[0];
      status[0] = WorldStatus.ok;
      if (o.on === 'gap') observe(track, 0, status, () => F(theta), tRef, relTol);
      for (let t = 1; t <= H && tr.reached < 0 && !tr.diverged; t++) {
        const next = step(A, theta, problem.gradients(theta), o.eta, t - 1);
        let e: number;
        if (o.on === 'gap') e = F(next);
        else {
          let q = 0;
          for (let k = 0; k < d; k++) q += (next[k] - theta[k]) ** 2;
          e = Math.sqrt(q);
        }
        status[0] = Number.isFinite(e) ? WorldStatus.ok : WorldStatus.diverged;
        observe(track, t, status, () => e, tRef, relTol);
        theta = next;
      }
      out.push(tr);
    }
  }
  return out;
}
