/**
 * `lab meta --problem ID [problem flags] [--loss ID] [--cycles N] [--T N] [--eta H]
 *   [--eta-meta H] [--h H] [--amax A] [--a0 A] [--gating G] [--backtrack on|off]
 *   [--perturb P --perturb-cycles N]`:
 * meta-learning of the interaction matrix (MATH.md §6): the per-cycle table (the backtracking
 * scale kept, 0 = step rejected; inner speed as steps to 10⁻⁶ within 1000 steps, "not reached"
 * where a start does not get there, and as a rate), the final A, its groups and those of cos
 * with the adjusted Rand index against the planted groups, asymmetry, and the stability test
 * when asked.
 */
import { InputError } from '../../core/errors';
import { checkWork } from '../../core/io/limits';
import { META_LOSS_IDS } from '../../core/meta/index';
import { engineMetaEvaluator } from '../../lab/engineMeta';
import type { InnerSpeed } from '../../lab/innerSpeed';
import { runMeta } from '../../lab/metaRun';
import type { DetectedGroups } from '../../lab/plantedGroups';
import type { Flags } from '../args';
import { currentIo } from '../io';
import { initNodeWebGpu } from '../nodeGpu';
import { problemFromFlags } from '../problemFlags';
import { progressBar } from '../progress';
import { sharedFlag } from '../sharedFlags';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

/** Starts of the meta-learning rollouts (problem.starts() of quadratic groups). */
const META_STARTS = 5;

/**
 * Estimated multiply-adds of a meta-learning run, checked before it starts: each cycle runs
 * 2K(K−1) perturbed rollouts and 3 more (the iterate and the A = 0, A = 1 baselines), T steps
 * each from every start, a Gram matrix (K·d·(K + 1)) per step.
 */
function checkMetaWork(
  K: number,
  d: number,
  o: { cycles: number; T: number; perturb: number; perturbCycles: number },
): void {
  const cycles = o.cycles + (o.perturb > 0 ? o.perturbCycles : 0) + 1;
  const rollouts = cycles * (2 * K * (K - 1) + 3);
  checkWork(
    '--cycles',
    `${rollouts} rollouts of T = ${o.T} steps from ${META_STARTS} starts at K = ${K}, d = ${d}`,
    rollouts * META_STARTS * o.T * K * d * (K + 1),
    'Lower --cycles, --T or --K.',
  );
}

