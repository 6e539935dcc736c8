/**
 * `lab report [--out FILE] [--seed N] [--seeds N] [--budget N] [--only ID] [--backend cpu|gpu]`:
 * measures every claim as `claims` does and writes one self-contained HTML report
 * (src/lab/claimsReport.ts; default concord-claims-report.html).
 */
import { writeFileSync } from 'node:fs';
import { InputError } from '../../core/errors';
import { CLAIMS } from '../../lab/claims/index';
import { DEFAULT_BUDGET } from '../../lab/claims/steelmanClaim';
import { claimsReportHtml } from '../../lab/claimsReport';
import { DEFAULT_SEEDS } from '../../lab/seedSpread';
import type { Flags } from '../args';
import { initNodeWebGpu } from '../nodeGpu';
import type { CommandResult } from './result';

export async function reportCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const out = flags.string('out', 'concord-claims-report.html');
  const seed = flags.int('seed', 1, [0, 0xffffffff]);
  const seeds = flags.int('seeds', DEFAULT_SEEDS, [1, 1000]);
  const budget = flags.int('budget', DEFAULT_BUDGET, [1, 10000]);
  const only = flags.string('only');
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  const chosen = CLAIMS.filter((c) => only === undefined || c.id === only);
  if (chosen.length === 0) {
    throw new InputError('--only', `no claim "${only}" (${CLAIMS.map((c) => c.id).join(', ')})`);
  }
  if (backend === 'gpu') await initNodeWebGpu();
  const results = [];
  const t0 = performance.now();
  for (const claim of chosen) {
    progress(`measuring ${claim.id} …`);
    results.push({ claim, result: await claim.run({ seed, seeds, budget, backend }) });
  }
  const seconds = (performance.now() - t0) / 1000;
  const header = `Seeds ${seed}..${seed + seeds - 1}; steelman search budget ${budget} settings per claim; ${backend.toUpperCase()} engine; measured in ${seconds.toFixed(1)} s by \`npm run lab -- report --seed ${seed} --seeds ${seeds} --budget ${budget}\`.`;
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
