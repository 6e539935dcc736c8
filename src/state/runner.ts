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
 */
import { createProblem } from '../core/problems';
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { inspectWorld } from '../engine/cpuEngine';
import type { Engine, WorldsConfig, WorldView } from '../engine/types';
import { getSharedDevice } from '../ui/gpu';
import { chooseBackend, cpuOnlyMethod, cpuOnlyNotice } from './backendChoice';
import type { Config } from './configSchema';
import { useConfigStore } from './configStore';
import { isCancelledRead, lostNotice } from './deviceLoss';
import { FrameClock } from './frameClock';
import { discoverGroups } from './groups';
import { LatestMailbox } from './latest';
import {
  createLiveEngines,
  moveLiveToCpu,
  restoreLiveEngines,
  type ShownState,
  shownState,
} from './liveEngines';
import { LiveMeta, liveMetaBlocker } from './liveMeta';
import { PathSweeper } from './pathSweep';
import { type Job, Pump } from './pump';
import {
  classifyChange,
  interactionMatrix,
  METHOD_LABELS,
  methodSpec,
  problemParams,
} from './runConfig';
import { useRunStore } from './runStore';
import { appendMeta, roundingFloors } from './series';
import { snapshotPatch } from './snapshot';
import { BUDGET_MS, budgetNotice, StepBudget } from './stepBudget';

export const READ_INTERVAL_MS = 150;
export const MAX_BACKLOG_FRAMES = 4;
/** Runs with K·d up to this read the full view with every batch (else every READ_INTERVAL_MS). */
const SMALL_VIEW = 4096;
/** Shortest horizon of a swept path (steps), so a run at step 0 already shows where it leads. */
export const MIN_PATH_HORIZON = 200;
export { BUDGET_MS };

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Pending {
  method: Config;
  eta: number;
}

