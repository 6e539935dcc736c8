/**
 * `lab meta --problem ID [problem flags] [--loss ID] [--cycles N] [--T N] [--eta H]
 *   [--eta-meta H] [--h H] [--amax A] [--a0 A] [--gating G] [--perturb P --perturb-cycles N]`:
 * meta-learning of the interaction matrix (MATH.md §6): the per-cycle table, the final A, its
 * group structure and asymmetry, and the stability test when asked.
 */
import { META_LOSS_IDS } from '../../core/meta/index';
import { engineMetaEvaluator } from '../../lab/engineMeta';
import { runMeta } from '../../lab/metaRun';
import type { Flags } from '../args';
import { initNodeWebGpu } from '../nodeGpu';
import { problemFromFlags } from '../problemFlags';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

export async function metaCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const { id, params, problem } = problemFromFlags(flags, 'quadratic-groups');
  const K = problem.K;
  const opts = {
    loss: flags.choice('loss', META_LOSS_IDS, 'final-log-b'),
    cycles: flags.int('cycles', 10, [0, 10000]),
    T: flags.int('T', 20, [1, 100000]),
    ...(flags.has('eta') ? { eta: flags.number('eta', 0.1) } : {}),
    etaMeta: flags.number('eta-meta', 0.05),
    h: flags.number('h', 1e-4),
    Amax: flags.number('amax', 1),
    a0: flags.number('a0', 0.5),
    gating: flags.choice('gating', ['conflicting', 'all'] as const, 'conflicting'),
    perturb: flags.number('perturb', 0, [0, 0.2]),
    perturbCycles: flags.int('perturb-cycles', 10, [0, 10000]),
    perturbSeed: flags.int('perturb-seed', 1, [0, 0xffffffff]),
  };
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  if (backend === 'gpu') await initNodeWebGpu();
  const r = await runMeta(problem, {
    ...opts,
    ...(backend === 'gpu' ? { batchEvaluator: (o) => engineMetaEvaluator('gpu', o) } : {}),
    onCycle: (c, n) => progress(`cycle ${c}/${n}`),
  });
  const matrix = (A: Float64Array) =>
    Array.from({ length: K }, (_, i) => Array.from(A.subarray(i * K, (i + 1) * K)));
  const json = {
    problem: { id, params, K, d: problem.d },
    options: opts,
    backend,
    baselines: { zero: r.baselineZero, one: r.baselineOne, initial: r.initial },
    cycles: r.records.map((c) => ({
      cycle: c.cycle,
      deltaNorm: c.deltaNorm,
      metaLoss: c.metaLoss,
      innerSteps: c.innerSteps,
      innerStepsA0: c.baselineZero.innerSteps,
      innerStepsA1: c.baselineOne.innerSteps,
    })),
    A: matrix(r.A),
    asymmetry: r.asymmetry,
    plantedGroups: r.planted,
    discoveredGroups: r.discovered
      ? { k: r.discovered.k, labels: Array.from(r.discovered.labels) }
      : null,
    stability: r.stability.map((s) => ({
      cycle: s.cycle,
      distance: s.distance,
      relative: s.relative,
    })),
  };
  const lines = [
    `${id} (K = ${K}, d = ${problem.d}); ${backend === 'gpu' ? 'perturbation batches on the GPU engine (float32)' : 'CPU float64'}; meta-loss ${opts.loss}; ${opts.cycles} cycles; T = ${opts.T}; ` +
      `η_meta = ${opts.etaMeta}; h = ${opts.h}; A ∈ [0, ${opts.Amax}], A_0 = ${opts.a0}; gating ${opts.gating}`,
    `baselines: A = 0 → meta-loss ${fmt(r.baselineZero.metaLoss)}, inner steps ${fmt(r.baselineZero.innerSteps)}; ` +
      `A = 1 → meta-loss ${fmt(r.baselineOne.metaLoss)}, inner steps ${fmt(r.baselineOne.innerSteps)}`,
    table(
      ['cycle', '‖A_t − A_{t−1}‖_F', 'meta-loss', 'inner steps', 'vs A = 0', 'vs A = 1'],
      r.records.map((c) => [
        String(c.cycle),
        fmt(c.deltaNorm),
        fmt(c.metaLoss),
        fmt(c.innerSteps),
        fmt(c.baselineZero.innerSteps),
        fmt(c.baselineOne.innerSteps),
      ]),
    ),
    'final A:',
    ...matrix(r.A).map((row) => `  ${row.map((x) => x.toFixed(4).padStart(8)).join(' ')}`),
    `asymmetry ‖A − Aᵀ‖_F/‖A‖_F = ${fmt(r.asymmetry)}`,
    r.planted
      ? `planted groups: within-group mean A = ${fmt(r.planted.within)}, between-group mean A = ${fmt(r.planted.between)}`
      : 'no planted groups on this problem',
    r.discovered
      ? `groups found in A: k = ${r.discovered.k}, labels ${Array.from(r.discovered.labels).join(' ')}`
      : 'A = 0: no group structure to find',
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
