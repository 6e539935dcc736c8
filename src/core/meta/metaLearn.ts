/**
 * Meta-learning of the interaction matrix (MATH.md §6), one cycle per call:
 *   ∇ = finite-difference meta-gradient at A_{t−1} (metaGradient.ts, one batch of 2K(K−1)),
 *   A_t = clip(A_{t−1} − η_meta·∇, [0, A_max]) entrywise off the diagonal (diagonal kept 0).
 * Each cycle records ‖A_t − A_{t−1}‖_F, the meta-loss at A_t, and the inner convergence at A_t,
 * next to the fixed baselines A = 0 (plain sum) and A = 1 (simultaneous PCGrad), off-diagonal.
 *
 * Optional backtracking (`backtrack: true`, backtrack.ts): the step is tried at scales 1, ½, ¼,
 * ⅛ and the largest one that lowers the meta-loss below ℓ(A_{t−1}) is kept; when none does, the
 * step is rejected (A_t = A_{t−1}, ‖ΔA_t‖_F = 0, scale 0 in the record). Off by default, so the
 * update is exactly the one above.
 *
 * Optional step cap `maxStep` (off by default, so the update is exactly the one above): the
 * step η_meta·∇ is scaled down, direction kept, until max_ij |η_meta·∇_ij| ≤ maxStep. Log-scale
 * meta-losses can have meta-gradients of 10²–10³ near A = 0, where a plain step jumps across
 * the whole box in one cycle.
 *
 * Defaults (MetaLearnOptions): T = 20, η = 1/λ_max(Σ_i H_i) at the first start (power iteration,
 * 100 products, from a fixed vector; half the stability limit of plain loss-flow), η_meta = 0.05,
 * h = 1e-4, A_max = 1, starts = problem.starts(), loss 'final-log-b', gating 'conflicting',
 * cycles = 10 (for metaLearn), tol = 1e-6, convergeOn 'gap' when F* is known else 'B', A_0 = 0,
 * maxStep = ∞, stencil 'central'. T = 20 keeps the plain-sum baseline of the default quadratic
 * problems above the float64 floor of B, where meta-losses would be rounding noise.
 */
import { check, requireFinite } from '../errors';
import type { Problem } from '../problems/types';
import { backtrackPick, STEP_SCALES } from './backtrack';
import {
  evaluateMeta,
  evaluateMetaLosses,
  type MetaContext,
  type MetaEvaluation,
} from './evaluate';
import {
  type MetaPerturbations,
  type MetaStencil,
  metaGradientFromLosses,
  metaPerturbations,
  requireInteractionMatrix,
} from './metaGradient';
import { type MetaLossId, requireMetaLoss } from './metaLoss';
import { requireRolloutOptions } from './rollout';

export interface MetaLearnOptions {
  T?: number;
  eta?: number;
  etaMeta?: number;
  h?: number;
  Amax?: number;
  starts?: Float64Array[];
  loss?: MetaLossId;
  gating?: 'conflicting' | 'all';
  cycles?: number;
  tol?: number;
  convergeOn?: 'gap' | 'B';
  tau?: number;
  /** Finite-difference stencil (default 'central', MATH.md §6; see metaGradient.ts). */
  stencil?: MetaStencil;
  /** Keep only a step that lowers the meta-loss, halving it up to 3 times (default false). */
  backtrack?: boolean;
  /** Largest |ΔA_ij| per cycle (default ∞: plain η_meta·∇ step). */
  maxStep?: number;
  /** Initial A (row-major K×K); default 0. Clipped into the box, diagonal set to 0. */
  A0?: Float64Array;
  /**
   * Evaluates a batch of matrices to their meta-losses in order (e.g. GPU worlds); default: CPU
   * rollouts (evaluateMetaLosses).
   */
  evaluateBatch?: (matrices: Float64Array[]) => Float64Array;
}

export interface ResolvedMetaOptions extends MetaContext {
  readonly etaMeta: number;
  readonly h: number;
  readonly Amax: number;
  readonly cycles: number;
  readonly maxStep: number;
  readonly stencil: MetaStencil;
  readonly backtrack: boolean;
}

export interface MetaCycleRecord {
  /** 1-based cycle number. */
  readonly cycle: number;
  /** A_t after this cycle (copy). */
  readonly A: Float64Array;
  /** The meta-gradient at A_{t−1}. */
  readonly gradient: Float64Array;
  /** ‖A_t − A_{t−1}‖_F. */
  readonly deltaNorm: number;
  /** Meta-loss at A_t. */
  readonly metaLoss: number;
  /** The backtracking scale kept (1 without backtracking; 0 when the step was rejected). */
  readonly scale: number;
  /** Mean inner steps to tolerance at A_t (T where never reached). */
  readonly innerSteps: number;
  readonly reached: number;
  readonly baselineZero: MetaEvaluation;
  readonly baselineOne: MetaEvaluation;
}

