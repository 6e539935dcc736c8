/**
 * Batches of the live run and pause at the step shown. A batch advances both engines n steps,
 * then reads back (the full view when asked); it is dispatched only after the previous batch's
 * read-back landed, so no backlog builds on the GPU queue. A playing batch that was in flight
 * when Pause was clicked lands unseen: both engines are rebuilt from the state read with the view
 * on screen (liveEngines.ts restoreLiveEngines), so the step counter, the charts and the arrows
 * stay as they were and Play or Step continue from exactly that state (engine state = shown).
 */

import { useConfigStore } from './configStore';
import { restoreLiveEngines } from './liveEngines';
import { RunnerEngines } from './runnerEngines';
import { errorText } from './runnerState';

export abstract class RunnerBatch extends RunnerEngines {
  /** Advances both engines `n` steps, then reads back (the full view when due or asked). */
  protected async batch(n: number, fullView: boolean): Promise<void> {
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

  /**
   * Pause stops at the step shown: the engines go back to the state read with the view on screen
   * (same backend, the methods and η as they are now); nothing on screen changes.
   */
  protected async rewind(): Promise<void> {
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
}
