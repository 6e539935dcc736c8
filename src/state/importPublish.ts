/**
 * The imported set as the run store shows it: the configured method's coefficients
 * C = coefficients(G, K, spec), the drawable view (coordinates Y and C·Y, importAnalysis.ts),
 * cos, groups, the summary (S, B, I, conflicts) and every method's resolution metrics. Also the
 * inverse of seriesColumns, for restoring an exported problem run.
 */
import { InputError } from '../core/errors';
import { cosineFromGram } from '../core/gram';
import { sumCoefficients } from '../core/methods/sum';
import { ldexp } from '../core/metrics/rowScaled';
import {
  importedView,
  methodCoefficients,
  methodTable,
  summarizeGram,
} from '../lab/importAnalysis';
import type { Config } from './configSchema';
import type { ImportAnalysis, ImportedSet } from './importStore';
import { interactionMatrix, methodSpec } from './runConfig';
import { useRunStore } from './runStore';
import { createSeries, SERIES_CAPACITY, type Series } from './series';

/** Summary, method table and the configured method's C for `set` under `config`. */
export function analyse(set: ImportedSet, config: Config): ImportAnalysis {
  const { G, K } = set;
  const specFor = (id: Config['method']) => methodSpec(config, K, id);
  const gradients = set.data ? { K, d: set.d, g: Float64Array.from(set.data) } : null;
  const table = methodTable(G, K, specFor, config.tau, gradients, set.rowGram);
  const summary = summarizeGram(G, K, set.sumSq, config.tau, {
    E: set.gramExp ?? 0,
    ...(set.rowGram ? { rowGram: set.rowGram } : {}),
  });
  let C: Float64Array;
  let methodError: string | null = null;
  try {
    C = methodCoefficients(G, K, specFor(config.method), set.rowGram).C;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    methodError = e.message;
    C = sumCoefficients(K);
  }
  return { summary, table, methodError, C };
}

/** The scene caption for coordinates that are not the gradients themselves. */
export function importedCaption(set: ImportedSet): string | null {
  if (set.d <= 3) return null;
  return (
    `3-D principal subspace of the imported gradients (d = ${set.d.toLocaleString('en-US')}), ` +
    `${Math.round(set.share3 * 100)}% of the spread`
  );
}

/**
 * G in the original units (2^(−2E)·G) with exponent 0 when every entry stays representable, else
 * G itself with its exponent E.
 */
function originalUnits(G: Float64Array, E: number): { G: Float64Array; E: number } {
  if (E === 0) return { G, E: 0 };
  const out = G.map((x) => ldexp(x, -2 * E));
  return out.every((x, k) => Number.isFinite(x) && (x !== 0) === (G[k] !== 0))
    ? { G: out, E: 0 }
    : { G, E };
}

/** Writes the imported set's view to the run store (no θ, no flow, no series). */
export function publishImported(set: ImportedSet, a: ImportAnalysis, config: Config): void {
  const { K, G } = set;
  const C = a.C;
  const run = useRunStore.getState();
  const s = a.summary;
  const shown = originalUnits(G, set.gramExp ?? 0);
  run.set({
    problemId: 'imported',
    K,
    d: set.n,
    view: importedView(shown.G, C, set.coords, K, set.n),
    viewGramExp: shown.E,
    cos: cosineFromGram(set.rowGram?.G ?? G, K),
    A: interactionMatrix(config, K),
    groups: set.groups,
    trajectory: new Float64Array(0),
    compare: null,
    latest: {
      B: s.B ?? Number.NaN,
      I: s.I ?? Number.NaN,
      F: Number.NaN,
      gap: Number.NaN,
      conflicts: s.conflicts,
      status: s.B === null ? 1 : 0,
      switchStep: -1,
    },
    series: createSeries(K),
    status: 'paused',
    error: a.methodError,
    frameCaption: importedCaption(set),
    version: run.version + 1,
  });
}

/** A Series from exported columns (step, B, I, F, gap, L1..LK), all of one length. */
export function seriesFromColumns(cols: Record<string, number[]>, K: number, file: string): Series {
  const names = ['step', 'B', 'I', 'F', 'gap', ...Array.from({ length: K }, (_, i) => `L${i + 1}`)];
  const n = cols.step?.length ?? 0;
  for (const k of names) {
    if (!Array.isArray(cols[k]) || cols[k].length !== n) {
      throw new InputError(`${file} series.${k}`, `must be an array of ${n} numbers`);
    }
  }
  const s = createSeries(K, Math.max(SERIES_CAPACITY, n + 1));
  s.step.set(cols.step);
  s.B.set(cols.B);
  s.I.set(cols.I);
  s.F.set(cols.F);
  s.gap.set(cols.gap);
  for (let i = 0; i < K; i++) s.losses[i].set(cols[`L${i + 1}`]);
  return { ...s, length: n };
}
