/**
 * A claim's verdict from a steelman search over seeds (issue 13): the search of ../steelman.ts
 * with the context's budget and seeds, and the pieces every card shows — the range searched, the
 * best setting and score, the share of seeds on which the claim holds there, and every measured
 * number as median and IQR over the seeds.
 *
 * Verdict rule: the claim holds when it holds on at least 90% of the seeds at the best setting
 * found (9 of 10 seeds); otherwise "does not hold", which then means "not even at its best within
 * this search".
 */
import { DEFAULT_SEEDS, fmtNumber, fmtSpread, seedList } from '../seedSpread';
import {
  describeSetting,
  runSteelman,
  type SteelmanResult,
  type SteelmanSpec,
  seriesSpread,
} from '../steelman';
import type {
  ClaimContext,
  ClaimQuantity,
  ClaimResult,
  ClaimSearchReport,
  ClaimSpreadReport,
  ClaimTable,
  Verdict,
} from './types';

/**
 * The default budget per claim: one full coordinate pass over its searched axes (onePassBudget,
 * 1 + Σ(|values| − 1) settings), so that every declared axis is varied at least once.
 */
export const DEFAULT_BUDGET_TEXT = 'one full coordinate pass, 1 + Σ(|values| − 1) settings';
/** Seeds of the search itself (the first of the verdict's seeds). */
export const SEARCH_SEEDS = 2;
export const HOLD_SHARE = 0.9;
export const VERDICT_RULE = `holds when it holds on at least ${100 * HOLD_SHARE}% of the seeds at the best setting found; otherwise "does not hold" = not even at its best within this search`;

export function claimSeeds(ctx: ClaimContext): number[] {
  return seedList(ctx.seeds ?? DEFAULT_SEEDS, ctx.seed);
}

export interface SearchedClaim {
  r: SteelmanResult;
  verdict: Verdict;
  search: ClaimSearchReport | undefined;
  spread: ClaimSpreadReport;
  /** "holds on 3/10 seeds at η_meta = 0.2, T = 50" */
  summary: string;
}

const num = (x: number) => (Number.isFinite(x) ? x : null);

export async function searchClaim(
  spec: SteelmanSpec,
  ctx: ClaimContext,
  holdsVerdict: Verdict = 'holds under a stated definition',
): Promise<SearchedClaim> {
  const seeds = claimSeeds(ctx);
  const r = await runSteelman(spec, {
    ...(ctx.budget === undefined ? {} : { budget: ctx.budget }),
    seeds,
    searchSeeds: SEARCH_SEEDS,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.progress ? { progress: ctx.progress } : {}),
  });
  const verdict: Verdict = r.share >= HOLD_SHARE ? holdsVerdict : 'does not hold';
  const str = (s: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(s).map(([k, v]) => [k, String(v)]));
  const search: ClaimSearchReport | undefined =
    r.axes.length === 0
      ? undefined
      : {
          axes: r.axes.map((a) => ({ name: a.name, label: a.label, values: a.values.map(String) })),
          pinned: str(r.pinned),
          budget: r.budget,
          passes: r.passes,
          tried: r.tried.length,
          gridSize: r.gridSize,
          scoreLabel: r.scoreLabel,
          best: str(Object.fromEntries(r.axes.map((a) => [a.name, r.best[a.name]]))),
          bestScore: num(r.bestScore),
          defaultScore: num(r.defaultScore),
          searchSeeds: r.searchSeeds,
        };
  const quantities: ClaimQuantity[] = Object.entries(r.spreads).map(([name, s]) => ({
    name,
    ...s,
    values: r.perSeed.map((m) => num(m.numbers[name] ?? Number.NaN)),
  }));
  const spread: ClaimSpreadReport = {
    seeds: r.seeds,
    holds: r.holdsCount,
    holdsBySeed: r.perSeed.map((m) => m.holds),
    share: r.share,
    quantities,
    rule: VERDICT_RULE,
  };
  const where = r.axes.length === 0 ? '' : ` at ${describeSetting(r.best, r.axes)}`;
  const errors = r.perSeed.filter((m) => m.error).length;
  const summary = `holds on ${r.holdsCount}/${r.seeds.length} seeds${where}${errors > 0 ? ` (${errors} failed: ${r.perSeed.find((m) => m.error)?.error})` : ''}`;
  return { r, verdict, search, spread, summary };
}

/** "name median (IQR …)" for a measured number of the search. */
export function spreadOf(c: SearchedClaim, name: string, missing = 'undefined'): string {
  const s = c.r.spreads[name];
  return s ? fmtSpread(s, missing) : '—';
}

/** Median of a measured number, for `numbers`. */
export function medianOf(c: SearchedClaim, name: string): number | null {
  return c.r.spreads[name]?.median ?? null;
}

/** A table of per-index series (median and IQR over seeds), first column the index + offset. */
export function seriesTable(
  c: SearchedClaim,
  index: string,
  names: { name: string; label: string }[],
  offset = 1,
): ClaimTable {
  const cols = names.map((n) => seriesSpread(c.r.perSeed, n.name));
  const len = Math.max(0, ...cols.map((x) => x.length));
  return {
    header: [index, ...names.flatMap((n) => [`${n.label} median`, 'IQR'])],
    rows: Array.from({ length: len }, (_, t) => [
      t + offset,
      ...cols.flatMap((col) => {
        const s = col[t];
        return s && s.n > 0
          ? [fmtNumber(s.median), `${fmtNumber(s.q1)} – ${fmtNumber(s.q3)}`]
          : ['—', '—'];
      }),
    ]),
  };
}

/** The pieces of a ClaimResult that come from the search. */
export function searchedResult(
  c: SearchedClaim,
): Pick<ClaimResult, 'verdict' | 'search' | 'spread'> {
  return { verdict: c.verdict, ...(c.search ? { search: c.search } : {}), spread: c.spread };
}
