/**
 * The method atlas measured: for every method (methods.ts) and every property (properties.ts),
 * on `sets` random conflict sets of K objectives in R^d (randomConflictSets, norms scaled by
 * exp(N(0, 1)), from `seed`) and as many Pareto-stationary sets (stationarySet, same seed
 * stream), whether the property held on all of them, on how many it failed, the worst defect
 * and the first counterexample; plus the four resolution rates of MATH.md §3 on the random sets.
 * The four properties other than fixed points are also measured on as many hard sets
 * (hardSets.ts: nearly antiparallel pairs, duplicates, rows over 1e±8, zero rows), so a method
 * that promises one is held to it where near-degenerate inputs broke the solvers.
 * `measureOnSet` does the same on one given set (the current gradients of the live run), where
 * the fixed-point property cannot be measured (the set is not stationary) and is null.
 */
import { InputError } from '../../core/errors';
import { project, validateSpec } from '../../core/methods/index';
import {
  type ResolutionRates,
  type ResolutionResult,
  resolution,
  resolutionRates,
} from '../../core/metrics/resolution';
import { randomConflictSets } from '../../core/problems/randomSets';
import { createRng } from '../../core/rng';
import type { GradSet } from '../../core/types';
import { hardSet } from './hardSets';
import { type AtlasMethod, PROPERTY_IDS, type PropertyId } from './methods';
import {
  type Counterexample,
  checkLinearity,
  checkNonConflicting,
  checkPermutation,
  checkStationary,
  checkWeighted,
  type PropertyCheck,
  stationarySet,
} from './properties';

export interface AtlasParams {
  K: number;
  d: number;
  sets: number;
  seed: number;
}

export interface PropertyResult {
  /** Sets checked (0: not measurable here). */
  checked: number;
  failures: number;
  worst: number;
  counterexample: Counterexample | null;
}

export interface AtlasRow {
  key: string;
  label: string;
  promises: readonly PropertyId[];
  /** Why the method cannot run at this K (e.g. krum needs K ≥ 3), else null. */
  error: string | null;
  properties: Record<PropertyId, PropertyResult | null>;
  /** Rates over the random sets; for measureOnSet, over the one set. */
  rates: ResolutionRates | null;
}

export interface AtlasInputs {
  params: AtlasParams;
  sets: GradSet[];
  /** Near-degenerate sets (hardSets.ts), as many as `sets`. */
  hard: GradSet[];
  stationary: GradSet[];
}

/** The random, hard and stationary sets of the atlas for `params`. */
export function atlasInputs(params: AtlasParams): AtlasInputs {
  const { K, d, sets, seed } = params;
  const random = randomConflictSets({ count: sets, K, d, scaled: true, seed });
  const rng = createRng(seed + 1);
  const stationary = Array.from({ length: sets }, () => stationarySet(rng, K, d));
  const hardRng = createRng(seed + 4);
  const hard = Array.from({ length: sets }, (_, n) => hardSet(hardRng, K, d, n));
  return { params, sets: random, hard, stationary };
}

function emptyResult(): PropertyResult {
  return { checked: 0, failures: 0, worst: 0, counterexample: null };
}

function add(r: PropertyResult, c: PropertyCheck): void {
  r.checked++;
  if (!Number.isNaN(c.value)) r.worst = Math.max(r.worst, c.value);
  if (!c.holds) {
    r.failures++;
    if (!r.counterexample) r.counterexample = c.counterexample;
  }
}

function cannotRun(m: AtlasMethod, K: number): string | null {
  try {
    validateSpec(m.spec, K);
    return null;
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
}

function blankRow(m: AtlasMethod, error: string | null): AtlasRow {
  const properties = {} as Record<PropertyId, PropertyResult | null>;
  for (const p of PROPERTY_IDS) properties[p] = null;
  return { key: m.key, label: m.label, promises: m.promises, error, properties, rates: null };
}

/** One method over the atlas inputs. */
export function measureMethod(m: AtlasMethod, inputs: AtlasInputs): AtlasRow {
  const { K, seed } = inputs.params;
  const error = cannotRun(m, K);
  const row = blankRow(m, error);
  if (error) return row;
  const rng = createRng(seed + 2);
  const res: Record<PropertyId, PropertyResult> = {
    nonConflicting: emptyResult(),
    permutationInvariant: emptyResult(),
    linearUnderScaling: emptyResult(),
    weighted: emptyResult(),
    paretoFixedPoints: emptyResult(),
  };
  const results: ResolutionResult[] = [];
  for (const gs of inputs.sets) {
    add(res.nonConflicting, checkNonConflicting(gs, m.spec));
    add(res.permutationInvariant, checkPermutation(gs, m.spec, rng));
    add(res.linearUnderScaling, checkLinearity(gs, m.spec, rng));
    add(res.weighted, checkWeighted(gs, m.spec));
    results.push(resolution(gs, project(gs, m.spec), m.spec.tau));
  }
  for (const gs of inputs.hard) {
    add(res.nonConflicting, checkNonConflicting(gs, m.spec));
    add(res.permutationInvariant, checkPermutation(gs, m.spec, rng));
    add(res.linearUnderScaling, checkLinearity(gs, m.spec, rng));
    add(res.weighted, checkWeighted(gs, m.spec));
  }
  for (const gs of inputs.stationary) add(res.paretoFixedPoints, checkStationary(gs, m.spec));
  row.properties = res;
  row.rates = resolutionRates(results);
  return row;
}

/** Every method over freshly drawn inputs. */
export function measureAtlas(methods: readonly AtlasMethod[], params: AtlasParams): AtlasRow[] {
  const inputs = atlasInputs(params);
  return methods.map((m) => measureMethod(m, inputs));
}

/** One method on one given set (`draws` random permutations and scalings). */
export function measureOnSet(m: AtlasMethod, gs: GradSet, seed: number, draws = 8): AtlasRow {
  const error = cannotRun(m, gs.K);
  const row = blankRow(m, error);
  if (error) return row;
  const rng = createRng(seed + 3);
  const nc = emptyResult();
  const pi = emptyResult();
  const lin = emptyResult();
  const w = emptyResult();
  add(nc, checkNonConflicting(gs, m.spec));
  add(w, checkWeighted(gs, m.spec));
  for (let n = 0; n < draws; n++) {
    add(pi, checkPermutation(gs, m.spec, rng));
    add(lin, checkLinearity(gs, m.spec, rng));
  }
  row.properties = {
    nonConflicting: nc,
    permutationInvariant: pi,
    linearUnderScaling: lin,
    weighted: w,
    paretoFixedPoints: null,
  };
  row.rates = resolutionRates([resolution(gs, project(gs, m.spec), m.spec.tau)]);
  return row;
}
