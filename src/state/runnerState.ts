/**
 * The runner's state (runner.ts is the scheduler built on it): the live engines, the problem and
 * its start, what is owed and wanted, the θ on screen and the engine step it was read at, the
 * method sequence number and the latest-wins mailbox of method and η changes; and the two pure
 * helpers every layer uses: the running method as configured (with a live-learned A) and the
 * view of one θ with the float64 core. The runner is split by concern, each layer extending the
 * one before: state → views (runnerView.ts) → method changes (runnerMethod.ts) → engine
 * lifecycle (runnerEngines.ts) → batches and pause (runnerBatch.ts) → transport (runner.ts).
 */
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { inspectWorld } from '../engine/cpuEngine';
import type { Engine, WorldsConfig, WorldView } from '../engine/types';
import type { Config } from './configSchema';
import { FrameClock } from './frameClock';
import { LatestMailbox } from './latest';
import type { ShownState } from './liveEngines';
import { LiveMeta } from './liveMeta';
import { PathSweeper } from './pathSweep';
import { type Job, Pump } from './pump';
import { methodSpec } from './runConfig';
import { useRunStore } from './runStore';
import { StepBudget } from './stepBudget';

export const READ_INTERVAL_MS = 150;
export const MAX_BACKLOG_FRAMES = 4;
/** Runs with K·d up to this read the full view with every batch (else every READ_INTERVAL_MS). */
export const SMALL_VIEW = 4096;
/**
 * GPU engines with d up to this have their full state read with every summary read (gpuEngine.ts
 * SNAPSHOT_MAX for one world), so pause can return to the step shown; the comparison follows.
 */
export const GPU_STATE_D = 1 << 16;
/** Shortest horizon of a swept path (steps), so a run at step 0 already shows where it leads. */
export const MIN_PATH_HORIZON = 200;

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface Pending {
  method: Config;
  eta: number;
}

export abstract class RunnerState {
  protected engine: Engine | null = null;
  protected compareEngine: Engine | null = null;
  protected problem: Problem | null = null;
  protected start0: Float64Array | null = null;
  protected readonly pending = new LatestMailbox<Pending>();
  protected readonly pump = new Pump(
    () => this.nextJob(),
    (e) => this.failed(e),
  );
  protected readonly budget = new StepBudget();
  /** The method the budget's cost per step was measured with. */
  protected budgetMethod = '';
  protected readonly sweeper = new PathSweeper(
    (p) => {
      if (this.problem?.d === 2) useRunStore.getState().set({ paths: p });
    },
    () => useRunStore.getState().set({ paths: null }),
  );
  protected owed = 0;
  protected stepsWanted = 0;
  protected rebuildWanted = false;
  /** Engines are being replaced (rebuild, move to the CPU): method changes wait in `pending`. */
  protected replacing = false;
  protected lostReason: string | null = null;
  protected cpuOnlyMove = false;
  /** The run moved to the CPU because a CPU-only method was selected (until the next build). */
  protected cpuForMethod = false;
  protected raf = 0;
  protected lastViewAt = Number.NEGATIVE_INFINITY;
  protected viewDirty = false;
  /** Engine step (not offset) of the θ in `thetaKnown`, and the engine's dispatched step. */
  protected thetaStep = -1;
  protected engineStep = 0;
  protected thetaKnown: Float64Array | null = null;
  protected compareThetaKnown: Float64Array | null = null;
  /** Bumped by every method change: a read-back issued before a newer change is recomputed. */
  protected methodSeq = 0;
  protected stepOffset = 0;
  protected generation = 0;
  protected unsub: (() => void) | null = null;
  protected prevConfig: Config | null = null;
  protected suspended = false;
  protected lastGoodThetas: Float64Array | null = null;
  protected lastGoodCompare: Float64Array | null = null;
  /** Both engines' states at the step on screen, and that engine step (null: not known). */
  protected shown: { state: ShownState; engineStep: number } | null = null;
  protected readonly meta = new LiveMeta();
  readonly clock = new FrameClock();

  /** The engine's method: the configured one, with the live-learned A while learning. */
  protected specFor(c: Config, K: number): MethodSpec {
    const spec = methodSpec(c, K);
    const A = this.meta.A;
    return A ? { ...spec, A } : spec;
  }

  /** World view at θ with `spec` (the float64 core, as engine.inspect computes it). */
  protected viewAt(theta: Float64Array, spec: MethodSpec): WorldView & { method: MethodSpec } {
    const cfg = { problem: this.problem! } as WorldsConfig;
    return { ...inspectWorld(cfg, spec, undefined, undefined, 0, theta), method: spec };
  }

  /** The next job, from the newest state (pump.ts); null when nothing is due. */
  protected abstract nextJob(): Job | null;
  /** A job failed. */
  protected abstract failed(e: unknown): void;
  /** Re-sweeps both paths (2-D problems) with the methods as they are now. */
  protected abstract requestPaths(): void;
  /** Returns the engines to the state on screen (pause while a batch is in flight). */
  protected abstract rewind(): Promise<void>;
}
