/**
 * Claims of the seed `b-flow.txt`. The flows run on a problem chosen by the definition, with the
 * settings of FLOW_SETTINGS (stated beside every result): loss-flow is plain gradient descent on
 * F = Σ L_i with step η; B-flow and the B-phase of two-phase use the backtracking line search.
 */

import { type FlowSummary, runFlow } from '../../core/flows/run';
import { balance } from '../../core/metrics/balance';
import { createProblem } from '../../core/problems/index';
import { randomConflictSets } from '../../core/problems/randomSets';
import { createRng } from '../../core/rng';
import { fmtSpread, spread } from '../seedSpread';
import type { SearchAxis, Setting } from '../steelman';
import {
  medianOf,
  type SearchedClaim,
  searchClaim,
  searchedResult,
  spreadOf,
} from './steelmanClaim';
import {
  type Claim,
  type ClaimContext,
  chosenDefinition,
  throwIfAborted,
  type Verdict,
} from './types';

const SOURCE = 'b-flow.txt';

export const FLOW_SETTINGS = {
  'quadratic-groups': {
    eta: 0.1,
    steps: 20000,
    label: 'quadratic groups (K = 6, d = 3, 2 groups)',
  },
  'convex-pair': { eta: 0.05, steps: 20000, label: 'convex quadratic pair (TorchJD CQF)' },
  'cagrad-toy': { eta: 0.01, steps: 20000, label: 'CAGrad toy from (−8.5, 7.5)' },
} as const;
type FlowProblem = keyof typeof FLOW_SETTINGS;

const PROBLEM_DEFINITIONS = [
  { id: 'search', label: 'problem family searched (quadratic groups, convex pair, CAGrad toy)' },
  ...(Object.keys(FLOW_SETTINGS) as FlowProblem[]).map((id) => ({
    id,
    label: FLOW_SETTINGS[id].label,
  })),
];

export interface FlowComparison {
  problem: FlowProblem;
  loss: FlowSummary;
  bflow: FlowSummary;
  twoPhase: FlowSummary;
  settings: string;
}

export interface FlowSetting {
  problem: FlowProblem;
  /** η = etaScale × FLOW_SETTINGS[problem].eta. */
  etaScale: number;
  /** Backtracking line search for B-flow and the B-phase. */
  lineSearch: boolean;
  epsSwitch: number;
}

/**
 * The problem and start of a seed: quadratic groups are generated from the seed and start at
 * their first start; the convex pair and the CAGrad toy have no seed, so the seed draws a start
 * uniformly in their domain.
 */
export function seededFlowProblem(problem: FlowProblem, seed: number) {
  if (problem === 'quadratic-groups') {
    const p = createProblem(problem, { seed });
    return { p, start: Float64Array.from(p.starts()[0]) };
  }
  const p = createProblem(problem, {});
  const rng = createRng(seed);
  const dom = p.domain ?? [];
  return { p, start: Float64Array.from(dom, ([lo, hi]) => rng.uniform(lo, hi)) };
}

/** Runs loss-flow, B-flow and two-phase for a setting and seed (cached). */
const cache = new Map<string, FlowComparison>();
export async function compareFlows(s: FlowSetting, seed: number, ctx: ClaimContext) {
  const key = JSON.stringify([s, seed]);
  const hit = cache.get(key);
  if (hit) return hit;
  const f = FLOW_SETTINGS[s.problem];
  const { p, start } = seededFlowProblem(s.problem, seed);
  const eta = s.etaScale * f.eta;
  const common = { eta, steps: f.steps, tolB: 1e-10, tolF: 1e-10, start, epsSwitch: s.epsSwitch };
  const runs: FlowSummary[] = [];
  for (const kind of ['loss', 'bflow', 'two-phase'] as const) {
    throwIfAborted(ctx);
    runs.push(runFlow(p, { ...common, kind, lineSearch: kind !== 'loss' && s.lineSearch }));
    await Promise.resolve();
  }
  const out = {
    problem: s.problem,
    loss: runs[0],
    bflow: runs[1],
    twoPhase: runs[2],
    settings: `${f.label}; η = ${eta}; at most ${f.steps} steps`,
  };
  cache.set(key, out);
  return out;
}

