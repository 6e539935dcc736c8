/**
 * The runner: a scheduler, not a queue. It builds the problem and the engines from the
 * configuration and, while playing, advances them in batches driven by animation frames; it
 * publishes every batch's summaries (and the view of world 0) to the run store.
 *
 * - One job at a time (pump.ts), chosen when the previous one ends from the newest state, so no
 *   stale value is ever applied after a newer one: configuration changes wait in a latest-wins
 *   mailbox (latest.ts) only while the engines are being replaced, else they apply at once.
 * - A method change (α, τ, c, mode, gating, A …) calls engine.setMethod immediately: the next
 *   dispatched step uses it, no reset, no read-back awaited. The view shows the new g'_i at once,
 *   computed at the θ on screen (for K·d > SMALL_VIEW only while that θ is current, i.e. paused;
 *   else with the next read-back); a read-back that lands after a newer method change is
 *   recomputed at its θ with the newest method before it is shown.
 * - A batch is dispatched only after the previous batch's read-back landed, so no backlog can
 *   build on the GPU queue; each frame owes stepsPerFrame steps (at most MAX_BACKLOG_FRAMES
 *   frames' worth), lowered on the CPU by the frame budget (stepBudget.ts).
 * - Play, pause, step and reset act at once: pause drops what is owed and stops at the step on
 *   screen: a batch in flight when Pause is clicked lands unseen and the engines are rewound to
 *   the state read with the view on screen (liveEngines.ts restoreLiveEngines), so Play and Step
 *   continue from exactly what is shown; step and reset run as the next job.
 * - A lost GPU device (at any moment) moves both engines to the CPU from the last consistent
 *   state, keeps the transport as it was, and gives one notice (deviceLoss.ts).
 * - 2-D problems: each method change re-sweeps both paths from the start (pathSweep.ts).
 *
 * The runner is split by concern, each layer extending the one before: runnerState.ts (state),
 * runnerView.ts (views and paths), runnerMethod.ts (method and η changes), runnerEngines.ts
 * (engine lifecycle, device loss), runnerBatch.ts (batches, pause at the step shown), and this
 * file: the transport and the choice of the next job.
 */

import type { Config } from './configSchema';
import { useConfigStore } from './configStore';
import { isCancelledRead } from './deviceLoss';
import type { Job } from './pump';
import { classifyChange } from './runConfig';
import { RunnerBatch } from './runnerBatch';
import { errorText, MAX_BACKLOG_FRAMES } from './runnerState';
import { useRunStore } from './runStore';
import { BUDGET_MS, budgetNotice } from './stepBudget';

export { MAX_BACKLOG_FRAMES, MIN_PATH_HORIZON, READ_INTERVAL_MS } from './runnerState';
export { BUDGET_MS };

export class Runner extends RunnerBatch {
  /** Starts following the configuration store and the animation loop. */
  start(): void {
    this.prevConfig = useConfigStore.getState().config;
    this.unsub = useConfigStore.subscribe((s) => {
      if (!this.suspended) this.follow(s.config);
    });
    this.requestRebuild();
    const loop = (t: number) => {
      this.clock.tick(t);
      this.frame();
      this.raf = requestAnimationFrame(loop);
    };
    this.raf = requestAnimationFrame(loop);
  }

  /** Applies a configuration change: method and η at once, a rebuild as the next job. */
  private follow(next: Config): void {
    const prev = this.prevConfig;
    if (next === prev || !prev) return;
    const change = classifyChange(prev, next);
    this.prevConfig = next;
    if (change.has('rebuild') || change.has('compare')) {
      this.requestRebuild();
      return;
    }
    if (change.has('method')) this.pending.offer('method', next);
    if (change.has('eta')) this.pending.offer('eta', next.eta);
    this.applyPending();
    this.pump.kick();
  }

  /**
   * Stops the engine for an imported gradient set (no θ, no flow): pauses, lets the job in
   * flight finish, then ignores the configuration and the transport until resume(). The engine
   * and its state are kept, so resume() continues the same run.
   */
  async suspend(): Promise<void> {
    this.pause();
    this.suspended = true;
    this.sweeper.cancel();
    await this.pump.idle();
  }

