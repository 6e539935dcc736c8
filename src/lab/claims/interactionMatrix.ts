/**
 * Claims of the seed `interaction-matrix.txt`, each measured at its strongest (issue 13): a
 * steelman search over the settings of META_AXES (../steelman.ts; budget and seeds from the
 * context), every meta-learning run on quadratic groups (2 planted groups, d = 3) with the
 * backtracking learner of ../steelmanMeta.ts, its batches evaluated on the engine
 * (ctx.backend). Each number is a distribution over the seeds; the verdict is the share of seeds
 * on which the claim holds at the best setting (steelmanClaim.ts).
 */

import { cosineFromGram, gram } from '../../core/gram';
import {
  constantInteraction,
  META_LOSS_IDS,
  META_LOSSES,
  type MetaLossId,
} from '../../core/meta/index';
import { project } from '../../core/methods/index';
import { randomConflictSets } from '../../core/problems/randomSets';
import type { SearchAxis, Setting } from '../steelman';
import {
  innerSpeed,
  LEARNED_RULE,
  learning,
  type MetaSetting,
  type SteelmanMetaRun,
  stabilityRun,
  steelmanMetaRun,
} from '../steelmanMeta';
import { groupDiscovery } from './groupDiscovery';
import { medianOf, searchClaim, searchedResult, seriesTable, spreadOf } from './steelmanClaim';
import { type Claim, type ClaimContext, type ClaimResult, chosenDefinition } from './types';

const SOURCE = 'interaction-matrix.txt';
/** Horizon of the inner-speed runs (innerSpeed's default). */
const HORIZON = 1000;

/** The settings a defender of the meta-learning claims could choose; values[0] = lab default. */
export const META_AXES: SearchAxis[] = [
  {
    name: 'etaMeta',
    label:
      'meta step size η_meta (backtracking ×1, ½, ¼, ⅛; a step raising the meta-loss is rejected)',
    values: [0.05, 0.01, 0.2],
  },
  { name: 'T', label: 'inner horizon T of the meta-loss', values: [20, 50] },
  { name: 'loss', label: 'meta-loss', values: META_LOSS_IDS },
  { name: 'a0', label: 'A_0 (constant off the diagonal)', values: [0.5, 0.25, 0] },
  { name: 'gating', label: 'gating', values: ['conflicting', 'all'] },
  { name: 'etaScale', label: 'inner step η·λ_max(Σ H_i)', values: [1, 0.5] },
  {
    name: 'K',
    label: 'objectives K (quadratic groups, 2 planted groups, d = 3)',
    values: [6, 4, 8],
  },
];

const LOSS_DEFINITIONS = [
  { id: 'search', label: 'meta-loss searched (all five, MATH.md §6)' },
  ...META_LOSSES.map((m) => ({ id: m.id, label: `meta-loss: ${m.label}` })),
];

const SETTING_NOTE =
  'quadratic groups (2 planted groups, d = 3), 10 meta-cycles, central differences h = 1e-4, A ∈ [0, 1]';

export function metaSetting(s: Setting): MetaSetting {
  return {
    loss: s.loss as MetaLossId,
    etaMeta: Number(s.etaMeta),
    T: Number(s.T),
    a0: Number(s.a0),
    gating: s.gating as 'conflicting' | 'all',
    etaScale: Number(s.etaScale),
    K: Number(s.K),
    d: 3,
  };
}

function pinnedLoss(def: { id: string }): Setting {
  return def.id === 'search' ? {} : { loss: def.id };
}

export type MetaJudge = (
  s: Setting,
  seed: number,
  ctx: ClaimContext,
) => Promise<{
  numbers: Record<string, number | null>;
  holds: boolean;
  score: number;
  series?: Record<string, (number | null)[]>;
}>;