export const FLOW_AXES: SearchAxis[] = [
  {
    name: 'problem',
    label:
      'problem family (seed → quadratic groups generated from it; other problems: a start drawn in the domain)',
    values: Object.keys(FLOW_SETTINGS),
  },
  {
    name: 'etaScale',
    label: 'step size η as a multiple of the problem’s default',
    values: [1, 0.5, 2],
  },
  { name: 'lineSearch', label: 'backtracking line search in B-flow', values: ['on', 'off'] },
  {
    name: 'epsSwitch',
    label: 'two-phase switch threshold ε_switch on |I + ½|',
    values: [0.01, 0.1, 0.001],
  },
];

function flowSetting(s: Setting): FlowSetting {
  return {
    problem: s.problem as FlowProblem,
    etaScale: Number(s.etaScale),
    lineSearch: s.lineSearch === 'on',
    epsSwitch: Number(s.epsSwitch),
  };
}

const e = (x: number | null) => (x === null ? 'undefined' : x.toExponential(2));

/**
 * The three flows at the best setting over every seed: per flow the median (IQR) of its final B,
 * of |I + ½| at the end, and of the steps to B ≤ 1e-10 ("not reached" counted), and how the runs
 * stopped (count per reason).
 */
function flowTable(cs: readonly FlowComparison[]) {
  const cell = (xs: (number | null)[], missing: string) => fmtSpread(spread(xs), missing);
  const row = (name: string, runs: FlowSummary[]) => {
    const stops = new Map<string, number>();
    for (const r of runs) stops.set(r.stop, (stops.get(r.stop) ?? 0) + 1);
    return [
      name,
      cell(
        runs.map((r) => r.finalB),
        'undefined',
      ),
      cell(
        runs.map((r) => (r.finalI === null ? null : Math.abs(r.finalI + 0.5))),
        'undefined',
      ),
      cell(
        runs.map((r) => r.stepsToTolB),
        'not reached',
      ),
      [...stops].map(([k, n]) => `${k} ×${n}`).join(', '),
    ];
  };
  return {
    header: [
      `flow (${cs.length} seeds)`,
      'final B',
      '|I + ½| at the end',
      'steps to B ≤ 1e-10',
      'stopped',
    ],
    rows: [
      row(
        'loss-flow',
        cs.map((c) => c.loss),
      ),
      row(
        'B-flow',
        cs.map((c) => c.bflow),
      ),
      row(
        'two-phase',
        cs.map((c) => c.twoPhase),
      ),
    ],
  };
}

const bf1: Claim = {
  id: 'bf-1',
  source: SOURCE,
  claim: 'B(θ) = 0 if and only if the system is at equilibrium (Σ g_i = 0).',
  seedValue: 'B = 0 ⇔ Σ g_i = 0',
  definitions: [{ id: 'direct', label: 'B = ‖Σg‖²/S computed directly, defined only where S > 0' }],
  async run(ctx) {
    const def = chosenDefinition(this, ctx);
    const toy = createProblem('cagrad-toy', {});
    const onLine = balance({ K: toy.K, d: toy.d, g: toy.gradients(Float64Array.from([0, 0])) });
    const c = await searchClaim(
      {
        axes: [],
        scoreLabel: 'B(θ*)',
        async measure(_s, seed) {
          const q = createProblem('quadratic-groups', { seed });
          const atStar = balance({ K: q.K, d: q.d, g: q.gradients(q.thetaStar!) });
          await Promise.resolve();
          return {
            numbers: { BAtThetaStar: atStar.B },
            holds: atStar.B !== null && atStar.B < 1e-20,
            score: atStar.B ?? Number.POSITIVE_INFINITY,
          };
        },
      },
      ctx,
      'holds under a stated definition',
    );
    return {
      value: `B(θ*) on quadratic groups ${spreadOf(c, 'BAtThetaStar')}; at (0, 0) on the CAGrad toy S = ${onLine.S} and B is ${onLine.B === null ? 'undefined' : e(onLine.B)}; ${c.summary}`,
      numbers: { BAtThetaStar: medianOf(c, 'BAtThetaStar'), toyS: onLine.S },
      note: 'True wherever S > 0 (B(θ*) at rounding on every seed); where every gradient vanishes (S = 0) B is undefined, not 0.',
      definitionUsed: def.label,
      ...searchedResult(c),
    };
  },
};

type FlowJudge = (c: FlowComparison) => {
  numbers: Record<string, number | null>;
  holds: boolean;
  score: number;
};

