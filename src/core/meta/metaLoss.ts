/**
 * The five meta-losses of MATH.md §6, each a number per rollout, averaged over the starts.
 *
 * Logarithms use a floor: log10(max(x, floor)) with floor = 1e-300 for B, so B = 0 and an
 * undefined B (S = 0: every gradient vanishes, a common stationary point, i.e. perfect
 * convergence) count as −300. For F − F* the floor is max(1e-300, ε·(|F_T| + |F*|)), ε = 2⁻⁵²:
 * the difference of two rounded numbers carries no information below that, and once converged
 * it is as often ≤ 0 as not; the floor keeps log10(F − F*) at the rounding level instead of
 * jumping between it and −300 (which would wreck a finite-difference meta-gradient).
 * No meta-loss is NaN.
 */
import { InputError } from '../errors';
import { gram } from '../gram';
import type { Problem } from '../problems/types';
import { minNormWeights } from '../simplex';
import type { StartRollout } from './rollout';

/** Floor under every logarithm. */
export const LOG_FLOOR = 1e-300;

export const META_LOSS_IDS = [
  'final-log-b',
  'log-gap',
  'mean-log-b',
  'worst-objective',
  'pareto-gap',
] as const;
export type MetaLossId = (typeof META_LOSS_IDS)[number];

export interface MetaLossInfo {
  readonly id: MetaLossId;
  readonly label: string;
  readonly description: string;
  /** True when the loss needs F* (problem.Fstar non-null). */
  readonly needsFstar: boolean;
}

export const META_LOSSES: readonly MetaLossInfo[] = [
  {
    id: 'final-log-b',
    label: 'final log₁₀ B',
    description: 'Balance residual B = ‖Σg‖²/Σ‖g‖² after the last inner step, on a log scale.',
    needsFstar: false,
  },
  {
    id: 'log-gap',
    label: 'log₁₀(F − F*)',
    description: 'Distance of the total loss from its known minimum after the last inner step.',
    needsFstar: true,
  },
  {
    id: 'mean-log-b',
    label: 'mean log₁₀ B',
    description:
      'Average of log₁₀ B over inner steps 1..T, rewarding fast as well as final balance.',
    needsFstar: false,
  },
  {
    id: 'worst-objective',
    label: 'worst objective',
    description: 'The largest single loss max_i L_i after the last inner step.',
    needsFstar: false,
  },
  {
    id: 'pareto-gap',
    label: 'Pareto-stationarity gap',
    description: 'Norm of the min-norm point of the gradients’ convex hull after the last step.',
    needsFstar: false,
  },
];

export function isMetaLossId(id: unknown): id is MetaLossId {
  return typeof id === 'string' && (META_LOSS_IDS as readonly string[]).includes(id);
}

/** log10(max(x, floor, 1e-300)); null (undefined B) counts as the floor. */
export function flooredLog10(x: number | null, floor = LOG_FLOOR): number {
  return Math.log10(Math.max(x ?? 0, floor, LOG_FLOOR));
}

/** log10(F − F*) floored at the rounding level ε·(|F| + |F*|) of the difference. */
export function logGap(F: number, Fstar: number): number {
  return flooredLog10(F - Fstar, 2 ** -52 * (Math.abs(F) + Math.abs(Fstar)));
}

/** Validates the id and that the problem supports it. */
export function requireMetaLoss(id: unknown, problem: Problem): MetaLossId {
  if (!isMetaLossId(id)) {
    throw new InputError(
      'metaLoss',
      `unknown meta-loss "${String(id)}" (${META_LOSS_IDS.join(', ')})`,
    );
  }
  if (id === 'log-gap' && problem.Fstar === null) {
    throw new InputError('metaLoss', `"log-gap" needs F*, which ${problem.id} does not know`);
  }
  return id;
}

/**
 * Meta-loss of one rollout:
 *  final-log-b      log10 B_T;
 *  log-gap          log10(F(θ_T) − F*), floored at rounding (logGap);
 *  mean-log-b       (1/T) Σ_{t=1..T} log10 B_t (log10 B_0 when T = 0; θ_0 does not depend on A);
 *  worst-objective  max_i L_i(θ_T);
 *  pareto-gap       √(wᵀGw), G the Gram matrix at θ_T, w = minNormWeights(G) on the simplex.
 */
export function rolloutMetaLoss(id: MetaLossId, r: StartRollout, problem: Problem): number {
  const T = r.F.length - 1;
  switch (id) {
    case 'final-log-b':
      return flooredLog10(r.B[T]);
    case 'log-gap':
      return logGap(r.F[T], problem.Fstar ?? 0);
    case 'mean-log-b': {
      if (T === 0) return flooredLog10(r.B[0]);
      let s = 0;
      for (let t = 1; t <= T; t++) s += flooredLog10(r.B[t]);
      return s / T;
    }
    case 'worst-objective': {
      let m = Number.NEGATIVE_INFINITY;
      for (const L of r.losses) m = Math.max(m, L);
      return m;
    }
    case 'pareto-gap': {
      const { K, d } = problem;
      const G = gram({ K, d, g: r.gradients });
      const w = minNormWeights(G, K);
      let q = 0;
      for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) q += w[i] * G[i * K + j] * w[j];
      return Math.sqrt(Math.max(q, 0));
    }
  }
}

/** Mean of the meta-loss over the rollouts (one per start). */
export function metaLoss(id: MetaLossId, rollouts: readonly StartRollout[], problem: Problem) {
  let s = 0;
  for (const r of rollouts) s += rolloutMetaLoss(id, r, problem);
  return s / rollouts.length;
}
