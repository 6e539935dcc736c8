/**
 * Meta-learning of the interaction matrix as the steelman search runs it (MATH.md §6, issue 13):
 * the core's finite-difference meta-gradient, with every batch of rollouts evaluated as engine
 * worlds (src/lab/engineMeta.ts; CPU engine float64, or the GPU engine), and a backtracking
 * meta step that never keeps a step which raises the meta-loss:
 *
 *   ∇ = central differences at A_{t−1} (2K(K−1) matrices, one batch);
 *   candidates A(s) = clip(A_{t−1} − s·η_meta·∇, [0, 1]) for s = 1, ½, ¼, ⅛ (one batch);
 *   A_t = the candidate with the largest s whose meta-loss is below ℓ(A_{t−1}); if none is,
 *   the step is rejected and A_t = A_{t−1} (‖ΔA_t‖_F = 0, recorded as rejected).
 *
 * After `cycles` cycles: the stability test of MATH.md §6 (A_pre = A_cycles, each entry times
 * 1 + u, u ~ U[−0.2, 0.2], seed = the run's seed, then `perturbCycles` more cycles of the same
 * learner), and inner convergence speed (innerSpeed) for A_5, A_0, A = 0 and A = 1.
 *
 * Inner convergence speed is measured by innerSpeed.ts.
 */
import { InputError } from '../core/errors';
import { interactionAffinity } from '../core/groups/affinity';
import { groupStats } from '../core/groups/groupStats';
import {
  backtrackPick,
  clipToBox,
  constantInteraction,
  curvatureBound,
  type MetaLossId,
  metaGradientFromLosses,
  metaPerturbations,
  perturbMatrix,
  resolveMetaOptions,
  STEP_SCALES,
} from '../core/meta/index';
import { createQuadraticGroups } from '../core/problems/index';
import type { QuadraticGroupsProblem } from '../core/problems/quadraticGroups';
import type { Backend } from '../engine/types';
import { engineMetaEvaluator } from './engineMeta';
import { fastMetaEvaluator } from './fastMetaEvaluator';
import { asymmetry } from './metaRun';

export interface MetaSetting {
  loss: MetaLossId;
  etaMeta: number;
  /** Inner horizon of the meta-loss. */
  T: number;
  /** Constant initial off-diagonal A_0. */
  a0: number;
  gating: 'conflicting' | 'all';
  /** Inner step η = etaScale / λ_max(Σ H_i) at the first start. */
  etaScale: number;
  /** Quadratic groups: K objectives in d dimensions, 2 planted groups. */
  K: number;
  d: number;
}

export interface SteelmanMetaCycle {
  cycle: number;
  deltaNorm: number;
  metaLoss: number;
  /** The step scale s kept, or 0 when the step was rejected. */
  scale: number;
}

export interface SteelmanMetaRun {
  problem: QuadraticGroupsProblem;
  eta: number;
  loss0: number;
  A0: Float64Array;
  cycles: SteelmanMetaCycle[];
  /** A after cycle 5 (or the last cycle when fewer). */
  A5: Float64Array;
  A: Float64Array;
  asymmetry: number | null;
  planted: { within: number | null; between: number | null };
}

const frob = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
};

export function metaProblem(s: Pick<MetaSetting, 'K' | 'd'>, seed: number) {
  return createQuadraticGroups({ K: s.K, d: s.d, groups: 2, seed });
}

export function innerEta(problem: QuadraticGroupsProblem, etaScale: number): number {
  const lam = curvatureBound(problem, problem.starts()[0]);
  if (!(lam > 0)) throw new InputError('eta', 'the curvature at the first start is 0');
  return etaScale / lam;
}

const cache = new Map<string, Promise<SteelmanMetaRun>>();

export interface SteelmanMetaOptions {
  backend?: Backend;
  /** GPU: the device of the batch evaluations (default: one per engine). */
  device?: GPUDevice;
  cycles?: number;
  perturbCycles?: number;
}

/** One meta-learning run for a setting and seed (cached per setting, seed and options). */
export function steelmanMetaRun(
  s: MetaSetting,
  seed: number,
  o: SteelmanMetaOptions = {},
): Promise<SteelmanMetaRun> {
  const k = JSON.stringify([s, seed, o.backend ?? 'cpu', o.cycles ?? 10, o.perturbCycles ?? 10]);
  let hit = cache.get(k);
  if (!hit) {
    hit = runOnce(s, seed, o);
    cache.set(k, hit);
    hit.catch(() => cache.delete(k));
  }
  return hit;
}

