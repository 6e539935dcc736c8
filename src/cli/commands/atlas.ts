/**
 * `lab atlas [--K K] [--d D] [--sets N] [--seed S]`: the method atlas from the command line, the
 * same measurement as the app's atlas page (src/lab/atlas): for every method, each property
 * held on all sets (yes) or failed on n of N (no n/N), ★ where the method promises it, and the
 * four resolution rates of MATH.md §3.
 */

import { atlasInputs, measureMethod } from '../../lab/atlas/measure';
import { atlasMethods, PROPERTY_IDS, PROPERTY_LABELS } from '../../lab/atlas/methods';
import type { Flags } from '../args';
import { progressBar } from '../progress';
import { sharedFlag } from '../sharedFlags';
import { table } from '../table';
import type { CommandResult } from './result';
import { formatRate } from './suite';

export async function atlasCommand(flags: Flags): Promise<CommandResult> {
  const K = sharedFlag(flags, 'atlasK', 4);
  const d = sharedFlag(flags, 'atlasD', 8);
  const sets = sharedFlag(flags, 'atlasSets', 100);
  const seed = sharedFlag(flags, 'atlasSeed', 1);
  flags.rejectUnknown();
  const params = { K, d, sets, seed };
  // measureAtlas, one method at a time: a bar over the methods, Ctrl-C between them.
  const methods = atlasMethods(K, seed);
  const inputs = atlasInputs(params);
  const bar = progressBar('atlas methods', methods.length);
  const rows = [];
  for (const [i, m] of methods.entries()) {
    await bar.tick(i);
    rows.push(measureMethod(m, inputs));
  }
  bar.update(methods.length);
  bar.end();
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
    `method atlas: ${sets} random conflict sets, ${sets} hard sets and ${sets} Pareto-stationary sets, K = ${K}, d = ${d}, seed ${seed} (★ = promised)`,
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
