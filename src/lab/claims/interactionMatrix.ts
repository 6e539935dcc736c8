/**
 * Claims of the seed `interaction-matrix.txt`. The meta-learning claims share one run per
 * (meta-loss, seed): quadratic groups (K = 6, d = 3, two planted groups), A_0 = 0.5 off the
 * diagonal, 10 cycles of the defaults of src/core/meta (T = 20, η_meta = 0.05, central
 * differences with h = 1e-4, A ∈ [0, 1], conflicting gating), then the stability test with
 * p = 0.2 for 10 more cycles.
 */

import { cosineFromGram, gram } from '../../core/gram';
import { META_LOSSES, type MetaLossId } from '../../core/meta/index';
import { project } from '../../core/methods/index';
import { createProblem } from '../../core/problems/index';
import { randomConflictSets } from '../../core/problems/randomSets';
import { type MetaRun, runMeta } from '../metaRun';
import { type Claim, type ClaimContext, type ClaimResult, chosenDefinition } from './types';

const SOURCE = 'interaction-matrix.txt';
const CYCLES = 10;

const LOSS_DEFINITIONS = META_LOSSES.map((m) => ({ id: m.id, label: `meta-loss: ${m.label}` }));

const cache = new Map<string, MetaRun>();
export async function sharedMetaRun(loss: MetaLossId, ctx: ClaimContext): Promise<MetaRun> {
  const key = `${loss}:${ctx.seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const problem = createProblem('quadratic-groups', { seed: ctx.seed });
  const run = await runMeta(problem, {
    loss,
    cycles: CYCLES,
    a0: 0.5,
    perturb: 0.2,
    perturbCycles: 10,
    perturbSeed: ctx.seed,
    signal: ctx.signal,
    onCycle: (c, n) => ctx.progress?.(c / n, `meta-cycle ${c}/${n}`),
  });
  cache.set(key, run);
  return run;
}

const e = (x: number | null) =>
  x === null ? '—' : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(3);
const SETTING =
  'quadratic groups (K = 6, d = 3, 2 groups), A_0 = 0.5, 10 meta-cycles, T = 20, central differences';

function metaClaim(
  id: string,
  claim: string,
  seedValue: string,
  judge: (r: MetaRun) => Omit<ClaimResult, 'definitionUsed'>,
): Claim {
  return {
    id,
    source: SOURCE,
    claim,
    seedValue,
    definitions: LOSS_DEFINITIONS,
    async run(ctx) {
      const def = chosenDefinition(this, ctx);
      const r = await sharedMetaRun(def.id as MetaLossId, ctx);
      return { ...judge(r), definitionUsed: `${def.label}; ${SETTING}` };
    },
  };
}

const im1: Claim = {
  id: 'im-1',
  source: SOURCE,
  claim: 'With A_ij = α·|cos(g_i, g_j)| the interaction matrix recovers cosine-scaled projection.',
  seedValue: 'recovers Theorem 2',
  definitions: [
    { id: 'conflicting', label: 'gating: conflicting pairs only (MATH.md default)' },
    { id: 'all', label: 'gating: all pairs' },
  ],
  async run(ctx) {
    const def = chosenDefinition(this, ctx);
    let worst = 0;
    const sets = randomConflictSets({ count: 300, K: 4, d: 6, seed: ctx.seed, scaled: true });
    for (const [n, gs] of sets.entries()) {
      const alpha = ((n % 7) + 1) / 7;
      const K = gs.K;
      const cos = cosineFromGram(gram(gs), K);
      const A = cos.map((c) => alpha * Math.abs(c));
      const a = project(gs, { id: 'interaction', A, gating: def.id as 'conflicting' | 'all' });
      const b = project(gs, { id: 'cosine', alpha });
      let num = 0;
      let den = 0;
      for (let k = 0; k < a.projected.length; k++) {
        num = Math.max(num, Math.abs(a.projected[k] - b.projected[k]));
        den = Math.max(den, Math.abs(b.projected[k]));
      }
      worst = Math.max(worst, num / den);
    }
    const ok = worst < 1e-12;
    return {
      value: `max relative difference ${worst.toExponential(2)} over ${sets.length} sets (K = 4)`,
      numbers: { maxRelativeDifference: worst },
      verdict: ok ? 'holds under a stated definition' : 'does not hold',
      note: ok
        ? 'Identical to rounding when only conflicting pairs are projected, as the seed’s sum implicitly requires.'
        : 'Projecting every pair also removes components along cooperating gradients, which cosine-scaled projection never does.',
      definitionUsed: def.label,
    };
  },
};

const im2 = metaClaim(
  'im-2',
  'The interaction matrix stabilises within 5 meta-gradient cycles.',
  '‖ΔA‖_F: 0.42, 0.11, 0.03, 0.004 at cycles 2–5',
  (r) => {
    const seedDelta: Record<number, string> = { 2: '0.42', 3: '0.11', 4: '0.03', 5: '0.004' };
    const d5 = r.records[4]?.deltaNorm ?? null;
    const ok = d5 !== null && d5 <= 0.005 && r.records.slice(5).every((c) => c.deltaNorm <= 0.005);
    return {
      value: `‖ΔA‖_F at cycle 5 = ${e(d5)}; cycles 6–10: ${r.records
        .slice(5)
        .map((c) => e(c.deltaNorm))
        .join(', ')}`,
      numbers: { delta5: d5 },
      verdict: ok ? 'holds under a stated definition' : 'does not hold',
      note: ok
        ? 'Stable from cycle 5: ‖ΔA_t‖_F ≤ 0.005 (the seed’s own cycle-5 figure) from then on.'
        : 'Stable means ‖ΔA_t‖_F ≤ 0.005 from cycle 5 on (the seed’s own cycle-5 figure); the learned matrix still moves.',
      table: {
        header: ['cycle', 'seed ‖ΔA‖_F', 'measured ‖ΔA‖_F', 'meta-loss'],
        rows: r.records.map((c) => [
          c.cycle,
          seedDelta[c.cycle] ?? '—',
          e(c.deltaNorm),
          e(c.metaLoss),
        ]),
      },
    };
  },
);

const im3 = metaClaim(
  'im-3',
  'After 5 meta-cycles the inner optimisation converges 2.8× faster than the baseline.',
  '2.8× faster at cycle 5',
  (r) => {
    const at5 = r.records[4]?.innerSteps ?? null;
    const base = r.baselineZero.innerSteps;
    const speedup = at5 !== null && at5 > 0 ? base / at5 : null;
    const ok = speedup !== null && speedup >= 2.5;
    return {
      value: `inner steps to tolerance: A = 0 → ${e(base)}, A = 1 → ${e(r.baselineOne.innerSteps)}, A_5 → ${e(at5)} (speed-up vs A = 0: ${e(speedup)}×)`,
      numbers: { speedup, baselineZero: base, baselineOne: r.baselineOne.innerSteps, at5 },
      verdict: ok ? 'holds under a stated definition' : 'does not hold',
      note: ok
        ? 'At least 2.5× fewer inner steps than plain summation (A = 0).'
        : 'Baseline is A = 0 (plain loss-flow); the learned A does not make the inner run 2.5× faster.',
      table: {
        header: ['cycle', 'inner steps (A_t)', 'A = 0', 'A = 1'],
        rows: r.records.map((c) => [
          c.cycle,
          e(c.innerSteps),
          e(c.baselineZero.innerSteps),
          e(c.baselineOne.innerSteps),
        ]),
      },
    };
  },
);

const im4 = metaClaim(
  'im-4',
  'The learned A is generally not symmetric.',
  'asymmetric structure',
  (r) => {
    const ok = r.asymmetry !== null && r.asymmetry > 0.1;
    return {
      value: `‖A − Aᵀ‖_F / ‖A‖_F = ${e(r.asymmetry)} after ${r.records.length} cycles`,
      numbers: { asymmetry: r.asymmetry },
      verdict: ok ? 'holds under a stated definition' : 'does not hold',
      note: ok ? 'Relative asymmetry above 0.1.' : 'Relative asymmetry at most 0.1 (or A = 0).',
    };
  },
);

const im5 = metaClaim(
  'im-5',
  'Group discovery: within cooperative groups A ≈ 0; between competing groups A ≈ 0.785 (π/4).',
  'within ≈ 0.0, between ≈ 0.785',
  (r) => {
    const w = r.planted?.within ?? null;
    const b = r.planted?.between ?? null;
    const ok = w !== null && b !== null && Math.abs(w) <= 0.1 && Math.abs(b - Math.PI / 4) <= 0.1;
    return {
      value: `within-group mean ${e(w)}, between-group mean ${e(b)}; groups found in A: ${r.discovered ? `k = ${r.discovered.k}` : 'none (A = 0)'}`,
      numbers: { within: w, between: b, k: r.discovered?.k ?? null },
      verdict: ok ? 'holds under a stated definition' : 'does not hold',
      note: ok
        ? 'Within 0.1 of both figures against the planted groups.'
        : 'Not within 0.1 of 0 (within) and π/4 (between) against the planted groups.',
    };
  },
);

const im6 = metaClaim(
  'im-6',
  'Perturbed by up to 20%, A recovers to within 1% of its values within O(10) cycles.',
  'recovers within 1% in O(10) cycles',
  (r) => {
    const last = r.stability.at(-1)?.relative ?? null;
    const first = r.stability.findIndex((s) => s.relative !== null && s.relative <= 0.01);
    const ok = first >= 0;
    return {
      value: `relative distance to the pre-perturbation A: ${e(r.stabilityInitialRelative)} after the kick, ${e(last)} after ${r.stability.length} cycles`,
      numbers: {
        initial: r.stabilityInitialRelative,
        final: last,
        cyclesTo1pct: ok ? first + 1 : null,
      },
      verdict: ok ? 'holds under a stated definition' : 'does not hold',
      note: ok
        ? `Back within 1% after ${first + 1} cycles.`
        : 'Never back within 1% of the pre-perturbation matrix in 10 cycles.',
      table: {
        header: ['cycle', '‖A_t − A_pre‖_F', 'relative'],
        rows: r.stability.map((s) => [s.cycle, e(s.distance), e(s.relative)]),
      },
    };
  },
);

export const INTERACTION_CLAIMS: Claim[] = [im1, im2, im3, im4, im5, im6];