  /** Ends suspend(): applies the configuration changes made meanwhile (rebuild or method). */
  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    this.follow(useConfigStore.getState().config);
    // A sweep cancelled by suspend() runs again.
    if (!this.rebuildWanted) this.requestPaths();
    this.pump.kick();
  }

  /** True between suspend() and resume(). */
  get isSuspended(): boolean {
    return this.suspended;
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.unsub?.();
    this.unsub = null;
    this.generation++;
    this.sweeper.cancel();
    this.engine?.dispose();
    this.compareEngine?.dispose();
    this.engine = this.compareEngine = null;
  }

  play(): void {
    if (this.suspended) return;
    const s = useRunStore.getState();
    // Before the engine exists (first build, rebuild) the frames simply wait for it.
    if (s.status === 'diverged') return;
    s.set({ status: 'running' });
  }

  /**
   * Stops at once at the step on screen: nothing more is dispatched, and a batch already in
   * flight lands unseen and is rewound (batch, read).
   */
  pause(): void {
    const s = useRunStore.getState();
    this.owed = 0;
    if (s.status === 'running') s.set({ status: 'paused' });
  }

  toggle(): void {
    if (useRunStore.getState().status === 'running') this.pause();
    else this.play();
  }

  /** Advances one step (pausing first) and publishes the result. */
  step(): Promise<void> {
    if (this.suspended) return this.pump.idle();
    this.pause();
    if (useRunStore.getState().status === 'diverged') return this.pump.idle();
    this.stepsWanted++;
    this.pump.kick();
    return this.idle();
  }

  /** Rebuilds the run from the configuration (new starts, step 0). */
  reset(): Promise<void> {
    if (this.suspended) return this.pump.idle();
    this.requestRebuild();
    return this.idle();
  }

  /** Resolves when no engine work is due (the transport aside). */
  async idle(): Promise<void> {
    await Promise.resolve();
    await this.pump.idle();
  }

  /** Resolves when no engine work is due and no path sweep runs (for tests). */
  async settled(): Promise<void> {
    do {
      await this.idle();
      await this.sweeper.idle();
    } while (this.pump.busy);
  }

  private requestRebuild(): void {
    this.generation++;
    this.rebuildWanted = true;
    this.pending.clear();
    this.pump.kick();
  }

  /** Each frame while playing owes stepsPerFrame steps (capped backlog); the pump takes them. */
  private frame(): void {
    if (this.suspended || useRunStore.getState().status !== 'running') return;
    const perFrame = useConfigStore.getState().config.stepsPerFrame;
    this.owed = Math.min(this.owed + perFrame, perFrame * MAX_BACKLOG_FRAMES);
    this.pump.kick();
  }

  /** The next job, from the newest state (pump.ts); null when nothing is due. */
  protected nextJob(): Job | null {
    if (this.suspended) return null;
    if (this.rebuildWanted) {
      this.rebuildWanted = false;
      return () => this.rebuild(this.generation);
    }
    if (this.lostReason !== null && this.engine?.backend === 'gpu') {
      const reason = this.lostReason;
      return () => this.continueOnCpu(reason);
    }
    this.applyPending();
    if (this.cpuOnlyMove) {
      this.cpuOnlyMove = false;
      return () => this.moveForCpuOnlyMethod();
    }
    if (!this.engine) return null;
    const run = useRunStore.getState();
    if (run.status === 'diverged') return null;
    if (this.stepsWanted > 0) {
      const n = this.stepsWanted;
      this.stepsWanted = 0;
      return () => this.batch(n, true);
    }
    if (run.status === 'running' && this.owed > 0) {
      const perFrame = useConfigStore.getState().config.stepsPerFrame;
      const n =
        this.engine.backend === 'cpu' ? Math.min(this.owed, this.allowance(perFrame)) : this.owed;
      this.owed = 0;
      return () => this.batch(n, false);
    }
    if (this.viewDirty) {
      this.viewDirty = false;
      return () => this.read(true);
    }
    return null;
  }

  /** Steps per batch within the frame budget; says so while it lowers the configured value. */
  private allowance(perFrame: number): number {
    const n = this.budget.allowance(perFrame);
    const text = budgetNotice(perFrame, n, this.budget.msPerStep);
    const run = useRunStore.getState();
    if (run.budgetNotice !== text) run.set({ budgetNotice: text });
    return n;
  }

  /** A job failed: a cancelled read-back (lost device) is not an error; anything else is shown. */
  protected failed(e: unknown): void {
    if (isCancelledRead(e) || this.lostReason !== null) {
      if (this.lostReason === null && this.engine?.backend === 'gpu')
        this.lostReason = 'device lost';
      this.pump.kick();
      return;
    }
    useRunStore.getState().set({ error: errorText(e), status: 'paused' });
  }
}

/** The app's one runner. */
export const runner = new Runner();