function metaClaim(
  id: string,
  claim: string,
  seedValue: string,
  scoreLabel: string,
  judge: MetaJudge,
  extraAxes: SearchAxis[],
  report: (
    c: Awaited<ReturnType<typeof searchClaim>>,
    ctx: ClaimContext,
  ) => Promise<Omit<ClaimResult, 'definitionUsed' | 'verdict'>>,
): Claim {
  return {
    id,
    source: SOURCE,
    claim,
    seedValue,
    definitions: LOSS_DEFINITIONS,
    usesBackend: true,
    async run(ctx) {
      const def = chosenDefinition(this, ctx);
      const c = await searchClaim(
        {
          axes: [...META_AXES, ...extraAxes],
          pinned: pinnedLoss(def),
          scoreLabel,
          measure: (s, seed) => judge(s, seed, ctx),
        },
        ctx,
      );
      const rest = await report(c, ctx);
      return { ...rest, ...searchedResult(c), definitionUsed: `${def.label}; ${SETTING_NOTE}` };
    },
  };
}

const opts = (ctx: ClaimContext) => ({
  backend: ctx.backend ?? 'cpu',
  ...(ctx.device ? { device: ctx.device } : {}),
});

/** The learning guard's numbers for a run (steelmanMeta.ts `learning`), per seed. */
function learnedNumbers(r: SteelmanMetaRun) {
  const l = learning(r);
  return {
    learned: l.learned,
    numbers: { metaLossRelativeDrop: l.relativeDrop, movedFromA0: l.moved },
  };
}

/** "learned on 7/10 seeds (relative meta-loss drop …, ‖A_10 − A_0‖_F …)" for a card. */
function learnedText(c: Awaited<ReturnType<typeof searchClaim>>): string {
  const n = c.r.perSeed.filter((m) => m.numbers.learned === 1).length;
  return `learned on ${n}/${c.r.perSeed.length} seeds (relative meta-loss drop ${spreadOf(c, 'metaLossRelativeDrop')}, ‖A_10 − A_0‖_F ${spreadOf(c, 'movedFromA0')}; ${LEARNED_RULE})`;
}

const im1: Claim = {
  id: 'im-1',
  source: SOURCE,
  claim: 'With A_ij = α·|cos(g_i, g_j)| the interaction matrix recovers cosine-scaled projection.',
  seedValue: 'recovers Theorem 2',
  definitions: [
    { id: 'search', label: 'gating searched (conflicting pairs only, all pairs)' },
    { id: 'conflicting', label: 'gating: conflicting pairs only (MATH.md default)' },
    { id: 'all', label: 'gating: all pairs' },
  ],
  async run(ctx) {
    const def = chosenDefinition(this, ctx);
    const c = await searchClaim(
      {
        axes: [
          { name: 'gating', label: 'gating', values: ['conflicting', 'all'] },
          { name: 'K', label: 'objectives K of the random sets (d = 6)', values: [4, 2, 8] },
        ],
        pinned: def.id === 'search' ? {} : { gating: def.id },
        scoreLabel: 'max relative difference to cosine-scaled projection',
        async measure(s, seed) {
          let worst = 0;
          const sets = randomConflictSets({ count: 300, K: Number(s.K), d: 6, seed, scaled: true });
          for (const [n, gs] of sets.entries()) {
            const alpha = ((n % 7) + 1) / 7;
            const K = gs.K;
            const cos = cosineFromGram(gram(gs), K);
            const A = cos.map((x) => alpha * Math.abs(x));
            const a = project(gs, {
              id: 'interaction',
              A,
              gating: s.gating as 'conflicting' | 'all',
            });
            const b = project(gs, { id: 'cosine', alpha });
            let num = 0;
            let den = 0;
            for (let k = 0; k < a.projected.length; k++) {
              num = Math.max(num, Math.abs(a.projected[k] - b.projected[k]));
              den = Math.max(den, Math.abs(b.projected[k]));
            }
            worst = Math.max(worst, num / den);
          }
          return { numbers: { maxRelativeDifference: worst }, holds: worst < 1e-12, score: worst };
        },
      },
      ctx,
    );
    const gating = c.r.best.gating;
    return {
      value: `max relative difference ${spreadOf(c, 'maxRelativeDifference')} over 300 random sets per seed; ${c.summary}`,
      numbers: { maxRelativeDifference: medianOf(c, 'maxRelativeDifference') },
      note:
        gating === 'conflicting'
          ? 'Identical to rounding when only conflicting pairs are projected, as the seed’s sum implicitly requires; projecting all pairs also removes components along cooperating gradients.'
          : 'Projecting every pair also removes components along cooperating gradients, which cosine-scaled projection never does.',
      definitionUsed: def.label,
      ...searchedResult(c),
    };
  },
};