/** λ_max(Σ_i H_i) at θ by power iteration (100 Hessian–vector products per objective). */
export function curvatureBound(problem: Problem, theta: Float64Array): number {
  const { d, K } = problem;
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let lam = 0;
  for (let it = 0; it < 100; it++) {
    const w = new Float64Array(d);
    for (let i = 0; i < K; i++) {
      const hv = problem.hessianVec(theta, i, v);
      for (let k = 0; k < d; k++) w[k] += hv[k];
    }
    let n = 0;
    for (let k = 0; k < d; k++) n += w[k] * w[k];
    n = Math.sqrt(n);
    if (!(n > 0)) break;
    lam = n;
    v = w.map((x) => x / n);
  }
  return lam;
}

/** Options with defaults filled in and validated (InputError naming the field). */
export function resolveMetaOptions(
  problem: Problem,
  o: MetaLearnOptions = {},
): ResolvedMetaOptions {
  const starts = (o.starts ?? problem.starts()).map((s) => Float64Array.from(s));
  check(starts.length > 0, 'starts', 'needs at least one start');
  starts.forEach((s, k) => {
    check(s.length === problem.d, `starts[${k}]`, `must have length ${problem.d}`);
    requireFinite(s, `starts[${k}]`);
  });
  let eta = o.eta;
  if (eta === undefined) {
    const lam = curvatureBound(problem, starts[0]);
    check(lam > 0 && Number.isFinite(lam), 'eta', 'no default: the curvature at the start is 0');
    eta = 1 / lam;
  }
  const T = o.T ?? 20;
  requireRolloutOptions({ T, eta });
  const etaMeta = o.etaMeta ?? 0.05;
  const maxStep = o.maxStep ?? Number.POSITIVE_INFINITY;
  check(maxStep > 0, 'maxStep', `must be > 0, got ${maxStep}`);
  const h = o.h ?? 1e-4;
  const Amax = o.Amax ?? 1;
  const cycles = o.cycles ?? 10;
  const tol = o.tol ?? 1e-6;
  check(Number.isFinite(etaMeta) && etaMeta > 0, 'etaMeta', `must be > 0, got ${etaMeta}`);
  check(Number.isFinite(h) && h > 0, 'h', `must be > 0, got ${h}`);
  check(Number.isFinite(Amax) && Amax > 0, 'Amax', `must be > 0, got ${Amax}`);
  check(Number.isInteger(cycles) && cycles >= 0, 'cycles', `must be an integer ≥ 0, got ${cycles}`);
  check(Number.isFinite(tol) && tol >= 0, 'tol', `must be ≥ 0, got ${tol}`);
  const gating = o.gating ?? 'conflicting';
  check(gating === 'conflicting' || gating === 'all', 'gating', `unknown "${gating}"`);
  const convergeOn = o.convergeOn ?? (problem.Fstar === null ? 'B' : 'gap');
  check(convergeOn === 'gap' || convergeOn === 'B', 'convergeOn', `unknown "${convergeOn}"`);
  check(convergeOn === 'B' || problem.Fstar !== null, 'convergeOn', '"gap" needs F*');
  const stencil = o.stencil ?? 'central';
  check(stencil === 'central' || stencil === 'inside', 'stencil', `unknown "${stencil}"`);
  check(stencil === 'central' || 2 * h <= Amax, 'h', "must be ≤ A_max/2 for the 'inside' stencil");
  const loss = requireMetaLoss(o.loss ?? 'final-log-b', problem);
  const r: ResolvedMetaOptions = {
    problem,
    starts,
    T,
    eta,
    gating,
    loss,
    tol,
    convergeOn,
    etaMeta,
    h,
    Amax,
    cycles,
    maxStep,
    stencil,
    backtrack: o.backtrack ?? false,
    ...(o.tau === undefined ? {} : { tau: o.tau }),
  };
  return r;
}

/** clip(A, [0, A_max]) off the diagonal, 0 on it. */
export function clipToBox(A: Float64Array, K: number, Amax: number): Float64Array {
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i !== j) out[i * K + j] = Math.min(Amax, Math.max(0, A[i * K + j]));
    }
  }
  return out;
}

/** A constant matrix: v off the diagonal, 0 on it. */
export function constantInteraction(K: number, v: number): Float64Array {
  const A = new Float64Array(K * K).fill(v);
  for (let i = 0; i < K; i++) A[i * K + i] = 0;
  return A;
}

function frobeniusDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

