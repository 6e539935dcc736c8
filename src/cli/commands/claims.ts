/**
 * `lab claims [--seed N] [--only ID] [--definition ID]`: every numbered claim of the three theorem
 * seeds with its source, the claim, the definition used, the value measured in this run and a
 * verdict.
 */
import { InputError } from '../../core/errors';
import { CLAIMS } from '../../lab/claims/index';
import type { Flags } from '../args';
import { table } from '../table';
import type { CommandResult } from './result';

export async function claimsCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const seed = flags.int('seed', 1, [0, 0xffffffff]);
  const only = flags.string('only');
  const definition = flags.string('definition');
  flags.rejectUnknown();
  const chosen = CLAIMS.filter((c) => only === undefined || c.id === only);
  if (chosen.length === 0) {
    throw new InputError('--only', `no claim "${only}" (${CLAIMS.map((c) => c.id).join(', ')})`);
  }
  const results = [];
  for (const c of chosen) {
    progress(`measuring ${c.id} …`);
    const r = await c.run({ seed, ...(definition ? { definition } : {}) });
    results.push({ claim: c, result: r });
  }
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
  }));
  const text = [
    `Claims of the seed documents, measured now (seed ${seed}).`,
    table(
      ['id', 'source', 'verdict', 'claim'],
      json.map((r) => [r.id, r.source, r.verdict, r.claim]),
    ),
    '',
    ...json.map((r) =>
      [
        `${r.id} [${r.verdict}] ${r.claim}`,
        `  seed says:   ${r.seedValue}`,
        `  definition:  ${r.definition}`,
        `  measured:    ${r.measured}`,
        `  why:         ${r.note}`,
      ].join('\n'),
    ),
  ].join('\n');
  return { json, text };
}
