/**
 * The runner: builds the problem and the engine from the configuration, advances
 * `stepsPerFrame` steps per animation frame while playing, and publishes results to the run
 * store — the view of world 0 and the summaries a few times a second (READ_INTERVAL_MS), not
 * every frame. Method changes (α, τ, method…) call engine.setMethod without a reset; problem,
 * flow and backend changes rebuild. Every engine operation goes through one promise chain so
 * that a rebuild never races an advance.
 */
import { createProblem } from '../core/problems';
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createEngine, fallbackToCpu } from '../engine';
import type { Engine } from '../engine/types';
import { getSharedDevice } from '../ui/gpu';
import { chooseBackend, cpuOnlyMethod, cpuOnlyNotice } from './backendChoice';
import type { Config } from './configSchema';
import { useConfigStore } from './configStore';
import { FrameClock } from './frameClock';
import { discoverGroups } from './groups';
import { LiveMeta, liveMetaBlocker } from './liveMeta';
import {
  classifyChange,
  interactionMatrix,
  METHOD_LABELS,
  methodSpec,
  problemParams,
} from './runConfig';
import { useRunStore } from './runStore';
import { appendMeta } from './series';
import { snapshotPatch } from './snapshot';

export const READ_INTERVAL_MS = 150;
export const MAX_BACKLOG_FRAMES = 30;
function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Runner {
  private engine: Engine | null = null;
  private compareEngine: Engine | null = null;
  private problem: Problem | null = null;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = false;
  private owed = 0;
  /** The run moved to the CPU because a CPU-only method was selected (until the next build). */
  private cpuForMethod = false;
  private raf = 0;
  private lastRead = 0;
  private stepOffset = 0;
  private generation = 0;
  private unsub: (() => void) | null = null;
  private prevConfig: Config | null = null;
  private suspended = false;
  private lastGoodThetas: Float64Array | null = null;
  private lastGoodCompare: Float64Array | null = null;
  private readonly meta = new LiveMeta();
  readonly clock = new FrameClock();

  /** Starts following the configuration store and the animation loop. */
  start(): void {
    this.prevConfig = useConfigStore.getState().config;
    this.unsub = useConfigStore.subscribe((s) => {
      if (!this.suspended) this.follow(s.config);
    });
    this.rebuild();
    const loop = (t: number) => {
      this.clock.tick(t);
      this.frame(t);
      this.raf = requestAnimationFrame(loop);
    };
    this.raf = requestAnimationFrame(loop);
  }

  /** Applies a configuration change to the engines (nothing while suspended). */
  private follow(next: Config): void {
    const prev = this.prevConfig;
    if (next === prev || !prev) return;
    const change = classifyChange(prev, next);
    this.prevConfig = next;
    if (change.has('rebuild')) this.rebuild();
    else {
      if (change.has('method')) this.enqueue(() => this.applyMethod(next));
      if (change.has('eta')) {
        this.engine?.setStepSize(next.eta);
        this.compareEngine?.setStepSize(next.eta);
      }
      if (change.has('compare')) this.rebuild();
    }
  }

  /**
   * Stops the engine for an imported gradient set (no θ, no flow): pauses, lets queued engine
   * work finish, then ignores the configuration and the transport until resume(). The engine and
   * its state are kept, so resume() continues the same run.
   */
  async suspend(): Promise<void> {
    this.pause();
    let c: Promise<void>;
    do {
      c = this.chain;
      await c;
    } while (c !== this.chain);
    this.suspended = true;
  }

  /** Ends suspend(): applies the configuration changes made meanwhile (rebuild or method). */
  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    this.follow(useConfigStore.getState().config);
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
    this.engine?.dispose();
    this.compareEngine?.dispose();
    this.engine = this.compareEngine = null;
  }

  /** Serialises engine work; a failure is shown, not thrown. */
  enqueue(fn: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(fn).catch((e) => {
      useRunStore.getState().set({ error: errorText(e), status: 'paused' });
    });
    return this.chain;
  }

  play(): void {
    if (this.suspended) return;
    const s = useRunStore.getState();
    // Before the engine exists (first build, rebuild) the frames simply wait for it.
    if (s.status === 'diverged') return;
    s.set({ status: 'running' });
  }

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
    if (this.suspended) return this.chain;
    this.pause();
    if (useRunStore.getState().status === 'diverged') return this.chain;
    return this.enqueue(async () => {
      await this.advanceBoth(1);
      await this.read();
    });
  }

  /** Rebuilds the run from the configuration (new starts, step 0). */
  reset(): Promise<void> {
    if (this.suspended) return this.chain;
    return this.rebuild();
  }

  /** Resolves when all queued engine work is done (for tests and exports). */
  idle(): Promise<void> {
    return this.chain;
  }

  /**
   * Each frame while playing owes `stepsPerFrame` steps. When the previous batch (advance and,
   * every READ_INTERVAL_MS, a read-back) is still in flight, the steps accumulate and the next
   * batch advances all of them at once, so the run keeps its pace of stepsPerFrame per frame even
   * when a read-back takes longer than a frame. The backlog is capped at MAX_BACKLOG_FRAMES
   * frames' worth so that a stalled device does not produce one enormous jump.
   */
  private frame(t: number): void {
    if (this.suspended || useRunStore.getState().status !== 'running' || !this.engine) return;
    const perFrame = useConfigStore.getState().config.stepsPerFrame;
    this.owed = Math.min(this.owed + perFrame, perFrame * MAX_BACKLOG_FRAMES);
    if (this.inFlight) return;
    const steps = this.owed;
    this.owed = 0;
    this.inFlight = true;
    this.enqueue(async () => {
      await this.advanceBoth(steps);
      this.metaCycle(t);
      if (t - this.lastRead >= READ_INTERVAL_MS) {
        this.lastRead = t;
        await this.read();
      }
    }).finally(() => {
      this.inFlight = false;
    });
  }

  private async advanceBoth(steps: number): Promise<void> {
    if (!this.engine) return;
    await Promise.all([this.engine.advance(steps), this.compareEngine?.advance(steps)]);
  }

  private async applyMethod(c: Config): Promise<void> {
    const store = useRunStore.getState();
    if (!this.engine) return;
    const K = this.engine.K;
    const cpuOnly = cpuOnlyMethod(c);
    if (this.engine.backend === 'gpu' && cpuOnly) {
      await this.moveToCpu(true, () => cpuOnlyNotice(cpuOnly, c));
      this.cpuForMethod = true;
    } else if (this.cpuForMethod && !cpuOnly) {
      store.set({
        notice: 'Still on the CPU since a CPU-only method ran: Reset (r) returns to the GPU',
      });
    } else if (this.cpuForMethod && cpuOnly) {
      store.set({ notice: cpuOnlyNotice(cpuOnly, c) });
    }
    this.configureMeta(c);
    this.engine.setMethod(this.specFor(c, K));
    if (this.compareEngine && c.compare !== 'none') {
      this.compareEngine.setMethod(methodSpec(c, K, c.compare));
    }
    store.set({ A: this.meta.A ?? interactionMatrix(c, K) });
    // The view shows g'_i for the new method at once, even while paused.
    await this.read();
  }

  private rebuild(): Promise<void> {
    const gen = ++this.generation;
    return this.enqueue(async () => {
      if (gen !== this.generation) return;
      const c = useConfigStore.getState().config;
      this.engine?.dispose();
      this.compareEngine?.dispose();
      this.engine = this.compareEngine = null;
      const problem = createProblem(c.problem, problemParams(c));
      this.problem = problem;
      const starts = problem.starts();
      const start = Float64Array.from(starts[c.start % starts.length]);
      this.stepOffset = 0;
      this.lastGoodThetas = start;
      this.lastGoodCompare = start;
      const { backend, notice } = await chooseBackend(c);
      this.cpuForMethod = false;
      const run = useRunStore.getState();
      run.resetRun(problem.id, problem.K, problem.d);
      run.set({ backend, notice, A: interactionMatrix(c, problem.K) });
      await this.createEngines(c, backend, start, start);
      this.configureMeta(c);
      run.set({ trajectory: problem.d === 2 ? Float64Array.from(start) : new Float64Array(0) });
      await this.read();
      const v = useRunStore.getState().view;
      if (v) run.set({ groups: discoverGroups(v.G, problem.K) });
    });
  }

  private async createEngines(
    c: Config,
    backend: 'cpu' | 'gpu',
    start: Float64Array,
    compareStart: Float64Array,
  ): Promise<void> {
    const problem = this.problem!;
    const base = { problem, flow: c.flow, eta: c.eta, epsSwitch: c.epsSwitch };
    const device = backend === 'gpu' ? (getSharedDevice() ?? undefined) : undefined;
    const make = (id: Config['method'], starts: Float64Array) =>
      createEngine(backend, { ...base, method: methodSpec(c, problem.K, id), starts }, { device });
    const engine = await make(c.method, start);
    this.engine = engine;
    if (c.compare !== 'none') {
      this.compareEngine = await make(c.compare, compareStart);
      useRunStore.getState().set({
        compare: {
          view: null,
          trajectory: problem.d === 2 ? Float64Array.from(compareStart) : new Float64Array(0),
          methodLabel: METHOD_LABELS[c.compare],
        },
      });
    }
    if (backend === 'gpu') {
      const gen = this.generation;
      const lost = (reason: string) => {
        if (gen === this.generation) void this.continueOnCpu(reason);
      };
      engine.onLost(lost);
      this.compareEngine?.onLost(lost);
    }
  }

  /**
   * Device lost: continue on the CPU from the last good θ (the engine's own resumable state
   * when it has one: step count, two-phase phase), keeping the series, and say so.
   */
  private continueOnCpu(reason: string): Promise<void> {
    const gen = ++this.generation;
    return this.enqueue(async () => {
      if (gen !== this.generation) return;
      await this.moveToCpu(
        false,
        (step) => `GPU device lost (${reason}) — continuing on the CPU from step ${step}`,
      );
    });
  }

  /**
   * Moves both engines to the CPU without a reset. `exact`: read θ and the step from the live
   * engine (device healthy); otherwise use the last good state read back (device lost).
   */
  private async moveToCpu(exact: boolean, notice: (step: number) => string): Promise<void> {
    const c = useConfigStore.getState().config;
    const run = useRunStore.getState();
    const problem = this.problem!;
    const d = problem.d;
    let last = this.lastGoodThetas!;
    let lastCompare = this.lastGoodCompare!;
    let step = run.step;
    if (exact && this.engine) {
      const [th, s] = await Promise.all([this.engine.thetas(), this.engine.summaries()]);
      last = Float64Array.from(th.subarray(0, d));
      step = s.step + this.stepOffset;
      if (this.compareEngine)
        lastCompare = Float64Array.from((await this.compareEngine.thetas()).subarray(0, d));
    }
    const base = { problem, flow: c.flow, eta: c.eta, epsSwitch: c.epsSwitch };
    const move = (e: Engine, id: Config['method'], th: Float64Array) =>
      fallbackToCpu(e, { ...base, method: methodSpec(c, problem.K, id), starts: th }, th);
    if (this.engine) this.engine = move(this.engine, c.method, last);
    if (this.compareEngine && c.compare !== 'none') {
      this.compareEngine = move(this.compareEngine, c.compare, lastCompare);
    }
    if (this.engine) this.stepOffset = step - (await this.engine.summaries()).step;
    run.set({ backend: 'cpu', notice: notice(step) });
  }

  /** Reads summaries and the views (world 0, comparison) into the run store. */
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

  private async read(): Promise<void> {
    const engine = this.engine;
    const problem = this.problem;
    if (!engine || !problem || this.suspended) return;
    // All read-backs at once; inspect may fail on a diverged world, which summaries report.
    const [s, inspected, compareView] = await Promise.all([
      engine.summaries(),
      Promise.allSettled([engine.inspect(0)]),
      this.compareEngine ? this.compareEngine.inspect(0).catch(() => null) : null,
    ]);
    if (engine !== this.engine) return;
    const run = useRunStore.getState();
    const got = inspected[0];
    const step = s.step + this.stepOffset;
    const finite = got.status === 'fulfilled' && got.value.theta.every(Number.isFinite);
    if (s.status[0] === 2 || (got.status === 'fulfilled' && !finite)) {
      // Keep the last good view and series; mark and pause.
      run.set({ status: 'diverged', step, version: run.version + 1 });
      return;
    }
    if (got.status === 'rejected') throw got.reason;
    this.lastGoodThetas = Float64Array.from(got.value.theta);
    if (compareView?.theta.every(Number.isFinite)) {
      this.lastGoodCompare = Float64Array.from(compareView.theta);
    }
    run.set(snapshotPatch(run, problem, s, got.value, step, compareView));
  }
}

/** The app's one runner. */
export const runner = new Runner();
