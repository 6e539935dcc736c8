/**
 * Method and η changes of the live run: taken from the latest-wins mailbox and applied to both
 * engines at once (engine.setMethod / setStepSize: the next dispatched step uses them, no reset,
 * no read-back awaited), unless the engines are being replaced (they wait in the mailbox) or the
 * GPU cannot run the method (a move to the CPU is asked first). Also live learning of A
 * (liveMeta.ts): configured with each method change, one meta-cycle after a batch when due.
 */

import { cpuOnlyMethod, cpuOnlyNotice } from './backendChoice';
import type { Config } from './configSchema';
import { useConfigStore } from './configStore';
import { liveMetaBlocker } from './liveMeta';
import { compareSpec, interactionMatrix, problemParams } from './runConfig';
import { errorText } from './runnerState';
import { RunnerView } from './runnerView';
import { useRunStore } from './runStore';
import { appendMeta } from './series';

export abstract class RunnerMethod extends RunnerView {
  /** Applies the pending method and η (unless the engines are being replaced). */
  protected applyPending(): void {
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

  protected applyMethod(c: Config): void {
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
      this.compareEngine.setMethod(compareSpec(c, K));
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

  /** Starts, keeps or stops live learning of A (liveMeta.ts), saying why when it cannot run. */
  protected configureMeta(c: Config): void {
    const problem = this.problem;
    if (!problem) return;
    const key = `${problem.id}:${JSON.stringify(problemParams(c))}`;
    this.meta.configure(c, problem, interactionMatrix(c, problem.K), key);
    const blocker = liveMetaBlocker(c, problem.K);
    if (blocker !== null && blocker !== 'off') useRunStore.getState().set({ notice: blocker });
  }

  /** One live meta-cycle when due: the engine takes the new A; heatmap and chart follow. */
  protected metaCycle(t: number): void {
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
}
