/**
 * `lab suite [--seed N] [--K K] [--alpha A] [--tau T] [--only ID]`: the cosine-scaled projection
 * seed's validation suites, every method, every resolution rate (MATH.md §3), with sizes and seed.
 */
import { InputError } from '../../core/errors';
import type { Rate } from '../../core/metrics/resolution';
import { DEFAULT_TAU } from '../../core/types';
import { gramSource } from '../../lab/gramBackend';
import { runSuite, SUITES, suiteMethods, suiteSets } from '../../lab/suites';
import type { Flags } from '../args';
import { initNodeWebGpu } from '../nodeGpu';
import { sharedFlag } from '../sharedFlags';
import { table } from '../table';
import type { CommandResult } from './result';

export function formatRate(r: Rate): string {
  if (r.rate === null) return `—  (0/0)`;
  return `${(100 * r.rate).toFixed(1)}%  (${r.numerator}/${r.denominator})`;
}

export async function suiteCommand(
  flags: Flags,
  progress: (msg: string) => void,
): Promise<CommandResult> {
  const seed = sharedFlag(flags, 'seed', 1);
  const K = flags.has('K') ? flags.int('K', 3, [2, 32]) : null;
  const alpha = sharedFlag(flags, 'alpha', 1);
  const tau = sharedFlag(flags, 'tau', DEFAULT_TAU);
  // The suites keep sets with ≥ 1 conflict: at τ = 1 no pair can conflict (cos ≥ −1).
  if (tau > 0.999) throw new InputError('--tau', `got ${tau}; the suites need τ ≤ 0.999`);
  const only = flags.string('only');
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  const defs = SUITES.filter((s) => only === undefined || s.id === only).map((s) =>
    K === null ? s : { ...s, K },
  );
  if (defs.length === 0) {
    throw new InputError(
      '--only',
      `no suite "${String(only).slice(0, 40)}"; expected one of ${SUITES.map((s) => s.id).join(', ')}`,
    );
  }
  const methods = suiteMethods(alpha, seed);
  if (backend === 'gpu') await initNodeWebGpu();
  const source = backend === 'gpu' ? await gramSource('gpu') : null;
  const results = [];
  try {
    for (const def of defs) {
      progress(`suite ${def.id}: ${def.count} sets, K = ${def.K}, d = ${def.d} …`);
      const grams = source
        ? (await source.grams(suiteSets(def, seed, tau))).map((x) => x.G)
        : undefined;
      results.push(runSuite(def, methods, seed, tau, grams));
    }
  } finally {
    source?.dispose();
  }
  const text = results
    .map((r) =>
      [
        `${r.suite.label}: ${r.suite.count} sets with ≥ 1 conflict, K = ${r.suite.K}, d = ${r.suite.d}, ` +
          `${r.suite.scaled ? 'norms scaled by exp(N(0,1))' : 'g_i ~ N(0, I)'}, seed ${r.seed}, τ = ${r.tau}` +
          (backend === 'gpu' ? ', Gram matrices on the GPU (float32 partial sums)' : ''),
        `  seed document: cosine-scaled projection resolved ${r.suite.seedReport.resolved}/${r.suite.seedReport.conflicts} conflicts`,
        table(
          ['method', 'pairwise', 'set', 'direction-safe', 'projected-pairs'],
          r.rows.map((row) => [
            row.method,
            formatRate(row.rates.pairwise),
            formatRate(row.rates.set),
            formatRate(row.rates.directionSafe),
            formatRate(row.rates.projectedPairs),
          ]),
        ),
      ].join('\n'),
    )
    .join('\n\n');
  const json = results.map((r) => ({
    suite: r.suite.id,
    sizes: { count: r.suite.count, K: r.suite.K, d: r.suite.d, scaled: r.suite.scaled },
    seed: r.seed,
    tau: r.tau,
    backend,
    seedReport: r.suite.seedReport,
    methods: r.rows.map((row) => ({ method: row.method, ...row.rates })),
  }));
  return { json, text };
}
