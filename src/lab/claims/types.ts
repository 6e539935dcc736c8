/**
 * A claim from a seed document, measured by Concord. Every number a ClaimResult carries was
 * computed in the run that produced it; the seed's own figures appear only as `seedValue`, for
 * comparison, never as a result.
 */
import { InputError } from '../../core/errors';

export type Verdict =
  | 'holds'
  | 'holds under a stated definition'
  | 'does not hold'
  | 'not measurable';

export interface ClaimDefinition {
  id: string;
  label: string;
}

export interface ClaimContext {
  /** First seed; the claim is measured on seeds seed, seed + 1, …, seed + seeds − 1. */
  seed: number;
  /** Number of seeds (default DEFAULT_SEEDS = 10). */
  seeds?: number;
  /** Settings the steelman search may evaluate per claim (default: one full coordinate pass). */
  budget?: number;
  /** Engine for batched rollouts (default 'cpu'). */
  backend?: 'cpu' | 'gpu';
  /** GPU: the device every engine of the measurement runs on (default: one per engine). */
  device?: GPUDevice;
  /** Chosen definition id (the claim's first definition when absent). */
  definition?: string;
  /** Reports progress in [0, 1]. */
  progress?: (fraction: number, message: string) => void;
  /** Aborts a long measurement between its units of work. */
  signal?: AbortSignal;
}

/** A small table that the claim's card and the CLI can show: measured beside the seed's. */
export interface ClaimTable {
  header: string[];
  rows: (string | number | null)[][];
}

export interface ClaimResult {
  /** The measured value, as a short human-readable phrase with its numbers. */
  value: string;
  /** The raw numbers behind `value`. */
  numbers: Record<string, number | null>;
  verdict: Verdict;
  /** One sentence on why this verdict, under this definition. */
  note: string;
  /** Definition used, as a sentence. */
  definitionUsed: string;
  table?: ClaimTable;
  /** The steelman search behind the verdict (absent where there is nothing to choose). */
  search?: ClaimSearchReport;
  /** The seeds the verdict rests on and the spread of every measured number over them. */
  spread?: ClaimSpreadReport;
  /** Which convergence metric, where the claim is about speed (issue 13, item 3). */
  metric?: string;
  /** Group discovery against the planted groups, where the claim is about groups. */
  groups?: ClaimGroupsReport;
  /** The engine that measured it, where the caller recorded it (claimOnBackend.ts). */
  measuredOn?: ClaimBackendReport;
}

export interface ClaimBackendReport {
  backend: 'cpu' | 'gpu';
  /** The GPU adapter, where the GPU measured it. */
  adapter?: string;
  /** Why the CPU measured a claim the GPU was asked for (no adapter, a lost device). */
  notice?: string;
  /** Why the backend asked for does not apply (a claim with no engine rollouts). */
  note?: string;
}

export interface ClaimSearchReport {
  axes: { name: string; label: string; values: string[] }[];
  /** Axes fixed by the chosen definition. */
  pinned: Record<string, string>;
  budget: number;
  /** Complete coordinate passes (every axis varied once per pass; ≥ 1 at the default budget). */
  passes: number;
  /** Settings evaluated. */
  tried: number;
  /** Size of the full grid of the searched axes. */
  gridSize: number;
  scoreLabel: string;
  best: Record<string, string>;
  /** Median score over the search seeds at the best and at the default setting. */
  bestScore: number | null;
  defaultScore: number | null;
  searchSeeds: number[];
}

export interface ClaimQuantity {
  name: string;
  median: number | null;
  q1: number | null;
  q3: number | null;
  /** Seeds with a defined value, and without one. */
  n: number;
  missing: number;
  /** The value on each seed (order of the spread's seeds; null where undefined). */
  values?: (number | null)[];
}

export interface ClaimSpreadReport {
  seeds: number[];
  /** Seeds on which the claim holds at the best setting. */
  holds: number;
  /** Whether it holds, per seed (order of `seeds`). */
  holdsBySeed: boolean[];
  share: number;
  quantities: ClaimQuantity[];
  /** The rule that turns the share into the verdict. */
  rule: string;
}

export interface ClaimGroupsReport {
  /** Adjusted Rand index against the planted groups, per grouping, as a spread over seeds. */
  ari: ClaimQuantity[];
  /** Eigenvalues λ_1 ≥ … of the normalised affinity at the first seed, per grouping. */
  spectra: { name: string; eigenvalues: number[]; k: number }[];
  planted: number;
}
export interface Claim {
  /** Stable id, e.g. "cs-1". */
  id: string;
  /** Seed file the claim comes from. */
  source: string;
  /** The claim as the seed states it. */
  claim: string;
  /** The seed's own figure, quoted. */
  seedValue: string;
  definitions: ClaimDefinition[];
  /**
   * True when its rollouts run on the engine of ctx.backend; otherwise the float64 core measures
   * it whatever the backend.
   */
  usesBackend?: boolean;
  run(ctx: ClaimContext): Promise<ClaimResult>;
}

/** Throws an AbortError when the context's signal has been aborted. */
export function throwIfAborted(ctx: ClaimContext): void {
  if (ctx.signal?.aborted) throw new DOMException('claim measurement cancelled', 'AbortError');
}

/** The chosen definition of a claim (its first when none is chosen); unknown ids are rejected. */
export function chosenDefinition(claim: Pick<Claim, 'definitions' | 'id'>, ctx: ClaimContext) {
  const id = ctx.definition ?? claim.definitions[0].id;
  const def = claim.definitions.find((d) => d.id === id);
  if (!def) {
    throw new InputError(
      'definition',
      `claim ${claim.id} has no definition "${id}" (${claim.definitions.map((d) => d.id).join(', ')})`,
    );
  }
  return def;
}
