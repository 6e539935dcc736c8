/**
 * The run-store update for one read-back: the latest summary and one more series sample when the
 * run advanced since the last sample; when the read-back carried the view of world 0 (null: a
 * summaries-only read), also the view, its cosine matrix, a trajectory point, and the comparison
 * world's view and path; for a 2-D problem also the compared path's F = Σ_i L_i(θ) and F − F*,
 * evaluated here from its θ (the compared engine reports no summaries to the view).
 */
import { cosineFromGram } from '../core/gram';
import type { Problem } from '../core/problems/types';
import type { Summaries, WorldView } from '../engine/types';
import { appendTrajectory, type RunState } from './runStore';
import { appendSeries, type Series } from './series';

export function snapshotPatch(
  run: RunState,
  problem: Problem,
  s: Summaries,
  view: WorldView | null,
  step: number,
  compareView: WorldView | null,
): Partial<RunState> {
  const lastStep = run.series.length ? run.series.step[run.series.length - 1] : -1;
  const advanced = step > lastStep;
  const K = problem.K;
  const F = s.F[0];
  // F − F* where F* is known; NaN (not drawn) otherwise.
  const gap = problem.Fstar === null ? Number.NaN : F - problem.Fstar;
  const path = view !== null && problem.d === 2 && advanced && step > 0;
  const patch: Partial<RunState> = {
    step,
    version: run.version + 1,
    ...(view ? { view, cos: cosineFromGram(view.G, K) } : {}),
    latest: {
      B: s.B[0],
      I: s.I[0],
      F,
      gap,
      conflicts: s.conflicts[0],
      status: s.status[0],
      switchStep: s.switchStep[0],
    },
    series: advanced
      ? appendSeries(run.series, {
          step,
          B: s.B[0],
          I: s.I[0],
          F,
          gap,
          losses: s.losses.subarray(0, K),
        })
      : run.series,
  };
  if (path) patch.trajectory = appendTrajectory(run.trajectory, view.theta[0], view.theta[1]);
  if (run.compare && compareView) {
    patch.compare = {
      ...run.compare,
      view: compareView,
      trajectory: path
        ? appendTrajectory(run.compare.trajectory, compareView.theta[0], compareView.theta[1])
        : run.compare.trajectory,
      series: path
        ? compareSample(run.compare.series, problem, compareView, step)
        : run.compare.series,
    };
  }
  return patch;
}

/** One more sample of the compared path: its losses at θ, F = Σ_i L_i and F − F* (B, I: NaN). */
function compareSample(series: Series, problem: Problem, view: WorldView, step: number): Series {
  const losses = problem.losses(view.theta);
  let F = 0;
  for (let i = 0; i < losses.length; i++) F += losses[i];
  const gap = problem.Fstar === null ? Number.NaN : F - problem.Fstar;
  return appendSeries(series, { step, B: Number.NaN, I: Number.NaN, F, gap, losses });
}
