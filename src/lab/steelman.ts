/**
 * Steelman search (issue 13, item 1): a claim measured at its strongest. A claim declares the
 * settings a defender could reasonably choose (axes, each with its values; values[0] is the
 * lab's default) and a figure of merit `score` (lower = closer to the claim holding). The search:
 *
 *  1. coordinate search from the default setting: for each axis in turn, every other value of
 *     that axis with the rest at the current best; the best is replaced when the median score over
 *     the search seeds is strictly lower. Passes repeat while one improved and budget remains.
 *     `budget` = the largest number of distinct settings evaluated (the default counts as one).
 *  2. the best setting is then measured on every seed of `seeds` (the search seeds are the first
 *     `searchSeeds` of them, so their runs are reused); the verdict is the share of seeds on which
 *     the claim holds at that setting.
 *
 * Deterministic for given seeds and budget: the order of axes and values is fixed, ties keep the
 * earlier setting. A measurement that throws an InputError (e.g. an inner run that diverged)
 * counts as score +∞ and "does not hold" for that seed, with its message kept.
 * Pure: no DOM, no global state; the caller passes progress and an AbortSignal.
 */
import { InputError } from '../core/errors';
import { type Spread, spread } from './seedSpread';

export type AxisValue = number | string;

export interface SearchAxis {
  name: string;
  /** What the axis is, for the card ("meta step size η_meta"). */
  label: string;
  /** values[0] is the default. */
  values: readonly AxisValue[];
}

export type Setting = Record<string, AxisValue>;

export interface Measurement {
  /** Named numbers, each shown as a distribution over seeds. */
  numbers: Record<string, number | null>;
  holds: boolean;
  /** Lower = closer to the claim holding. Non-finite counts as +∞. */
  score: number;
  /** Per-index series (e.g. per meta-cycle) for the card's table and plot. */
  series?: Record<string, (number | null)[]>;
  /** Why the measurement failed, when it did. */
  error?: string;
}

export interface SteelmanSpec {
  axes: readonly SearchAxis[];
  /** Axes fixed by the chosen definition (not searched). */
  pinned?: Setting;
  /** What `score` is, for the card. */
  scoreLabel: string;
  measure(setting: Setting, seed: number): Promise<Measurement>;
}

export interface SteelmanOptions {
  /** Settings to evaluate at most; default onePassBudget (one full coordinate pass). */
  budget?: number;
  seeds: readonly number[];
  /** How many of the seeds the search itself uses (default 3). */
  searchSeeds?: number;
  signal?: AbortSignal;
  progress?: (fraction: number, message: string) => void;
}

export interface SteelmanResult {
  axes: readonly SearchAxis[];
  pinned: Setting;
  budget: number;
  /** Product of the axes' sizes. */
  gridSize: number;
  /** Complete coordinate passes (every other value of every axis tried once per pass). */
  passes: number;
  /** Settings evaluated, in order, with their median score over the search seeds. */
  tried: { setting: Setting; score: number }[];
  best: Setting;
  bestScore: number;
  defaultScore: number;
  scoreLabel: string;
  searchSeeds: number[];
  seeds: number[];
  /** Measurements at the best setting, one per seed (order of `seeds`). */
  perSeed: Measurement[];
  holdsCount: number;
  share: number;
  spreads: Record<string, Spread>;
}

export const DEFAULT_SEARCH_SEEDS = 3;

const key = (s: Setting) =>
  JSON.stringify(
    Object.keys(s)
      .sort()
      .map((k) => [k, s[k]]),
  );

