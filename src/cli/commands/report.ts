/**
 * `lab report [--out FILE] [--seed N] [--seeds N] [--budget N] [--only ID] [--backend cpu|gpu]`:
 * measures every claim as `claims` does and writes one self-contained HTML report
 * (src/lab/claimsReport.ts; default concord-claims-report.html).
 */
import { writeFileSync } from 'node:fs';
import { claimsReportHtml } from '../../lab/claimsReport';
import type { Flags } from '../args';
import { measureClaims } from './measureClaims';
import type { CommandResult } from './result';

export async function reportCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const out = flags.string('out', 'concord-claims-report.html');
  const { results, seed, seeds, budget, backend, seconds } = await measureClaims(flags, progress);
  const header = `Seeds ${seed}..${seed + seeds - 1}; steelman search budget ${budget === undefined ? 'one full coordinate pass' : `${budget} settings`} per claim; ${backend.toUpperCase()} engine; measured in ${seconds.toFixed(1)} s by \`npm run lab -- report --seed ${seed} --seeds ${seeds}${budget === undefined ? '' : ` --budget ${budget}`}\`.`;
  const html = claimsReportHtml(results, header);
  writeFileSync(out, html);
  return {
    json: {
      out,
      bytes: html.length,
      claims: results.map((r) => ({ id: r.claim.id, verdict: r.result.verdict })),
    },
    text: `wrote ${out} (${html.length} characters, ${results.length} claims, ${seconds.toFixed(1)} s)`,
  };
}
