/**
 * Views of the live run: reads summaries (always) and the views (world 0, the comparison) after
 * each batch, when the run is small, or every READ_INTERVAL_MS, into the run store; recomputes
 * the view at the θ on screen when a method changes (the arrows follow a new α within a frame,
 * without a read-back); and asks for both paths of a 2-D problem with the methods as they are.
 * Contract: a view read before a newer method change is recomputed at its θ with the method
 * now set (methodSeq), so the newest value always wins; each publication records both engines'
 * states at that step (shown), the state pause returns to.
 */

import type { MethodSpec } from '../core/types';
import { inspectWorld } from '../engine/cpuEngine';
import type { Engine, WorldsConfig, WorldView } from '../engine/types';
import { getSharedDevice } from '../ui/gpu';
import { useConfigStore } from './configStore';
import { shownState } from './liveEngines';
import { compareSpec } from './runConfig';
import {
  GPU_STATE_D,
  MIN_PATH_HORIZON,
  READ_INTERVAL_MS,
  RunnerState,
  SMALL_VIEW,
} from './runnerState';
import { useRunStore } from './runStore';
import { snapshotPatch } from './snapshot';

export abstract class RunnerView extends RunnerState {
  /**
   * Recomputes the view at the θ on screen (the last read back) with the method now set, so the
   * arrows show a new α within a frame, paused or playing; the next read-back brings the newer θ.
   */
  protected showKnownTheta(): boolean {
    const problem = this.problem;
    if (!problem || !this.thetaKnown) return false;
    // Large runs pay a full projection on this thread: only when θ is current (paused).
    if (problem.K * problem.d > SMALL_VIEW && this.thetaStep !== this.engineStep) return false;
    const run = useRunStore.getState();
    if (run.status === 'diverged') return false;
    const c = useConfigStore.getState().config;
    try {
      const view = this.viewAt(this.thetaKnown, this.specFor(c, problem.K));
      const patch: Partial<typeof run> = {
        view,
        version: run.version + 1,
        viewMethod: view.method,
      };
      if (run.compare && this.compareThetaKnown && c.compare !== 'none') {
        const cv = this.viewAt(this.compareThetaKnown, compareSpec(c, problem.K));
        patch.compare = { ...run.compare, view: cv };
      }
      run.set(patch);
      return true;
    } catch {
      // A θ whose gradients are not finite: the next read-back decides (diverged or not).
      return false;
    }
  }

  /** 2-D problems: re-sweeps both paths from the start with the methods as they are now. */
  protected requestPaths(): void {
    const problem = this.problem;
    if (problem?.d !== 2 || !this.start0 || !this.engine) return;
    const c = useConfigStore.getState().config;
    const methods = [this.specFor(c, problem.K)];
    if (c.compare !== 'none') methods.push(compareSpec(c, problem.K));
    const backend = this.engine.backend;
    this.sweeper.request({
      problem,
      flow: c.flow,
      eta: c.eta,
      epsSwitch: c.epsSwitch,
      start: this.start0,
      methods,
      horizon: Math.max(MIN_PATH_HORIZON, useRunStore.getState().step),
      backend,
      device: backend === 'gpu' ? (getSharedDevice() ?? undefined) : undefined,
    });
  }

  /** True when the run was paused after its batch was dispatched (that batch is not shown). */
  /**
   * The comparison's view (when `withView`); with `stateRead` (GPU) from a read of its full state
   * (θ, phases, statuses: what pause returns to) and the float64 core at that θ and step, which is
   * what the GPU engine's inspect computes, so the state costs no read-back beyond the view's.
   */
  private async compareRead(
    compare: Engine,
    withView: boolean,
    stateRead: boolean,
  ): Promise<WorldView | null> {
    if (!stateRead) return withView ? compare.inspect(0) : null;
    const theta = (await compare.thetas()).slice(0, compare.d);
    if (!withView) return null;
    const c = useConfigStore.getState().config;
    const step = compare.lastState()?.step ?? 0;
    const cfg = { problem: this.problem! } as WorldsConfig;
    const spec = compareSpec(c, compare.K);
    return inspectWorld(cfg, spec, undefined, undefined, 0, theta, undefined, step);
  }

  protected pausedInFlight(): boolean {
    return useRunStore.getState().status === 'paused' && this.shown !== null;
  }

  /**
   * Reads summaries (always) and the views (world 0, comparison) when `full`, when the run is
   * small, or every READ_INTERVAL_MS, into the run store. A view read before a newer method
   * change is recomputed at its θ with the method now set, so the newest value always wins.
   */
  protected async read(full: boolean, playing = false): Promise<void> {
    const engine = this.engine;
    const problem = this.problem;
    if (!engine || !problem || this.suspended) return;
    const compare = this.compareEngine;
    const now = performance.now();
    const withView =
      full || problem.K * problem.d <= SMALL_VIEW || now - this.lastViewAt >= READ_INTERVAL_MS;
    const seq = this.methodSeq;
    const atStep = this.engineStep;
    // All read-backs at once; inspect may fail on a diverged world, which summaries report.
    const stateRead = compare?.backend === 'gpu' && compare.d <= GPU_STATE_D;
    const [s, inspected, compareView] = await Promise.all([
      engine.summaries(),
      withView ? Promise.allSettled([engine.inspect(0)]) : null,
      compare && (withView || stateRead)
        ? this.compareRead(compare, withView, stateRead).catch(() => null)
        : null,
    ]);
    if (engine !== this.engine) return;
    if (playing && this.pausedInFlight()) return this.rewind();
    const run = useRunStore.getState();
    const step = s.step + this.stepOffset;
    const got = inspected?.[0];
    const finite = got?.status === 'fulfilled' && got.value.theta.every(Number.isFinite);
    if (s.status[0] === 2 || (got?.status === 'fulfilled' && !finite)) {
      // Keep the last good view and series; mark and pause.
      run.set({ status: 'diverged', step, version: run.version + 1 });
      return;
    }
    if (got?.status === 'rejected') throw got.reason;
    const c = useConfigStore.getState().config;
    let view: (WorldView & { method?: MethodSpec }) | null = got ? got.value : null;
    let cview = compareView;
    if (view) {
      this.lastViewAt = now;
      this.thetaKnown = Float64Array.from(view.theta);
      this.thetaStep = atStep;
      this.lastGoodThetas = this.thetaKnown;
      if (seq !== this.methodSeq) view = this.viewAt(view.theta, this.specFor(c, problem.K));
    }
    if (cview?.theta.every(Number.isFinite)) {
      this.compareThetaKnown = Float64Array.from(cview.theta);
      this.lastGoodCompare = this.compareThetaKnown;
      if (seq !== this.methodSeq && c.compare !== 'none')
        cview = this.viewAt(cview.theta, compareSpec(c, problem.K));
    }
    const patch = snapshotPatch(run, problem, s, view, step, cview);
    if (view) patch.viewMethod = view.method ?? this.specFor(c, problem.K);
    run.set(patch);
    const state = shownState({ engine, compare }, s.step);
    this.shown = state ? { state, engineStep: atStep } : null;
    const paths = run.paths;
    if (problem.d === 2 && paths && step > 1.5 * paths.horizon) this.requestPaths();
  }
}
