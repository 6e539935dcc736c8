/**
 * A claim's result as plain text (the CLI's `claims` and the report use it): the claim, the
 * seed's figure, the definition, the search (range, best setting, scores), the seeds and the share
 * on which it holds, the measured value, the metric where the claim is about speed, and the group
 * discovery against the planted groups.
 */
import { fmtNumber } from '../seedSpread';
import type { Claim, ClaimResult } from './types';

export function claimText(claim: Claim, r: ClaimResult): string {
  const lines = [
    `${claim.id} [${r.verdict}] ${claim.claim}`,
    `  seed says:   ${claim.seedValue}`,
    `  definition:  ${r.definitionUsed}`,
  ];
  if (r.search) {
    const s = r.search;
    lines.push(
      `  search:      ${s.tried} of ${s.gridSize} settings (budget ${s.budget}, ${s.passes} full coordinate pass${s.passes === 1 ? '' : 'es'}), coordinate search on seeds ${s.searchSeeds.join(', ')}; score = ${s.scoreLabel}`,
      ...s.axes.map((a) => `    ${a.name} ∈ {${a.values.join(', ')}}  (${a.label})`),
      ...Object.entries(s.pinned).map(([k, v]) => `    ${k} = ${v}  (fixed by the definition)`),
      `  best:        ${Object.entries(s.best)
        .map(([k, v]) => `${k} = ${v}`)
        .join(
          ', ',
        )}; score ${fmtNumber(s.bestScore)} (default setting ${fmtNumber(s.defaultScore)})`,
    );
  }
  if (r.spread) {
    lines.push(
      `  seeds:       ${r.spread.seeds.join(' ')}; holds on ${r.spread.holds}/${r.spread.seeds.length} (${r.spread.rule})`,
    );
  }
  lines.push(`  measured:    ${r.value}`);
  if (r.metric) lines.push(`  metric:      ${r.metric}`);
  if (r.groups) {
    for (const a of r.groups.ari) {
      lines.push(
        `  ARI ${a.name}: median ${fmtNumber(a.median)} (IQR ${fmtNumber(a.q1)} – ${fmtNumber(a.q3)})${a.missing > 0 ? `, A = 0 on ${a.missing}` : ''} vs ${r.groups.planted} planted groups`,
      );
    }
    for (const sp of r.groups.spectra) {
      lines.push(
        `  eigengap spectrum (${sp.name}, first seed): ${sp.eigenvalues.map((x) => x.toFixed(3)).join(' ')} → k = ${sp.k}`,
      );
    }
  }
  lines.push(`  why:         ${r.note}`);
  return lines.join('\n');
}