export async function metaCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const opts = {
    loss: flags.choice('loss', META_LOSS_IDS, 'final-log-b'),
    cycles: flags.int('cycles', 10, [0, 10000]),
    T: flags.int('T', 20, [1, 100000]),
    ...(flags.has('eta') ? { eta: sharedFlag(flags, 'eta', 0.1) } : {}),
    etaMeta: flags.number('eta-meta', 0.05),
    h: flags.number('h', 1e-4),
    Amax: flags.number('amax', 1),
    a0: flags.number('a0', 0.5),
    gating: sharedFlag(flags, 'gating', 'conflicting') as 'conflicting' | 'all',
    backtrack: flags.choice('backtrack', ['on', 'off'] as const, 'on') === 'on',
    perturb: flags.number('perturb', 0, [0, 0.2]),
    perturbCycles: flags.int('perturb-cycles', 10, [0, 10000]),
    perturbSeed: flags.int('perturb-seed', 1, [0, 0xffffffff]),
  };
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  const { id, params, problem } = problemFromFlags(flags, 'quadratic-groups', (K, d) =>
    checkMetaWork(K, d, opts),
  );
  const K = problem.K;
  flags.rejectUnknown();
  if (!(opts.Amax > 0)) throw new InputError('--amax', `got ${opts.Amax}; must be > 0`);
  if (opts.a0 < 0 || opts.a0 > opts.Amax) {
    throw new InputError(
      '--a0',
      `got ${opts.a0}; must lie in the box [0, --amax = ${opts.Amax}] (it would be clipped silently)`,
    );
  }
  if (backend === 'gpu') await initNodeWebGpu();
  const bar = progressBar(
    'meta-learning cycles',
    opts.cycles + (opts.perturb > 0 ? opts.perturbCycles : 0),
  );
  const signal = currentIo().signal;
  const r = await runMeta(problem, {
    ...opts,
    ...(signal ? { signal } : {}),
    ...(backend === 'gpu' ? { batchEvaluator: (o) => engineMetaEvaluator('gpu', o) } : {}),
    onCycle: (c, n) => {
      bar.update(c);
      if (c === n) bar.end();
      progress(`cycle ${c}/${n}`);
    },
  });
  const groupsJson = (g: DetectedGroups) => ({
    k: g.k,
    labels: Array.from(g.labels),
    eigenvalues: g.eigenvalues,
    ari: g.ari,
  });
  const steps = (x: InnerSpeed) => (x.steps === null ? 'not reached' : fmt(x.steps));
  const speed = (x: InnerSpeed) =>
    `${x.steps === null ? 'steps not reached' : `${fmt(x.steps)} steps`}, rate ${fmt(x.rate)}`;
  const groupsLine = (what: string, g: DetectedGroups) =>
    `groups of ${what}: k = ${g.k} (eigengap of ${g.eigenvalues.map((x) => x.toFixed(3)).join(' ')}), labels ${Array.from(g.labels).join(' ')}` +
    (g.ari === null ? '' : `; ARI vs planted ${g.ari.toFixed(3)}`);
  const matrix = (A: Float64Array) =>
    Array.from({ length: K }, (_, i) => Array.from(A.subarray(i * K, (i + 1) * K)));
  const json = {
    problem: { id, params, K, d: problem.d },
    options: opts,
    backend,
    baselines: { zero: r.baselineZero, one: r.baselineOne, initial: r.initial },
    cycles: r.records.map((c, k) => ({
      cycle: c.cycle,
      deltaNorm: c.deltaNorm,
      scale: c.scale,
      metaLoss: c.metaLoss,
      innerSteps: c.innerSteps,
      innerStepsA0: c.baselineZero.innerSteps,
      innerStepsA1: c.baselineOne.innerSteps,
      speed: r.speed.perCycle[k],
    })),
    speed: {
      on: r.speed.on,
      horizon: r.speed.horizon,
      initial: r.speed.initial,
      zero: r.speed.zero,
      one: r.speed.one,
    },
    A: matrix(r.A),
    asymmetry: r.asymmetry,
    plantedGroups: r.planted,
    discoveredGroups: r.discovered && groupsJson(r.discovered),
    cosGroups: groupsJson(r.cosGroups),
    stability: r.stability.map((s) => ({
      cycle: s.cycle,
      distance: s.distance,
      relative: s.relative,
    })),
  };
  const lines = [
    `${id} (K = ${K}, d = ${problem.d}); ${backend === 'gpu' ? 'perturbation batches on the GPU engine (float32)' : 'CPU float64'}; meta-loss ${opts.loss}; ${opts.cycles} cycles; T = ${opts.T}; ` +
      `η_meta = ${opts.etaMeta}; h = ${opts.h}; A ∈ [0, ${opts.Amax}], A_0 = ${opts.a0}; gating ${opts.gating}`,
    `η_meta step: ${opts.backtrack ? 'backtracking ×1, ½, ¼, ⅛, a step raising the meta-loss is rejected (scale 0)' : 'plain (no backtracking)'}`,
    `inner speed on ${r.speed.on === 'gap' ? 'F − F*' : '‖θ_t − θ_{t−1}‖'}: steps to 10⁻⁶ of the reference within ${r.speed.horizon} steps ("not reached" otherwise), and the rate = mean −Δ ln e per step (cannot saturate)`,
    `baselines: A = 0 → meta-loss ${fmt(r.baselineZero.metaLoss)}, ${speed(r.speed.zero)}; ` +
      `A = 1 → meta-loss ${fmt(r.baselineOne.metaLoss)}, ${speed(r.speed.one)}; A_0 → meta-loss ${fmt(r.initial.metaLoss)}, ${speed(r.speed.initial)}`,
    table(
      ['cycle', '‖A_t − A_{t−1}‖_F', 'step kept', 'meta-loss', 'inner steps', 'rate'],
      r.records.map((c, k) => [
        String(c.cycle),
        fmt(c.deltaNorm),
        c.scale === 0 ? 'rejected' : String(c.scale),
        fmt(c.metaLoss),
        steps(r.speed.perCycle[k]),
        fmt(r.speed.perCycle[k].rate),
      ]),
    ),
    'final A:',
    ...matrix(r.A).map((row) => `  ${row.map((x) => x.toFixed(4).padStart(8)).join(' ')}`),
    `asymmetry ‖A − Aᵀ‖_F/‖A‖_F = ${fmt(r.asymmetry)}`,
    r.planted
      ? `planted groups: within-group mean A = ${fmt(r.planted.within)}, between-group mean A = ${fmt(r.planted.between)}`
      : 'no planted groups on this problem',
    r.discovered ? groupsLine('the learned A', r.discovered) : 'A = 0: no group structure to find',
    groupsLine('cos at the first start', r.cosGroups),
  ];
  if (r.stability.length > 0) {
    lines.push(
      `stability test: p = ${opts.perturb}, initial relative distance ${fmt(r.stabilityInitialRelative)}`,
      table(
        ['cycle', '‖A_t − A_pre‖_F', 'relative'],
        r.stability.map((s) => [String(s.cycle), fmt(s.distance), fmt(s.relative)]),
      ),
    );
  }
  return { json, text: lines.join('\n') };
}
