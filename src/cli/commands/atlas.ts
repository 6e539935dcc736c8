/**
 * `lab atlas [--K K] [--d D] [--sets N] [--seed S]`: the method atlas from the command line, the
 * same measurement as the app's atlas page (src/lab/atlas): for every method, each property
 * held on all sets (yes) or failed on n of N (no n/N), ★ where the method promises it, and the
 * four resolution rates of MATH.md §3.
 */

import { measureAtlas } from '../../lab/atlas/measure';
import { atlasMethods, PROPERTY_IDS, PROPERTY_LABELS } from '../../lab/atlas/methods';
import type { Flags } from '../args';
import { table } from '../table';
import type { CommandResult } from './result';
import { formatRate } from './suite';

export function atlasCommand(flags: Flags): CommandResult {
  const K = flags.int('K', 4, [2, 12]);
  const d = flags.int('d', 8, [1, 64]);
  const sets = flags.int('sets', 100, [1, 2000]);
  const seed = flags.int('seed', 1, [0, 0x7fffffff]);
  flags.rejectUnknown();
  const params = { K, d, sets, seed };
  const rows = measureAtlas(atlasMethods(K, seed), params);
  const json = {
    params,
    rows: rows.map((r) => ({
      method: r.key,
      error: r.error,
      promises: r.promises,
      properties: Object.fromEntries(
        PROPERTY_IDS.map((p) => {
          const x = r.properties[p];
          return [
            p,
            x && {
              checked: x.checked,
              failures: x.failures,
              worst: x.worst,
              counterexample: x.counterexample,
            },
          ];
        }),
      ),
      rates: r.rates,
    })),
  };
  const text = [
    `method atlas: ${sets} random conflict sets and ${sets} Pareto-stationary sets, K = ${K}, d = ${d}, seed ${seed} (★ = promised)`,
    table(
      [
        'method',
        ...PROPERTY_IDS.map((p) => PROPERTY_LABELS[p]),
        'pairwise',
        'set',
        'direction-safe',
        'projected-pairs',
      ],
      rows.map((r) => {
        if (r.error) return [r.label, r.error, '', '', '', '', '', '', '', ''];
        return [
          r.label,
          ...PROPERTY_IDS.map((p) => {
            const x = r.properties[p];
            const star = r.promises.includes(p) ? '★' : '';
            if (!x) return 'n/a';
            return `${star}${x.failures === 0 ? 'yes' : `no ${x.failures}/${x.checked}`}`;
          }),
          ...(r.rates
            ? [r.rates.pairwise, r.rates.set, r.rates.directionSafe, r.rates.projectedPairs].map(
                formatRate,
              )
            : ['', '', '', '']),
        ];
      }),
    ),
  ].join('\n');
  return { json, text };
}