export class Runner {
  private engine: Engine | null = null;
  private compareEngine: Engine | null = null;
  private problem: Problem | null = null;
  private start0: Float64Array | null = null;
  private readonly pending = new LatestMailbox<Pending>();
  private readonly pump = new Pump(
    () => this.nextJob(),
    (e) => this.failed(e),
  );
  private readonly budget = new StepBudget();
  /** The method the budget's cost per step was measured with. */
  private budgetMethod = '';
  private readonly sweeper = new PathSweeper(
    (p) => {
      if (this.problem?.d === 2) useRunStore.getState().set({ paths: p });
    },
    () => useRunStore.getState().set({ paths: null }),
  );
  private owed = 0;
  private stepsWanted = 0;
  private rebuildWanted = false;
  /** Engines are being replaced (rebuild, move to the CPU): method changes wait in `pending`. */
  private replacing = false;
  private lostReason: string | null = null;
  private cpuOnlyMove = false;
  /** The run moved to the CPU because a CPU-only method was selected (until the next build). */
  private cpuForMethod = false;
  private raf = 0;
  private lastViewAt = Number.NEGATIVE_INFINITY;
  private viewDirty = false;
  /** Engine step (not offset) of the θ in `thetaKnown`, and the engine's dispatched step. */
  private thetaStep = -1;
  private engineStep = 0;
  private thetaKnown: Float64Array | null = null;
  private compareThetaKnown: Float64Array | null = null;
  /** Bumped by every method change: a read-back issued before a newer change is recomputed. */
  private methodSeq = 0;
  private stepOffset = 0;
  private generation = 0;
  private unsub: (() => void) | null = null;
  private prevConfig: Config | null = null;
  private suspended = false;
  private lastGoodThetas: Float64Array | null = null;
  private lastGoodCompare: Float64Array | null = null;
  /** Both engines' states at the step on screen, and that engine step (null: not known). */
  private shown: { state: ShownState; engineStep: number } | null = null;
  private readonly meta = new LiveMeta();
  readonly clock = new FrameClock();

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
  private nextJob(): Job | null {
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
  private failed(e: unknown): void {
    if (isCancelledRead(e) || this.lostReason !== null) {
      if (this.lostReason === null && this.engine?.backend === 'gpu')
        this.lostReason = 'device lost';
      this.pump.kick();
      return;
    }
    useRunStore.getState().set({ error: errorText(e), status: 'paused' });
  }

  /** Applies the pending method and η (unless the engines are being replaced). */
  private applyPending(): void {
    if (this.replacing || !this.engine || this.lostReason !== null) return;
    const eta = this.pending.takeOne('eta');
    const m = this.pending.takeOne('method');
    try {
      if (eta) {
        this.engine.setStepSize(eta.value);
        this.compareEngine?.setStepSize(eta.value);
        // η shapes the path as much as the method does.
        if (!m) this.requestPaths();
      }
      if (m) this.applyMethod(m.value);
    } catch (e) {
      // A device lost a moment ago: keep the values (unless newer ones came) for the CPU engines.
      if (eta && !this.pending.has('eta')) this.pending.offer('eta', eta.value);
      if (m && !this.pending.has('method')) this.pending.offer('method', m.value);
      if (this.engine.backend === 'gpu' && /lost|destroyed/i.test(errorText(e))) {
        this.lostReason ??= errorText(e);
        this.pump.kick();
      } else useRunStore.getState().set({ error: errorText(e) });
    }
  }

  private applyMethod(c: Config): void {
    const engine = this.engine!;
    const store = useRunStore.getState();
    const K = engine.K;
    const cpuOnly = cpuOnlyMethod(c);
    if (engine.backend === 'gpu' && cpuOnly) {
      // The GPU engine cannot take it: move to the CPU first (a job), then apply.
      this.pending.offer('method', c);
      this.cpuOnlyMove = true;
      return;
    }
    if (this.cpuForMethod && !cpuOnly) {
      store.set({
        notice: 'Still on the CPU since a CPU-only method ran: Reset (r) returns to the GPU',
      });
    } else if (this.cpuForMethod && cpuOnly) {
      store.set({ notice: cpuOnlyNotice(cpuOnly, c) });
    }
    this.configureMeta(c);
    engine.setMethod(this.specFor(c, K));
    if (this.compareEngine && c.compare !== 'none') {
      this.compareEngine.setMethod(methodSpec(c, K, c.compare));
    }
    this.methodSeq++;
    // Another method may cost far more per step: measure again from one step.
    if (c.method !== this.budgetMethod) this.budget.reset();
    this.budgetMethod = c.method;
    store.set({ A: this.meta.A ?? interactionMatrix(c, K) });
    // The view shows g'_i for the new method at once when θ is known at the current step.
    if (!this.showKnownTheta()) this.viewDirty = true;
    this.requestPaths();
  }

  /**
   * Recomputes the view at the θ on screen (the last read back) with the method now set, so the
   * arrows show a new α within a frame, paused or playing; the next read-back brings the newer θ.
   */
  private showKnownTheta(): boolean {
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
        const cv = this.viewAt(this.compareThetaKnown, methodSpec(c, problem.K, c.compare));
        patch.compare = { ...run.compare, view: cv };
      }
      run.set(patch);
      return true;
    } catch {
      // A θ whose gradients are not finite: the next read-back decides (diverged or not).
      return false;
    }
  }

  /** World view at θ with `spec` (the float64 core, as engine.inspect computes it). */
  private viewAt(theta: Float64Array, spec: MethodSpec): WorldView & { method: MethodSpec } {
    const cfg = { problem: this.problem! } as WorldsConfig;
    return { ...inspectWorld(cfg, spec, undefined, undefined, 0, theta), method: spec };
  }

  /** 2-D problems: re-sweeps both paths from the start with the methods as they are now. */
  private requestPaths(): void {
    const problem = this.problem;
    if (problem?.d !== 2 || !this.start0 || !this.engine) return;
    const c = useConfigStore.getState().config;
    const methods = [this.specFor(c, problem.K)];
    if (c.compare !== 'none') methods.push(methodSpec(c, problem.K, c.compare));
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

  /** Advances both engines `n` steps, then reads back (the full view when due or asked). */
  private async batch(n: number, fullView: boolean): Promise<void> {
    const engine = this.engine!;
    const t0 = performance.now();
    await Promise.all([engine.advance(n), this.compareEngine?.advance(n)]);
    if (engine !== this.engine) return;
    const playing = !fullView;
    if (playing && this.pausedInFlight()) return this.rewind();
    this.engineStep += n;
    if (engine.backend === 'cpu') this.budget.record(n, performance.now() - t0);
    this.metaCycle(performance.now());
    await this.read(fullView, playing);
  }

  /** True when the run was paused after its batch was dispatched (that batch is not shown). */
  private pausedInFlight(): boolean {
    return useRunStore.getState().status === 'paused' && this.shown !== null;
  }

  /**
   * Pause stops at the step shown: the engines go back to the state read with the view on screen
   * (same backend, the methods and η as they are now); nothing on screen changes.
   */
  private async rewind(): Promise<void> {
    const shown = this.shown;
    const problem = this.problem;
    const live = this.engine;
    if (!shown || !problem || !live) return;
    this.replacing = true;
    const gen = this.generation;
    try {
      const c = useConfigStore.getState().config;
      const restored = await restoreLiveEngines(
        { engine: live, compare: this.compareEngine },
        c,
        problem,
        this.specFor(c, problem.K),
        live.backend,
        shown.state,
      );
      if (gen !== this.generation) {
        restored.engine.dispose();
        restored.compare?.dispose();
        return;
      }
      this.engine = restored.engine;
      this.compareEngine = restored.compare;
      this.engineStep = shown.engineStep;
      this.watchLoss(restored.engine, restored.compare);
    } catch (e) {
      // The old engines are gone: a lost device continues on the CPU from their last state.
      if (live.backend === 'gpu') this.lostReason ??= errorText(e);
      else throw e;
    } finally {
      this.replacing = false;
    }
    this.applyPending();
  }

  private async rebuild(gen: number): Promise<void> {
    if (gen !== this.generation) return;
    this.replacing = true;
    try {
      const c = useConfigStore.getState().config;
      this.sweeper.cancel();
      this.engine?.dispose();
      this.compareEngine?.dispose();
      this.engine = this.compareEngine = null;
      this.lostReason = null;
      this.owed = this.stepsWanted = 0;
      this.budget.reset();
      const problem = createProblem(c.problem, problemParams(c));
      this.problem = problem;
      const starts = problem.starts();
      const start = Float64Array.from(starts[c.start % starts.length]);
      this.start0 = start;
      this.stepOffset = 0;
      this.engineStep = 0;
      this.thetaStep = -1;
      this.thetaKnown = this.compareThetaKnown = null;
      this.shown = null;
      this.lastGoodThetas = start;
      this.lastGoodCompare = start;
      const { backend, notice } = await chooseBackend(c);
      if (gen !== this.generation) return;
      this.cpuForMethod = false;
      const run = useRunStore.getState();
      run.resetRun(problem.id, problem.K, problem.d);
      run.set({
        backend,
        notice,
        A: interactionMatrix(c, problem.K),
        budgetNotice: null,
        floors: roundingFloors(problem.K, problem.Fstar, backend),
      });
      await this.createEngines(c, backend, start);
      this.configureMeta(c);
      run.set({ trajectory: problem.d === 2 ? Float64Array.from(start) : new Float64Array(0) });
      this.replacing = false;
      // Method changes made while the engines were built (newer than `c`) apply now.
      this.applyPending();
      await this.read(true);
      const v = useRunStore.getState().view;
      if (v) run.set({ groups: discoverGroups(v.G, problem.K) });
      this.requestPaths();
    } finally {
      this.replacing = false;
    }
  }

  /** Builds both engines (liveEngines.ts) and follows a GPU device's loss. */
  private async createEngines(c: Config, backend: 'cpu' | 'gpu', start: Float64Array) {
    const problem = this.problem!;
    const { engine, compare } = await createLiveEngines(c, problem, backend, start);
    this.engine = engine;
    this.compareEngine = compare;
    if (compare) {
      useRunStore.getState().set({
        compare: {
          view: null,
          trajectory: problem.d === 2 ? Float64Array.from(start) : new Float64Array(0),
          methodLabel: METHOD_LABELS[c.compare as Config['method']],
        },
      });
    }
    this.watchLoss(engine, compare);
  }

  /** Follows the loss of the GPU device under `engine` and `compare` (this generation only). */
  private watchLoss(engine: Engine, compare: Engine | null): void {
    if (engine.backend !== 'gpu') return;
    const gen = this.generation;
    const lost = (reason: string) => {
      if (gen !== this.generation || this.lostReason !== null) return;
      this.lostReason = reason;
      this.pump.kick();
    };
    engine.onLost(lost);
    compare?.onLost(lost);
  }

  /**
   * Device lost: both engines continue on the CPU from the last consistent state (the GPU
   * engine's state as of its last read-back: θ, step count, phases), keeping the series and the
   * transport; one notice says so. Paths are re-swept on the CPU.
   */
  private async continueOnCpu(reason: string): Promise<void> {
    const gen = this.generation;
    await this.moveToCpu(false);
    if (gen !== this.generation) return;
    this.lostReason = null;
    const run = useRunStore.getState();
    run.set({ backend: 'cpu', notice: lostNotice(reason, run.step), error: null });
    this.requestPaths();
  }

  private async moveForCpuOnlyMethod(): Promise<void> {
    const c = this.pending.peek('method') ?? useConfigStore.getState().config;
    const cpuOnly = cpuOnlyMethod(c);
    await this.moveToCpu(true);
    this.cpuForMethod = true;
    if (cpuOnly) useRunStore.getState().set({ backend: 'cpu', notice: cpuOnlyNotice(cpuOnly, c) });
    this.applyPending();
  }

  /**
   * Moves both engines to the CPU without a reset. `exact`: read θ and the step from the live
   * engine (device healthy); otherwise the engine's last read-back state (device lost).
   */
  private async moveToCpu(exact: boolean): Promise<void> {
    const engine = this.engine;
    const problem = this.problem;
    if (!engine || !problem) return;
    this.replacing = true;
    try {
      const c = useConfigStore.getState().config;
      const moved = await moveLiveToCpu(
        { engine, compare: this.compareEngine },
        c,
        problem,
        this.specFor(c, problem.K),
        exact,
        this.lastGoodThetas!,
        this.lastGoodCompare!,
      );
      this.engine = moved.engine;
      this.compareEngine = moved.compare;
      // Engine steps continue from a resumed state; without one the CPU counts from 0.
      if (!moved.resumed) this.stepOffset = useRunStore.getState().step;
      this.engineStep = (await moved.engine.summaries()).step;
      this.thetaStep = -1;
      this.budget.reset();
      useRunStore.getState().set({
        backend: 'cpu',
        floors: roundingFloors(problem.K, problem.Fstar, 'cpu'),
      });
    } finally {
      this.replacing = false;
    }
    await this.read(true);
  }

  /** The engine's method: the configured one, with the live-learned A while learning. */
  private specFor(c: Config, K: number): MethodSpec {
    const spec = methodSpec(c, K);
    const A = this.meta.A;
    return A ? { ...spec, A } : spec;
  }

  /** Starts, keeps or stops live learning of A (liveMeta.ts), saying why when it cannot run. */
  private configureMeta(c: Config): void {
    const problem = this.problem;
    if (!problem) return;
    const key = `${problem.id}:${JSON.stringify(problemParams(c))}`;
    this.meta.configure(c, problem, interactionMatrix(c, problem.K), key);
    const blocker = liveMetaBlocker(c, problem.K);
    if (blocker !== null && blocker !== 'off') useRunStore.getState().set({ notice: blocker });
  }

  /** One live meta-cycle when due: the engine takes the new A; heatmap and chart follow. */
  private metaCycle(t: number): void {
    const rec = this.meta.maybeCycle(t);
    if (!rec || !this.engine) return;
    const c = useConfigStore.getState().config;
    this.engine.setMethod(this.specFor(c, this.engine.K));
    this.methodSeq++;
    const run = useRunStore.getState();
    run.set({
      A: rec.A,
      metaSeries: appendMeta(run.metaSeries, {
        cycle: rec.cycle,
        dA: rec.deltaNorm,
        metaLoss: rec.metaLoss,
      }),
    });
  }

  /**
   * Reads summaries (always) and the views (world 0, comparison) when `full`, when the run is
   * small, or every READ_INTERVAL_MS, into the run store. A view read before a newer method
   * change is recomputed at its θ with the method now set, so the newest value always wins.
   */
  private async read(full: boolean, playing = false): Promise<void> {
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
    // A GPU comparison's state is read with it, so that pause can return to this step.
    const [s, inspected, compareView] = await Promise.all([
      engine.summaries(),
      withView ? Promise.allSettled([engine.inspect(0)]) : null,
      withView && compare ? compare.inspect(0).catch(() => null) : null,
      compare?.backend === 'gpu' ? compare.thetas().catch(() => null) : null,
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
        cview = this.viewAt(cview.theta, methodSpec(c, problem.K, c.compare));
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

/** The app's one runner. */
export const runner = new Runner();