function flowClaim(
  id: string,
  claim: string,
  seedValue: string,
  scoreLabel: string,
  axes: string[],
  judge: FlowJudge,
  report: (c: SearchedClaim) => { value: string; note: string; metric?: string },
  holdsVerdict: Verdict = 'holds',
): Claim {
  return {
    id,
    source: SOURCE,
    claim,
    seedValue,
    definitions: PROBLEM_DEFINITIONS,
    async run(ctx) {
      const def = chosenDefinition(this, ctx);
      const fixed: Setting = { lineSearch: 'on', epsSwitch: 0.01 };
      const c = await searchClaim(
        {
          axes: FLOW_AXES.filter((a) => axes.includes(a.name)),
          pinned: def.id === 'search' ? {} : { problem: def.id },
          scoreLabel,
          measure: async (s, seed) => {
            const cmp = await compareFlows(flowSetting({ ...fixed, ...s }), seed, ctx);
            return judge(cmp);
          },
        },
        ctx,
        holdsVerdict,
      );
      const best = flowSetting({ ...fixed, ...c.r.pinned, ...c.r.best });
      const all: FlowComparison[] = [];
      for (const seed of c.r.seeds) all.push(await compareFlows(best, seed, ctx));
      const first = all[0];
      const names = Object.keys(c.r.spreads);
      return {
        ...report(c),
        numbers: Object.fromEntries(names.map((n) => [n, medianOf(c, n)])),
        definitionUsed: `${def.label}; best: ${first.settings}; tolerance B ≤ 1e-10`,
        table: flowTable(all),
        ...searchedResult(c),
      };
    },
  };
}

const EPS_B = 2.2e-15;
const lg = (x: number | null) => (x === null || !(x > 0) ? -300 : Math.log10(x));

const bf2 = flowClaim(
  'bf-2',
  'Gradient descent on B (B-flow) converges to equilibrium with precision bounded only by machine epsilon.',
  'final B = 8.8e-16',
  'log₁₀ of B-flow’s final B',
  ['problem', 'etaScale', 'lineSearch'],
  (c) => {
    const b = c.bflow.finalB;
    return {
      numbers: { finalB: b, steps: c.bflow.steps },
      holds: b !== null && b <= EPS_B,
      score: lg(b),
    };
  },
  (c) => ({
    value: `B-flow final B ${spreadOf(c, 'finalB')} after ${spreadOf(c, 'steps')} steps; ${c.summary}`,
    note: 'Holds on a seed when B-flow ends with B ≤ 10ε = 2.2e-15 within the step budget.',
  }),
);

const bf3 = flowClaim(
  'bf-3',
  'Loss-flow stalls at a saddle and does not reach equilibrium.',
  'final precision 3.3e-4, "stalls at saddle"',
  '−log₁₀ of loss-flow’s final B',
  ['problem', 'etaScale'],
  (c) => {
    const b = c.loss.finalB;
    return {
      numbers: { finalB: b, steps: c.loss.steps },
      holds: b === null || b > 1e-6,
      score: -lg(b),
    };
  },
  (c) => ({
    value: `loss-flow final B ${spreadOf(c, 'finalB')}; ${c.summary}`,
    note: 'Holds on a seed when loss-flow ends with B > 1e-6 (it did not reach Σg = 0).',
  }),
  'holds under a stated definition',
);

const bf4 = flowClaim(
  'bf-4',
  'B-flow is 3.75·10¹¹ times more precise than loss-flow.',
  'ratio 3.75e11',
  '−log₁₀(B_loss / B_bflow)',
  ['problem', 'etaScale', 'lineSearch'],
  (c) => {
    const a = c.loss.finalB;
    const b = c.bflow.finalB;
    const ratio = a !== null && b !== null && b > 0 ? a / b : null;
    return {
      numbers: { ratio, lossB: a, bflowB: b },
      holds: ratio !== null && ratio >= 1e11,
      score: ratio === null ? Number.POSITIVE_INFINITY : -Math.log10(ratio),
    };
  },
  (c) => ({
    value: `B_loss / B_bflow ${spreadOf(c, 'ratio')}; ${c.summary}`,
    note: 'Holds on a seed when B-flow ends at least 1e11 times lower than loss-flow.',
  }),
);

const bf5 = flowClaim(
  'bf-5',
  'At convergence of B-flow, I = −0.500000000000000 (loss-flow: I ≈ −0.498).',
  'I = −0.500000000000000 vs −0.498',
  '|I + ½| at the end of B-flow',
  ['problem', 'etaScale', 'lineSearch'],
  (c) => {
    const i = c.bflow.finalI;
    const dev = i === null ? null : Math.abs(i + 0.5);
    return {
      numbers: {
        bflowDeviation: dev,
        lossDeviation: c.loss.finalI === null ? null : Math.abs(c.loss.finalI + 0.5),
      },
      holds: dev !== null && dev <= 1e-15,
      score: dev ?? Number.POSITIVE_INFINITY,
    };
  },
  (c) => ({
    value: `|I + ½| at the end: B-flow ${spreadOf(c, 'bflowDeviation')}, loss-flow ${spreadOf(c, 'lossDeviation')}; ${c.summary}`,
    note: 'Holds on a seed when |I + ½| ≤ 1e-15 at the end of B-flow.',
  }),
);

