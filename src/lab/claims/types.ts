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
  seed: number;
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
