/**
 * One α sweep split over the workers of the pool: the worlds are independent (same start, own
 * α, the float64 CPU engine advances each on its own), so contiguous shares of the α grid run as
 * separate jobs and their per-world results are put back side by side; the merged result is the
 * one sweep's, world for world. While they run, each share's checkpoints update its slice of a
 * merged partial result; its `step` is the smallest step any share has reached.
 */
import { type AlphaSweepResult, emptySweep } from '../lab/alphaSweep';

/** [from, to) world ranges: `parts` contiguous shares of W worlds, each of at least `min`. */
export function shares(W: number, parts: number, min = 2): [number, number][] {
  const n = Math.max(1, Math.min(parts, Math.floor(W / min)));
  const out: [number, number][] = [];
  for (let p = 0; p < n; p++) {
    out.push([Math.floor((p * W) / n), Math.floor(((p + 1) * W) / n)]);
  }
  return out;
}

/** An empty merged result for W worlds of α values `alpha`. */
export function mergedSweep(
  alpha: Float64Array,
  measure: AlphaSweepResult['measure'],
  tol: number,
): AlphaSweepResult {
  return emptySweep('cpu', alpha, measure, tol);
}

/** Copies share `part` (worlds from `from` on) into `into`'s per-world arrays. */
export function placeShare(into: AlphaSweepResult, part: AlphaSweepResult, from: number): void {
  into.stepsToTol.set(part.stepsToTol, from);
  into.finalB.set(part.finalB, from);
  into.finalGap.set(part.finalGap, from);
  into.finalF.set(part.finalF, from);
  into.status.set(part.status, from);
}

/** The whole sweep from its finished shares, in world order, with θ of dimension d. */
export function joinShares(
  into: AlphaSweepResult,
  parts: readonly AlphaSweepResult[],
  ranges: readonly [number, number][],
  d: number,
  elapsedMs: number,
): AlphaSweepResult {
  const thetas = new Float64Array(into.W * d);
  const diverged: number[] = [];
  let undefinedB = 0;
  let step = Number.POSITIVE_INFINITY;
  parts.forEach((part, p) => {
    const from = ranges[p][0];
    placeShare(into, part, from);
    thetas.set(part.thetas, from * d);
    for (const w of part.diverged) diverged.push(w + from);
    undefinedB += part.undefinedB;
    step = Math.min(step, part.step);
  });
  return { ...into, step, thetas, diverged, undefinedB, elapsedMs };
}