function median(xs: number[]): number {
  const s = xs
    .map((x) => (Number.isFinite(x) ? x : Number.POSITIVE_INFINITY))
    .sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** "η_meta = 0.05, T = 20" for a setting. */
export function describeSetting(s: Setting, axes: readonly SearchAxis[]): string {
  return axes
    .filter((a) => a.name in s)
    .map((a) => `${a.name} = ${s[a.name]}`)
    .join(', ');
}

/**
 * Settings of one full coordinate pass: the default plus every other value of every axis,
 * 1 + Σ_a (|values_a| − 1). Within it the search varies every axis at least once.
 */
export function onePassBudget(axes: readonly SearchAxis[]): number {
  return 1 + axes.reduce((n, a) => n + Math.max(0, a.values.length - 1), 0);
}

/** The axes a spec searches: its axes less the pinned ones and any without values. */
export function searchedAxes(spec: Pick<SteelmanSpec, 'axes' | 'pinned'>): SearchAxis[] {
  const pinned = spec.pinned ?? {};
  return spec.axes.filter((a) => !(a.name in pinned) && a.values.length > 0);
}

export async function runSteelman(spec: SteelmanSpec, o: SteelmanOptions): Promise<SteelmanResult> {
  const pinned = spec.pinned ?? {};
  const axes = searchedAxes(spec);
  const budget = o.budget ?? onePassBudget(axes);
  if (!Number.isInteger(budget) || budget < 1) {
    throw new InputError('budget', `must be an integer ≥ 1, got ${budget}`);
  }
  if (o.seeds.length < 1) throw new InputError('seeds', 'needs at least one seed');
  const nSearch = Math.min(o.searchSeeds ?? DEFAULT_SEARCH_SEEDS, o.seeds.length);
  const searchSeeds = o.seeds.slice(0, nSearch);
  const total = budget * nSearch + o.seeds.length;
  let done = 0;
  const cache = new Map<string, Measurement>();
  const measureOne = async (s: Setting, seed: number): Promise<Measurement> => {
    const k = `${key(s)}#${seed}`;
    const hit = cache.get(k);
    if (hit) return hit;
    // Yield to the event loop before each measurement, so a page stays responsive and can cancel.
    await new Promise<void>((r) => setTimeout(r, 0));
    if (o.signal?.aborted) throw new DOMException('search cancelled', 'AbortError');
    let m: Measurement;
    try {
      m = await spec.measure(s, seed);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      m = { numbers: {}, holds: false, score: Number.POSITIVE_INFINITY, error: e.message };
    }
    cache.set(k, m);
    done++;
    o.progress?.(Math.min(1, done / total), `setting ${describeSetting(s, axes)}, seed ${seed}`);
    return m;
  };
  const tried: { setting: Setting; score: number }[] = [];
  const scored = new Map<string, number>();
  const evaluate = async (s: Setting) => {
    const k = key(s);
    const hit = scored.get(k);
    if (hit !== undefined) return hit;
    const ms = [];
    for (const seed of searchSeeds) ms.push(await measureOne(s, seed));
    const score = median(ms.map((m) => m.score));
    scored.set(k, score);
    tried.push({ setting: s, score });
    return score;
  };
  let best: Setting = { ...pinned };
  for (const a of axes) best[a.name] = a.values[0];
  let bestScore = await evaluate(best);
  const defaultScore = bestScore;
  let improved = true;
  let passes = 0;
  while (improved && tried.length < budget) {
    improved = false;
    let complete = true;
    for (const a of axes) {
      for (const v of a.values) {
        if (v === best[a.name]) continue;
        if (tried.length >= budget && !scored.has(key({ ...best, [a.name]: v }))) {
          complete = false;
          break;
        }
        const cand = { ...best, [a.name]: v };
        if (scored.has(key(cand))) continue;
        const sc = await evaluate(cand);
        if (sc < bestScore) {
          best = cand;
          bestScore = sc;
          improved = true;
        }
      }
    }
    if (complete) passes++;
  }
  const perSeed: Measurement[] = [];
  for (const seed of o.seeds) perSeed.push(await measureOne(best, seed));
  const holdsCount = perSeed.filter((m) => m.holds).length;
  const names = new Set<string>();
  for (const m of perSeed) for (const n of Object.keys(m.numbers)) names.add(n);
  const spreads: Record<string, Spread> = {};
  for (const n of names) spreads[n] = spread(perSeed.map((m) => m.numbers[n] ?? null));
  o.progress?.(1, 'done');
  return {
    axes,
    pinned,
    budget,
    passes,
    gridSize: axes.reduce((p, a) => p * a.values.length, 1),
    tried,
    best,
    bestScore,
    defaultScore,
    scoreLabel: spec.scoreLabel,
    searchSeeds,
    seeds: [...o.seeds],
    perSeed,
    holdsCount,
    share: holdsCount / perSeed.length,
    spreads,
  };
}

/** Median and quartiles per index of a per-seed series (for tables and plots). */
export function seriesSpread(perSeed: readonly Measurement[], name: string): Spread[] {
  const len = Math.max(0, ...perSeed.map((m) => m.series?.[name]?.length ?? 0));
  return Array.from({ length: len }, (_, t) =>
    spread(perSeed.map((m) => m.series?.[name]?.[t] ?? null)),
  );
}