function learner(s: MetaSetting, seed: number, backend: Backend, device?: GPUDevice) {
  const problem = metaProblem(s, seed);
  const K = problem.K;
  const eta = innerEta(problem, s.etaScale);
  const ro = resolveMetaOptions(problem, { T: s.T, eta, gating: s.gating, loss: s.loss });
  const evaluate =
    backend === 'gpu' ? engineMetaEvaluator('gpu', ro, device) : fastMetaEvaluator(ro);
  /** n backtracking cycles from `start` (module comment). */
  const learn = async (start: Float64Array, n: number) => {
    let A = start;
    let loss = (await evaluate([A]))[0];
    const loss0 = loss;
    const out: SteelmanMetaCycle[] = [];
    const matrices: Float64Array[] = [];
    for (let c = 1; c <= n; c++) {
      await new Promise<void>((r) => setTimeout(r, 0));
      const p = metaPerturbations(A, K, ro.h);
      const grad = metaGradientFromLosses(await evaluate(p.matrices), p);
      const cands = STEP_SCALES.map((sc) =>
        clipToBox(
          A.map((a, k) => a - sc * s.etaMeta * grad[k]),
          K,
          1,
        ),
      );
      const losses = await evaluate(cands);
      const pick = backtrackPick(losses, loss);
      const next = pick >= 0 ? cands[pick] : A;
      out.push({
        cycle: c,
        deltaNorm: frob(next, A),
        metaLoss: pick >= 0 ? losses[pick] : loss,
        scale: pick >= 0 ? STEP_SCALES[pick] : 0,
      });
      if (pick >= 0) loss = losses[pick];
      A = next;
      matrices.push(A);
    }
    return { A, cycles: out, loss0, matrices };
  };
  return { problem, eta, learn };
}

async function runOnce(
  s: MetaSetting,
  seed: number,
  o: SteelmanMetaOptions,
): Promise<SteelmanMetaRun> {
  const cycles = o.cycles ?? 10;
  const { problem, eta, learn } = learner(s, seed, o.backend ?? 'cpu', o.device);
  const K = problem.K;
  const A0 = clipToBox(constantInteraction(K, s.a0), K, 1);
  const main = await learn(A0, cycles);
  const A5 = main.matrices[Math.min(5, cycles) - 1] ?? A0;
  const g = groupStats(main.A, K, problem.groupOf);
  return {
    problem,
    eta,
    loss0: main.loss0,
    A0,
    cycles: main.cycles,
    A5,
    A: main.A,
    asymmetry: asymmetry(main.A, K),
    planted: { within: g.within, between: g.between },
  };
}

/**
 * Whether a run learned anything (issue 13: a matrix that never moved cannot "stabilise" or
 * "discover" groups): the meta-loss fell by at least LEARN_MIN_REL_DROP of |ℓ(A_0)|,
 *   (ℓ(A_0) − ℓ(A_T)) / |ℓ(A_0)| ≥ 0.01,
 * and A moved by at least LEARN_MIN_MOVE, ‖A_T − A_0‖_F ≥ 0.01, T = the last cycle.
 */
export const LEARN_MIN_REL_DROP = 0.01;
export const LEARN_MIN_MOVE = 0.01;
export const LEARNED_RULE = `learned = meta-loss fell by ≥ ${100 * LEARN_MIN_REL_DROP}% of |ℓ(A_0)| and ‖A_10 − A_0‖_F ≥ ${LEARN_MIN_MOVE}`;

export interface Learning {
  relativeDrop: number;
  moved: number;
  learned: boolean;
}

export function learning(r: SteelmanMetaRun): Learning {
  const last = r.cycles.at(-1)?.metaLoss ?? r.loss0;
  const den = Math.abs(r.loss0) > 0 ? Math.abs(r.loss0) : 1;
  const relativeDrop = (r.loss0 - last) / den;
  const moved = frob(r.A, r.A0);
  return {
    relativeDrop,
    moved,
    learned: relativeDrop >= LEARN_MIN_REL_DROP && moved >= LEARN_MIN_MOVE,
  };
}

export interface StabilityRun {
  /** Relative distance right after the kick. */
  initial: number | null;
  /** ‖A_t − A_pre‖_F / ‖A_pre‖_F per cycle after the kick. */
  relative: (number | null)[];
}

const stabilityCache = new Map<string, Promise<StabilityRun>>();

/** The stability test from the run's learned A (module comment); cached like the run. */
export function stabilityRun(
  s: MetaSetting,
  seed: number,
  o: SteelmanMetaOptions = {},
): Promise<StabilityRun> {
  const k = JSON.stringify([s, seed, o.backend ?? 'cpu', o.cycles ?? 10, o.perturbCycles ?? 10]);
  let hit = stabilityCache.get(k);
  if (!hit) {
    hit = (async () => {
      const run = await steelmanMetaRun(s, seed, o);
      const Apre = run.A;
      const K = run.problem.K;
      const preNorm = Math.sqrt(Apre.reduce((t, x) => t + x * x, 0));
      if (!(preNorm > 0)) return { initial: null, relative: [] };
      const rel = (A: Float64Array) => frob(A, Apre) / preNorm;
      const kicked = perturbMatrix(Apre, K, 0.2, seed);
      const { learn } = learner(s, seed, o.backend ?? 'cpu', o.device);
      const after = await learn(kicked, o.perturbCycles ?? 10);
      return { initial: rel(kicked), relative: after.matrices.map(rel) };
    })();
    stabilityCache.set(k, hit);
    hit.catch(() => stabilityCache.delete(k));
  }
  return hit;
}

/** The affinity of a learned A for grouping (null when A = 0 off the diagonal). */
export function learnedAffinity(A: Float64Array, K: number): Float64Array | null {
  return A.some((v, k) => v !== 0 && k % (K + 1) !== 0) ? interactionAffinity(A, K) : null;
}

export { type InnerSpeed, type InnerSpeedOptions, innerSpeed } from './innerSpeed';