/**
 * im-2 on one seed: stable when ‖ΔA_t‖_F ≤ 0.005 for every cycle 5–10 and the run learned
 * (LEARNED_RULE); score max ‖ΔA_t‖_F over cycles 5–10, +∞ when the run did not learn.
 */
export const stableJudge: MetaJudge = async (s, seed, ctx) => {
  const r = await steelmanMetaRun(metaSetting(s), seed, opts(ctx));
  const late = r.cycles.slice(4).map((c) => c.deltaNorm);
  const maxLate = late.length > 0 ? Math.max(...late) : null;
  const l = learnedNumbers(r);
  const rejected = r.cycles.filter((c) => c.scale === 0).length;
  return {
    numbers: {
      delta5: r.cycles[4]?.deltaNorm ?? null,
      maxDeltaCycles5to10: maxLate,
      metaLossDrop: r.loss0 - (r.cycles.at(-1)?.metaLoss ?? r.loss0),
      rejectedSteps: rejected,
      ...l.numbers,
      learned: l.learned ? 1 : 0,
    },
    holds: maxLate !== null && maxLate <= 0.005 && l.learned,
    score: l.learned && maxLate !== null ? maxLate : Number.POSITIVE_INFINITY,
    series: {
      deltaNorm: r.cycles.map((c) => c.deltaNorm),
      metaLoss: r.cycles.map((c) => c.metaLoss),
    },
  };
};

const im2 = metaClaim(
  'im-2',
  'The interaction matrix stabilises within 5 meta-gradient cycles.',
  '‖ΔA‖_F: 0.42, 0.11, 0.03, 0.004 at cycles 2–5',
  'max ‖ΔA_t‖_F over cycles 5–10 (∞ when the run did not learn)',
  (s, seed, ctx) => stableJudge(s, seed, ctx),
  [],
  async (c) => ({
    value: `‖ΔA_5‖_F ${spreadOf(c, 'delta5')}; max ‖ΔA_t‖_F over cycles 5–10 ${spreadOf(c, 'maxDeltaCycles5to10')}; meta-loss drop ${spreadOf(c, 'metaLossDrop')}; rejected steps ${spreadOf(c, 'rejectedSteps')}; ${learnedText(c)}; ${c.summary}`,
    numbers: {
      delta5: medianOf(c, 'delta5'),
      maxDeltaCycles5to10: medianOf(c, 'maxDeltaCycles5to10'),
      metaLossDrop: medianOf(c, 'metaLossDrop'),
    },
    note: 'Stable means ‖ΔA_t‖_F ≤ 0.005 (the seed’s own cycle-5 figure) for every cycle 5–10, on a run that learned: its meta-loss fell by at least 1% and A moved by ‖A_10 − A_0‖_F ≥ 0.01 (a matrix that never moved has learned nothing, so it cannot be said to stabilise). A rejected step counts as ‖ΔA_t‖_F = 0.',
    table: seriesTable(c, 'cycle', [
      { name: 'deltaNorm', label: '‖ΔA‖_F' },
      { name: 'metaLoss', label: 'meta-loss' },
    ]),
  }),
);

