/**
 * Learning the interaction matrix live (MATH.md §6) while the main run plays: with the
 * `interaction` method and "learn A" on, one meta-cycle of the core's learner (central finite
 * differences over the K(K−1) entries, rollouts of T = 20 steps from the problem's standard
 * starts, A clipped to [0, 1]) runs at most every META_INTERVAL_MS, starting from the A in use.
 * The engine then takes the new A without a reset, the A heatmap shows it and the chart gets
 * ‖A_t − A_{t−1}‖_F and the meta-loss. A cycle costs 2K(K−1) rollouts on the CPU, so it is offered
 * for K ≤ LIVE_META_MAX_K; the lab runs larger problems.
 */
import { createMetaLearner, type MetaCycleRecord, type MetaLearner } from '../core/meta/index';
import type { Problem } from '../core/problems/types';
import type { Config } from './configSchema';

export const META_INTERVAL_MS = 1000;
export const LIVE_META_MAX_K = 8;

/** Why live learning is off for this configuration, or null when it runs. */
export function liveMetaBlocker(c: Config, K: number): string | null {
  if (!c.learnA || c.method !== 'interaction') return 'off';
  if (K > LIVE_META_MAX_K) {
    return `Learning A live runs for K ≤ ${LIVE_META_MAX_K} (a cycle is 2K(K−1) rollouts); use the Lab's meta-learning for K = ${K}.`;
  }
  return null;
}

export class LiveMeta {
  private learner: MetaLearner | null = null;
  private key = '';
  private last = Number.NEGATIVE_INFINITY;

  /** The learned A while learning, else null (the configured A applies). */
  get A(): Float64Array | null {
    return this.learner ? this.learner.A : null;
  }

  /**
   * Starts, keeps or stops learning for this configuration: a new learner from `A0` when the
   * problem or the meta-loss changed, none when learning is off or blocked.
   */
  configure(c: Config, problem: Problem | null, A0: Float64Array | null, problemKey: string): void {
    if (!problem || !A0 || liveMetaBlocker(c, problem.K) !== null) {
      this.learner = null;
      this.key = '';
      return;
    }
    const key = `${problemKey}|${c.metaLoss}|${c.gating}`;
    if (key === this.key && this.learner) return;
    this.key = key;
    this.learner = createMetaLearner(problem, {
      A0,
      loss: c.metaLoss,
      gating: c.gating,
      T: 20,
    });
    this.last = Number.NEGATIVE_INFINITY;
  }

  /** Runs one meta-cycle when learning and the interval has passed; returns its record. */
  maybeCycle(now: number): MetaCycleRecord | null {
    if (!this.learner || now - this.last < META_INTERVAL_MS) return null;
    this.last = now;
    return this.learner.step();
  }
}
