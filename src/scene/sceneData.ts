/**
 * What the scene draws for one snapshot of world 0, in display units: the frame (direct for
 * d ≤ 3, principal subspace for d > 3, src/core/subspace.ts), arrow tips of g_i, g'_i and d/K,
 * and the conflicting pairs with their angles. Display scale: the largest raw norm max_i ‖g_i‖
 * (true norm in R^d, √G_ii) is drawn at length 1; the direction is drawn as d/K, the mean of the
 * projected gradients (for `mgda` that is the min-norm point), so it shares the arrows' scale.
 * Arc angles are the true angles in R^d; in a principal subspace the drawn arcs are their shadows.
 */

import { requireFinite } from '../core/errors';
import {
  type ConflictPair,
  conflictPairs,
  type SceneFrame,
  sceneFrame,
  toFrame,
} from '../core/subspace';
import type { WorldView } from '../state/runStore';

export interface SceneSnapshot {
  readonly K: number;
  readonly d: number;
  readonly frame: SceneFrame;
  /** Raw gradient tips, K×3, display units. */
  readonly raw: Float64Array;
  /** Projected gradient tips, K×3, display units. */
  readonly projected: Float64Array;
  /** d/K, 3 entries, display units. */
  readonly direction: Float64Array;
  /** max_i ‖g_i‖, the norm drawn at length 1 (0 when every gradient is zero). */
  readonly maxNorm: number;
  readonly pairs: ConflictPair[];
}

/**
 * Builds the snapshot from a world view. `previous` is the last snapshot's frame: its axes fix
 * the signs of new principal axes, and when `refreshFrame` is false (and the dimension is the
 * same) it is reused as is, so the K×K eigen-decomposition need not run on every frame.
 * Throws InputError (from the core) on malformed or non-finite views; the caller keeps the last
 * good snapshot then. `fixedNorm` (the sandbox: 1) draws that norm at length 1 instead of the
 * largest raw norm, so a dragged tip stays under the pointer.
 */
export function buildSnapshot(
  view: WorldView,
  K: number,
  d: number,
  tau: number,
  previous: SceneFrame | null,
  refreshFrame = true,
  fixedNorm?: number,
): SceneSnapshot {
  requireFinite(view.gradients, 'gradients');
  requireFinite(view.projected, 'projected');
  requireFinite(view.direction, 'direction');
  const frame =
    !refreshFrame && previous && previous.d === d
      ? previous
      : sceneFrame({ K, d, g: view.gradients }, previous?.d === d ? previous.basis : null);
  let maxNorm = 0;
  for (let i = 0; i < K; i++) {
    maxNorm = Math.max(maxNorm, Math.sqrt(Math.max(view.G[i * K + i], 0)));
  }
  const unit = fixedNorm && fixedNorm > 0 ? fixedNorm : maxNorm;
  const s = unit > 0 ? 1 / unit : 1;
  const raw = toFrame(frame, view.gradients, K).map((x) => x * s);
  const projected = toFrame(frame, view.projected, K).map((x) => x * s);
  const direction = toFrame(frame, view.direction, 1).map((x) => (x * s) / K);
  const pairs = conflictPairs(view.G, view.C, K, tau);
  return { K, d, frame, raw, projected, direction, maxNorm: unit, pairs };
}

/** The on-screen sentence describing the frame. */
export function frameCaption(snap: SceneSnapshot): string {
  const { frame, d } = snap;
  if (frame.direct) return `Gradients in R${d === 2 ? '²' : '³'}, drawn directly`;
  return `3-D principal subspace of the gradients (d = ${d}), ${Math.round(frame.share * 100)}% of variance`;
}
