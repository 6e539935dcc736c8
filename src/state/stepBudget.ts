/**
 * Frame budget of the live loop: how many steps one batch may advance so that the batch's main-
 * thread work stays within BUDGET_MS. The cost of a step is the exponentially weighted mean of
 * the measured batch times divided by their steps,
 *   c ← c + λ (t / n − c)   (λ = 0.3; the first batch sets c = t / n),
 * and the allowance is n_max = max(1, ⌊BUDGET_MS / c⌋), never above what the configuration asks
 * (stepsPerFrame). Before the first measurement (a new run, a new method) a batch is one step,
 * so an expensive configuration never starts with a long frame. When the allowance is below the
 * configured steps per frame the loop says so.
 */
export const BUDGET_MS = 12;
const LAMBDA = 0.3;

export class StepBudget {
  private cost = Number.NaN;

  /** Records a batch of `steps` steps that took `ms` milliseconds of main-thread time. */
  record(steps: number, ms: number): void {
    if (!(steps > 0) || !(ms >= 0) || !Number.isFinite(ms)) return;
    const c = ms / steps;
    this.cost = Number.isFinite(this.cost) ? this.cost + LAMBDA * (c - this.cost) : c;
  }

  /** Estimated milliseconds per step (NaN before the first batch). */
  get msPerStep(): number {
    return this.cost;
  }

  /** Steps a batch may run, at most `wanted` (at least 1). */
  allowance(wanted: number): number {
    if (!Number.isFinite(this.cost)) return 1;
    if (this.cost <= 0) return Math.max(1, wanted);
    return Math.max(1, Math.min(wanted, Math.floor(BUDGET_MS / this.cost)));
  }

  reset(): void {
    this.cost = Number.NaN;
  }
}

/** The sentence shown while the budget lowers the steps per frame (null when it does not). */
export function budgetNotice(
  configured: number,
  allowed: number,
  msPerStep: number,
): string | null {
  if (allowed >= configured) return null;
  return `Steps per frame lowered from ${configured} to ${allowed} to keep frames near ${BUDGET_MS} ms (one step takes ${msPerStep.toFixed(msPerStep < 10 ? 1 : 0)} ms here)`;
}
