/**
 * `lab claims [--seed N] [--seeds N] [--budget N] [--only ID] [--definition ID]
 *   [--backend cpu|gpu]`: every numbered claim of the three theorem seeds with its source, the
 * claim, the definition used, the steelman search (range searched, best setting), the value
 * measured over the seeds (median and IQR) and a verdict with the share of seeds on which it holds.
 */
import { claimText } from '../../lab/claims/claimText';
import type { Flags } from '../args';
import { table } from '../table';
import { measureClaims } from './measureClaims';
import type { CommandResult } from './result';

export async function claimsCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const definition = flags.string('definition');
  const { results, seed, seeds, budget, backend, seconds } = await measureClaims(
    flags,
    progress,
    definition,
  );
  const json = results.map(({ claim, result }) => ({
    id: claim.id,
    source: claim.source,
    claim: claim.claim,
    seedValue: claim.seedValue,
    definition: result.definitionUsed,
    measured: result.value,
    numbers: result.numbers,
    verdict: result.verdict,
    note: result.note,
    ...(result.table ? { table: result.table } : {}),
    ...(result.search ? { search: result.search } : {}),
    ...(result.spread ? { spread: result.spread } : {}),
    ...(result.metric ? { metric: result.metric } : {}),
    ...(result.groups ? { groups: result.groups } : {}),
  }));
  const share = (r: (typeof json)[number]) =>
    r.spread ? `${r.spread.holds}/${r.spread.seeds.length}` : '—';
  const best = (r: (typeof json)[number]) =>
    r.search
      ? Object.entries(r.search.best)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : '—';
  const text = [
    `Claims of the seed documents, measured now: seeds ${seed}..${seed + seeds - 1}, search budget ${budget === undefined ? 'one full coordinate pass' : `${budget} settings`} per claim, ${backend.toUpperCase()} engine (${seconds.toFixed(1)} s).`,
    table(
      ['id', 'verdict', 'holds on', 'searched', 'best setting', 'claim'],
      json.map((r) => [
        r.id,
        r.verdict,
        share(r),
        r.search ? `${r.search.tried}/${r.search.gridSize}` : '—',
        best(r),
        r.claim,
      ]),
    ),
    '',
    ...results.map(({ claim, result }) => claimText(claim, result)),
  ].join('\n');
  return { json, text };
}