const im3 = metaClaim(
  'im-3',
  'After 5 meta-cycles the inner optimisation converges 2.8× faster than the baseline.',
  '2.8× faster at cycle 5',
  '−ln(speed-up), speed-up = rate(A_5) / rate(baseline) (∞ when undefined or the run did not learn)',
  async (s, seed, ctx) => {
    const ms = metaSetting(s);
    const r = await steelmanMetaRun(ms, seed, opts(ctx));
    const K = r.problem.K;
    const [at5, atA0, zero, one] = await innerSpeed(
      r.problem,
      [r.A5, r.A0, constantInteraction(K, 0), constantInteraction(K, 1)],
      {
        on: s.speedOn as 'movement' | 'gap',
        eta: r.eta,
        gating: ms.gating,
        horizon: HORIZON,
        ...opts(ctx),
      },
    );
    const base = s.baseline === 'A_0' ? atA0 : zero;
    const speedup =
      at5.rate !== null && base.rate !== null && base.rate > 0 ? at5.rate / base.rate : null;
    const l = learnedNumbers(r);
    return {
      numbers: {
        speedup,
        rateA5: at5.rate,
        rateBaseline: base.rate,
        stepsA5: at5.steps,
        stepsA0: atA0.steps,
        stepsZero: zero.steps,
        stepsOne: one.steps,
        ...l.numbers,
        learned: l.learned ? 1 : 0,
      },
      holds: speedup !== null && speedup >= 2.5 && l.learned,
      score:
        speedup !== null && speedup > 0 && l.learned
          ? -Math.log(speedup)
          : Number.POSITIVE_INFINITY,
    };
  },
  [
    {
      name: 'speedOn',
      label:
        'convergence measured on: movement ‖θ_t − θ_{t−1}‖ (the flow’s own fixed point) or F − F*',
      values: ['movement', 'gap'],
    },
    {
      name: 'baseline',
      label: 'baseline: A = 0 (plain sum) or the initial A_0 (the seed’s cycle 1)',
      values: ['A = 0', 'A_0'],
    },
  ],
  async (c) => ({
    value: `speed-up (rate ratio) ${spreadOf(c, 'speedup', 'not defined')}×: rate A_5 ${spreadOf(c, 'rateA5')}, baseline ${spreadOf(c, 'rateBaseline')} per step; inner steps to 10⁻⁶ of the first: A_5 ${spreadOf(c, 'stepsA5', 'not reached')}, A_0 ${spreadOf(c, 'stepsA0', 'not reached')}, A = 0 ${spreadOf(c, 'stepsZero', 'not reached')}, A = 1 ${spreadOf(c, 'stepsOne', 'not reached')}; ${learnedText(c)}; ${c.summary}`,
    numbers: {
      speedup: medianOf(c, 'speedup'),
      rateA5: medianOf(c, 'rateA5'),
      rateBaseline: medianOf(c, 'rateBaseline'),
      stepsA5: medianOf(c, 'stepsA5'),
      stepsA0: medianOf(c, 'stepsA0'),
      stepsZero: medianOf(c, 'stepsZero'),
      stepsOne: medianOf(c, 'stepsOne'),
    },
    metric: `rate, which no horizon caps: r = ln(e_ref / max(e_τ, 10⁻⁶·e_ref)) / (τ − t_ref), the mean decrease of ln e_t per inner step from the reference step to τ = the step that reached 10⁻⁶·e_ref, or the horizon ${HORIZON} when none did (mean over starts); speed-up = r(A_5) / r(baseline). When both reach the tolerance this is the ratio of their steps. e_t is the step length ‖θ_t − θ_{t−1}‖ (e_ref = the first step) or F − F* (e_ref = e_0), as searched. Steps to tolerance are shown beside it, "not reached" where a start does not get there within ${HORIZON} steps (never counted as ${HORIZON}).`,
    note: 'Holds on a seed when the inner run at A_5 converges at least 2.5 times the baseline’s rate (the seed says 2.8×) and the run learned (a speed-up of an A_0 that never moved is not one of meta-learning); undefined where the baseline does not converge at all (rate ≤ 0).',
  }),
);

const im4 = metaClaim(
  'im-4',
  'The learned A is generally not symmetric.',
  'asymmetric structure',
  '−‖A − Aᵀ‖_F/‖A‖_F (∞ when the run did not learn)',
  async (s, seed, ctx) => {
    const r = await steelmanMetaRun(metaSetting(s), seed, opts(ctx));
    const l = learnedNumbers(r);
    return {
      numbers: { asymmetry: r.asymmetry, ...l.numbers, learned: l.learned ? 1 : 0 },
      holds: r.asymmetry !== null && r.asymmetry > 0.1 && l.learned,
      score: r.asymmetry === null || !l.learned ? Number.POSITIVE_INFINITY : -r.asymmetry,
    };
  },
  [],
  async (c) => ({
    value: `‖A − Aᵀ‖_F / ‖A‖_F after 10 cycles ${spreadOf(c, 'asymmetry', 'A = 0')}; ${learnedText(c)}; ${c.summary}`,
    numbers: { asymmetry: medianOf(c, 'asymmetry') },
    note: `Asymmetric means a relative asymmetry above 0.1, of a matrix that was learned (${LEARNED_RULE}).`,
  }),
);

