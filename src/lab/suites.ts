/**
 * The validation suites of the cosine-scaled projection seed, made concrete. The seed names three
 * suites without sizes or distributions; Concord fixes them from MATH.md §9's random conflict
 * sets (g_i ~ N(0, I_d), optionally scaled by exp(N(0, 1)), sets with ≥ 1 conflict kept):
 * - interference: 500 sets, K = 3, d = 10, unscaled;
 * - stochastic: 200 sets, K = 3, d = 10, norms scaled by exp(N(0, 1)) (uneven magnitudes, as
 *   minibatch gradients have);
 * - high-dimensional: 100 sets, K = 3, d = 100, unscaled.
 * K can be changed; each result states the sizes and the seed it was run with.
 */
import { InputError } from '../core/errors';
import { coefficients, project, VECTOR_METHODS, validateSpec } from '../core/methods/index';
import {
  type ResolutionRates,
  resolution,
  resolutionFromGram,
  resolutionRates,
} from '../core/metrics/resolution';
import { randomConflictSets } from '../core/problems/randomSets';
import { DEFAULT_TAU, type GradSet, type MethodSpec } from '../core/types';

export interface SuiteDef {
  id: 'interference' | 'stochastic' | 'high-dimensional';
  label: string;
  count: number;
  K: number;
  d: number;
  scaled: boolean;
  /** What the seed reports for cosine-scaled projection: conflicts and resolved. */
  seedReport: { conflicts: number; resolved: number };
}

export const SUITES: readonly SuiteDef[] = [
  {
    id: 'interference',
    label: 'Gradient interference',
    count: 500,
    K: 3,
    d: 10,
    scaled: false,
    seedReport: { conflicts: 500, resolved: 500 },
  },
  {
    id: 'stochastic',
    label: 'Stochastic projection',
    count: 200,
    K: 3,
    d: 10,
    scaled: true,
    seedReport: { conflicts: 200, resolved: 200 },
  },
  {
    id: 'high-dimensional',
    label: 'High-dimensional (d = 100)',
    count: 100,
    K: 3,
    d: 100,
    scaled: false,
    seedReport: { conflicts: 100, resolved: 100 },
  },
];

/** The methods every suite runs, with the parameters they run at. */
export interface SuiteMethod {
  label: string;
  spec: MethodSpec;
}

export function suiteMethods(alpha: number, seed: number): SuiteMethod[] {
  return [
    { label: 'sum', spec: { id: 'sum' } },
    { label: 'pcgrad (random order)', spec: { id: 'pcgrad', order: 'random', seed } },
    { label: 'pcgrad (fixed order)', spec: { id: 'pcgrad', order: 'fixed' } },
    { label: `cosine simultaneous α=${alpha}`, spec: { id: 'cosine', alpha } },
    {
      label: `cosine sequential α=${alpha}`,
      spec: { id: 'cosine', alpha, mode: 'sequential', order: 'fixed' },
    },
    { label: 'mgda', spec: { id: 'mgda' } },
    { label: 'cagrad c=0.5', spec: { id: 'cagrad', c: 0.5 } },
    { label: 'upgrad', spec: { id: 'upgrad' } },
    ...AGGREGATOR_SUITE_METHODS(seed),
  ];
}

/** The aggregators of the method atlas at their default parameters (seeded where random). */
function AGGREGATOR_SUITE_METHODS(seed: number): SuiteMethod[] {
  return [
    { label: 'upgrad (TorchJD Gram)', spec: { id: 'upgrad', torchjd: true } },
    { label: 'dualproj', spec: { id: 'dualproj' } },
    { label: 'imtlg', spec: { id: 'imtlg' } },
    { label: 'alignedmtl', spec: { id: 'alignedmtl' } },
    { label: 'nashmtl', spec: { id: 'nashmtl' } },
    { label: 'graddrop', spec: { id: 'graddrop', seed } },
    { label: 'config', spec: { id: 'config' } },
    { label: 'krum (f = 0, m = 1)', spec: { id: 'krum' } },
    { label: 'trimmedmean', spec: { id: 'trimmedmean' } },
    { label: 'rlw', spec: { id: 'rlw', seed } },
    { label: 'mean', spec: { id: 'mean' } },
    { label: 'constant (w = 1)', spec: { id: 'constant' } },
    { label: 'gradvac (β = 0.01, one step)', spec: { id: 'gradvac', order: 'fixed' } },
  ];
}

/** Whether the method runs on K objectives (krum needs K ≥ 3: it is left out below that). */
export function runsAtK(spec: MethodSpec, K: number): boolean {
  try {
    validateSpec(spec, K);
    return true;
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

export interface SuiteRow {
  method: string;
  rates: ResolutionRates;
}

export interface SuiteResult {
  suite: SuiteDef;
  seed: number;
  tau: number;
  rows: SuiteRow[];
}

/** Generates the suite's sets from `seed`. */
export function suiteSets(def: SuiteDef, seed: number, tau = DEFAULT_TAU): GradSet[] {
  return randomConflictSets({
    count: def.count,
    K: def.K,
    d: def.d,
    scaled: def.scaled,
    seed,
    tau,
  });
}

/**
 * Runs every method on the suite's sets and returns the four resolution rates for each. With
 * `grams` (one Gram matrix per set, e.g. from the GPU) everything is computed from them in Gram
 * form; otherwise the core computes them from the sets.
 */
export function runSuite(
  def: SuiteDef,
  methods: readonly SuiteMethod[],
  seed: number,
  tau = DEFAULT_TAU,
  grams?: readonly Float64Array[],
): SuiteResult {
  const sets = suiteSets(def, seed, tau);
  const rows = methods
    .filter((m) => runsAtK(m.spec, def.K))
    .map((m) => {
      const spec = { ...m.spec, tau };
      const results = sets.map((gs, n) => {
        const G = VECTOR_METHODS.includes(spec.id) ? undefined : grams?.[n];
        return G
          ? resolutionFromGram(G, coefficients(G, gs.K, spec), gs.K, tau)
          : resolution(gs, project(gs, spec), tau);
      });
      return { method: m.label, rates: resolutionRates(results) };
    });
  return { suite: def, seed, tau, rows };
}
