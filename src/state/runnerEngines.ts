/**
 * The live engines' lifecycle: build both from the configuration (new starts, step 0), follow a
 * GPU device's loss, continue on the CPU from the last consistent state after a loss (or with a
 * CPU-only method, from the exact state), keeping the series and the transport, with one notice.
 * Contract: while engines are replaced (`replacing`), method changes wait in the mailbox and
 * apply to the new engines; a rebuild superseded by a newer one (generation) stops.
 */

import { createProblem } from '../core/problems';
import type { Engine } from '../engine/types';
import { chooseBackend, cpuOnlyMethod, cpuOnlyNotice } from './backendChoice';
import type { Config } from './configSchema';
import { useConfigStore } from './configStore';
import { lostNotice } from './deviceLoss';
import { discoverGroups } from './groups';
import { createLiveEngines, moveLiveToCpu } from './liveEngines';
import { interactionMatrix, methodLabel, problemParams } from './runConfig';
import { RunnerMethod } from './runnerMethod';
import { useRunStore } from './runStore';
import { createSeries, roundingFloors } from './series';

export abstract class RunnerEngines extends RunnerMethod {
  protected async rebuild(gen: number): Promise<void> {
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
  protected async createEngines(c: Config, backend: 'cpu' | 'gpu', start: Float64Array) {
    const problem = this.problem!;
    const { engine, compare } = await createLiveEngines(c, problem, backend, start);
    this.engine = engine;
    this.compareEngine = compare;
    if (compare) {
      useRunStore.getState().set({
        compare: {
          view: null,
          trajectory: problem.d === 2 ? Float64Array.from(start) : new Float64Array(0),
          methodLabel: methodLabel(c, 'compare'),
          series: createSeries(problem.K),
        },
      });
    }
    this.watchLoss(engine, compare);
  }

  /** Follows the loss of the GPU device under `engine` and `compare` (this generation only). */
  protected watchLoss(engine: Engine, compare: Engine | null): void {
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
  protected async continueOnCpu(reason: string): Promise<void> {
    const gen = this.generation;
    await this.moveToCpu(false);
    if (gen !== this.generation) return;
    this.lostReason = null;
    const run = useRunStore.getState();
    run.set({ backend: 'cpu', notice: lostNotice(reason, run.step), error: null });
    this.requestPaths();
  }

  protected async moveForCpuOnlyMethod(): Promise<void> {
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
  protected async moveToCpu(exact: boolean): Promise<void> {
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
}
