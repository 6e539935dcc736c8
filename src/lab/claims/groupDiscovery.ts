/**
 * Group discovery against the truth (issue 13, item 4): on quadratic groups with planted groups,
 * the adjusted Rand index of the groups detected by spectral clustering (k by the eigengap,
 * MATH.md §7) against the planted ones, for three affinities:
 *  - cos of the gradients at the problem's first start;
 *  - the learned A (interactionAffinity) under gating 'conflicting';
 *  - the learned A under gating 'all';
 * each over the same seeds, the learned ones with the rest of the setting as given (the best of
 * the claim's search). The eigenvalues that chose k are kept for the first seed. The clustering
 * and the index are plantedGroups.ts's, the same as `lab meta` and the Meta panel report.
 */

import { cosineFromGram, gram } from '../../core/gram';
import { detectGroups } from '../plantedGroups';
import { spread } from '../seedSpread';
import { learnedAffinity, type MetaSetting, metaProblem, steelmanMetaRun } from '../steelmanMeta';
import type { ClaimContext, ClaimGroupsReport } from './types';

export async function groupDiscovery(
  s: MetaSetting,
  seeds: readonly number[],
  ctx: ClaimContext,
): Promise<ClaimGroupsReport> {
  const names = [
    'cos at the first start',
    'learned A, gating conflicting',
    'learned A, gating all',
  ];
  const ari: (number | null)[][] = names.map(() => []);
  const spectra: ClaimGroupsReport['spectra'] = [];
  let planted = 0;
  for (const [n, seed] of seeds.entries()) {
    await new Promise<void>((r) => setTimeout(r, 0));
    if (ctx.signal?.aborted) throw new DOMException('claim measurement cancelled', 'AbortError');
    const problem = metaProblem(s, seed);
    const { K, d } = problem;
    planted = new Set(problem.groupOf).size;
    const theta = problem.starts()[0];
    const affinities: (Float64Array | null)[] = [
      cosineFromGram(gram({ K, d, g: problem.gradients(theta) }), K),
    ];
    for (const gating of ['conflicting', 'all'] as const) {
      const r = await steelmanMetaRun({ ...s, gating }, seed, {
        backend: ctx.backend ?? 'cpu',
        ...(ctx.device ? { device: ctx.device } : {}),
      });
      affinities.push(learnedAffinity(r.A, K));
    }
    affinities.forEach((a, k) => {
      if (!a) {
        ari[k].push(null);
        return;
      }
      const g = detectGroups(a, K, problem.groupOf);
      ari[k].push(g.ari);
      if (n === 0) spectra.push({ name: names[k], eigenvalues: g.eigenvalues, k: g.k });
    });
    ctx.progress?.((n + 1) / seeds.length, `groups, seed ${seed}`);
  }
  return {
    ari: names.map((name, k) => ({ name, ...spread(ari[k]) })),
    spectra,
    planted,
  };
}