const bf6: Claim = {
  id: 'bf-6',
  source: SOURCE,
  claim: 'B(θ) = 1 + 2I(θ), so minimising B is equivalent to driving I to −½.',
  seedValue: 'B = 1 + 2I',
  definitions: [
    { id: 'identity', label: 'max |B − (1 + 2I)| over random sets, and at θ* where B ≈ 0' },
  ],
  async run(ctx) {
    const def = chosenDefinition(this, ctx);
    const c = await searchClaim(
      {
        axes: [],
        scoreLabel: 'max |B − (1 + 2I)|',
        async measure(_s, seed) {
          let worst = 0;
          for (const gs of randomConflictSets({ count: 500, K: 4, d: 8, seed })) {
            const b = balance(gs);
            worst = Math.max(worst, Math.abs(b.B! - (1 + 2 * b.I!)));
          }
          const q = createProblem('quadratic-groups', { seed });
          const star = balance({ K: q.K, d: q.d, g: q.gradients(q.thetaStar!) });
          await Promise.resolve();
          return {
            numbers: { maxIdentityError: worst, BDirect: star.B, BViaI: 1 + 2 * star.I! },
            holds: worst < 1e-14,
            score: worst,
          };
        },
      },
      ctx,
      'holds under a stated definition',
    );
    return {
      value: `max |B − (1 + 2I)| ${spreadOf(c, 'maxIdentityError')} on 500 sets per seed; at θ*: B ${spreadOf(c, 'BDirect')} directly, 1 + 2I ${spreadOf(c, 'BViaI')}; ${c.summary}`,
      numbers: {
        maxIdentityError: medianOf(c, 'maxIdentityError'),
        BDirect: medianOf(c, 'BDirect'),
        BViaI: medianOf(c, 'BViaI'),
      },
      note: 'An identity in exact arithmetic; in float64 1 + 2I cannot resolve B below ~1e-16, which is why Concord computes B directly.',
      definitionUsed: def.label,
      ...searchedResult(c),
    };
  },
};

const bf7 = flowClaim(
  'bf-7',
  'Two-phase optimisation (loss-flow, then B-flow once |I + ½| < ε) is the optimal strategy.',
  'two-phase combines fast progress with machine-precision equilibrium',
  'log(two-phase steps / fewest steps of the other flows) to B ≤ 1e-10 (∞ when two-phase never gets there)',
  ['problem', 'etaScale', 'epsSwitch', 'lineSearch'],
  (c) => {
    const t = c.twoPhase.stepsToTolB;
    const others = [c.loss.stepsToTolB, c.bflow.stepsToTolB].filter((x): x is number => x !== null);
    const bestOther = others.length > 0 ? Math.min(...others) : null;
    return {
      numbers: { loss: c.loss.stepsToTolB, bflow: c.bflow.stepsToTolB, twoPhase: t },
      holds: t !== null && (bestOther === null || t < bestOther),
      score:
        t === null
          ? Number.POSITIVE_INFINITY
          : bestOther === null
            ? -10
            : Math.log(Math.max(t, 1) / Math.max(bestOther, 1)),
    };
  },
  (c) => ({
    value: `steps to B ≤ 1e-10: loss ${spreadOf(c, 'loss', 'not reached')}, B-flow ${spreadOf(c, 'bflow', 'not reached')}, two-phase ${spreadOf(c, 'twoPhase', 'not reached')}; ${c.summary}`,
    note: 'Holds on a seed when two-phase reaches B ≤ 1e-10 in strictly fewer steps than loss-flow and B-flow (a flow that never gets there within the budget is "not reached", not the budget).',
    metric:
      'steps to tolerance: the first step with B ≤ 1e-10, read after every step, within at most 20000 steps per flow; "not reached" where a flow does not get there (never counted as 20000). A flow that is not reached loses to one that is; two-phase holds only by reaching it in strictly fewer steps than both others.',
  }),
  'holds under a stated definition',
);

export const BFLOW_CLAIMS: Claim[] = [bf1, bf2, bf3, bf4, bf5, bf6, bf7];