export interface MetaLearner {
  readonly options: ResolvedMetaOptions;
  /** Current A (copy). */
  readonly A: Float64Array;
  /** Cycles done. */
  readonly cycle: number;
  readonly records: readonly MetaCycleRecord[];
  /** Meta-loss and inner convergence at A_0. */
  readonly initial: MetaEvaluation;
  readonly baselineZero: MetaEvaluation;
  readonly baselineOne: MetaEvaluation;
  /** The 2K(K−1) perturbed matrices of the current A (to evaluate as a batch elsewhere). */
  batch(): MetaPerturbations;
  /** Runs one meta-cycle (evaluating the batch with the learner's evaluator) and returns its record. */
  step(): MetaCycleRecord;
  /** Completes one meta-cycle from the meta-losses of batch().matrices, in order. */
  stepWith(losses: Float64Array): MetaCycleRecord;
}

export function createMetaLearner(problem: Problem, opts: MetaLearnOptions = {}): MetaLearner {
  const o = resolveMetaOptions(problem, opts);
  const K = problem.K;
  const A0 = opts.A0 ?? new Float64Array(K * K);
  requireInteractionMatrix(A0, K, 'A0');
  let A = clipToBox(A0, K, o.Amax);
  const evaluateBatch = opts.evaluateBatch ?? ((ms: Float64Array[]) => evaluateMetaLosses(o, ms));
  const baselineZero = evaluateMeta(o, constantInteraction(K, 0));
  const baselineOne = evaluateMeta(o, constantInteraction(K, 1));
  const initial = evaluateMeta(o, A);
  /** Meta-loss and inner convergence at the current A (what a backtracking step must beat). */
  let current = initial;
  const records: MetaCycleRecord[] = [];
  return {
    options: o,
    get A() {
      return Float64Array.from(A);
    },
    get cycle() {
      return records.length;
    },
    records,
    initial,
    baselineZero,
    baselineOne,
    batch() {
      return metaPerturbations(A, K, o.h, { stencil: o.stencil, Amax: o.Amax });
    },
    step() {
      return this.stepWith(evaluateBatch(this.batch().matrices));
    },
    stepWith(losses: Float64Array) {
      const batch = this.batch();
      check(
        losses.length === batch.matrices.length,
        'losses',
        `must have one meta-loss per perturbed matrix (${batch.matrices.length}), got ${losses.length}`,
      );
      const gradient = metaGradientFromLosses(losses, batch);
      let big = 0;
      for (const g of gradient) big = Math.max(big, Math.abs(o.etaMeta * g));
      const scale = big > o.maxStep ? o.maxStep / big : 1;
      const candidate = (s: number) =>
        clipToBox(
          A.map((a, k) => a - s * scale * o.etaMeta * gradient[k]),
          K,
          o.Amax,
        );
      let next = candidate(1);
      let ev = evaluateMeta(o, next);
      let kept = 1;
      if (o.backtrack) {
        const cands = [next, ...STEP_SCALES.slice(1).map(candidate)];
        const evs = [ev];
        // Later candidates are evaluated only while every larger one was refused.
        while (evs.length < cands.length && !(evs[evs.length - 1].metaLoss < current.metaLoss)) {
          evs.push(evaluateMeta(o, cands[evs.length]));
        }
        const pick = backtrackPick(
          evs.map((e) => e.metaLoss),
          current.metaLoss,
        );
        next = pick >= 0 ? cands[pick] : Float64Array.from(A);
        ev = pick >= 0 ? evs[pick] : current;
        kept = pick >= 0 ? STEP_SCALES[pick] : 0;
      }
      const rec: MetaCycleRecord = {
        cycle: records.length + 1,
        A: Float64Array.from(next),
        gradient,
        deltaNorm: frobeniusDistance(next, A),
        scale: kept,
        metaLoss: ev.metaLoss,
        innerSteps: ev.innerSteps,
        reached: ev.reached,
        baselineZero,
        baselineOne,
      };
      A = next;
      current = ev;
      records.push(rec);
      return rec;
    },
  };
}

export interface MetaLearnResult {
  readonly A: Float64Array;
  readonly records: readonly MetaCycleRecord[];
  readonly initial: MetaEvaluation;
  readonly baselineZero: MetaEvaluation;
  readonly baselineOne: MetaEvaluation;
}

/** Runs `cycles` meta-cycles (default 10). */
export function metaLearn(problem: Problem, opts: MetaLearnOptions = {}): MetaLearnResult {
  const learner = createMetaLearner(problem, opts);
  for (let c = 0; c < learner.options.cycles; c++) learner.step();
  const { records, initial, baselineZero, baselineOne } = learner;
  return { A: learner.A, records, initial, baselineZero, baselineOne };
}