const im5 = metaClaim(
  'im-5',
  'Group discovery: within cooperative groups A ≈ 0; between competing groups A ≈ 0.785 (π/4).',
  'within ≈ 0.0, between ≈ 0.785',
  'max(|within|, |between − π/4|) over the planted groups (∞ when the run did not learn)',
  async (s, seed, ctx) => {
    const r = await steelmanMetaRun(metaSetting(s), seed, opts(ctx));
    const { within: w, between: b } = r.planted;
    const dev = w !== null && b !== null ? Math.max(Math.abs(w), Math.abs(b - Math.PI / 4)) : null;
    const l = learnedNumbers(r);
    return {
      numbers: { within: w, between: b, ...l.numbers, learned: l.learned ? 1 : 0 },
      holds: dev !== null && dev <= 0.1 && l.learned,
      score: dev !== null && l.learned ? dev : Number.POSITIVE_INFINITY,
    };
  },
  [],
  async (c, ctx) => {
    const groups = await groupDiscovery(metaSetting(c.r.best), c.r.seeds, ctx);
    return {
      value: `within-group mean A ${spreadOf(c, 'within')}, between-group mean A ${spreadOf(c, 'between')} (planted groups); ARI of detected vs planted groups: ${groups.ari.map((a) => `${a.name} ${a.median === null ? '—' : a.median.toFixed(2)}`).join(', ')} (medians); ${learnedText(c)}; ${c.summary}`,
      numbers: { within: medianOf(c, 'within'), between: medianOf(c, 'between') },
      note: 'Holds on a seed when both means are within 0.1 of 0 (within) and π/4 (between), against the planted groups, on a run that learned (a constant A_0 that never moved discovers nothing).',
      groups,
    };
  },
);

const im6 = metaClaim(
  'im-6',
  'Perturbed by up to 20%, A recovers to within 1% of its values within O(10) cycles.',
  'recovers within 1% in O(10) cycles',
  'smallest relative distance to the pre-perturbation A over the 10 cycles after the kick',
  async (s, seed, ctx) => {
    const st = await stabilityRun(metaSetting(s), seed, opts(ctx));
    const l = learnedNumbers(await steelmanMetaRun(metaSetting(s), seed, opts(ctx)));
    const vals = st.relative.filter((x): x is number => x !== null);
    const first = st.relative.findIndex((x) => x !== null && x <= 0.01);
    return {
      numbers: {
        initial: st.initial,
        final: st.relative.at(-1) ?? null,
        cyclesTo1pct: first >= 0 ? first + 1 : null,
        ...l.numbers,
        learned: l.learned ? 1 : 0,
      },
      holds: first >= 0,
      score: vals.length > 0 ? Math.min(...vals) : Number.POSITIVE_INFINITY,
      series: { relative: st.relative },
    };
  },
  [],
  async (c) => ({
    value: `relative distance to the pre-perturbation A: ${spreadOf(c, 'initial')} after the kick (p = 0.2), ${spreadOf(c, 'final')} after 10 cycles; cycles to 1% ${spreadOf(c, 'cyclesTo1pct', 'not reached')}; A_pre was ${learnedText(c)}; ${c.summary}`,
    numbers: {
      initial: medianOf(c, 'initial'),
      final: medianOf(c, 'final'),
      cyclesTo1pct: medianOf(c, 'cyclesTo1pct'),
    },
    note: 'Holds on a seed when ‖A_t − A_pre‖_F/‖A_pre‖_F ≤ 0.01 at some cycle within 10 after the kick. Recovery needs the meta-loss to pull A back; where the meta-loss is flat around A_pre (steps rejected) A stays where the kick left it: that is the learner and the meta-loss, not noise.',
    table: seriesTable(c, 'cycle', [{ name: 'relative', label: '‖A_t − A_pre‖_F/‖A_pre‖_F' }]),
  }),
);

export const INTERACTION_CLAIMS: Claim[] = [im1, im2, im3, im4, im5, im6];
