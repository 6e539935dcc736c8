/**
 * The properties of the method atlas, each measured on one gradient set as a number (the defect)
 * compared with a stated threshold. Pure functions, used by the atlas page and by the tests.
 * With d = A(J) the method's direction for the set J (rows g_i):
 * - non-conflicting: min_i cos(d, g_i) ≥ −1e-9 (d = 0 conflicts with nothing);
 * - permutation-invariant: ‖A(PJ) − A(J)‖ ≤ 1e-9·‖A(J)‖ for a random permutation P;
 * - linear under scaling (TorchJD's definition: c ↦ A(diag(c)J) is linear on c > 0):
 *   ‖A(diag(a+b)J) − A(diag(a)J) − A(diag(b)J)‖ ≤ 1e-9·(‖A(diag(a)J)‖ + ‖A(diag(b)J)‖) for random
 *   a, b ∈ [0.1, 10]^K;
 * - weighted (d in the span of the g_i): ‖d − Π d‖ ≤ 1e-8·‖d‖ with Π the orthogonal projection
 *   onto span{g_i} (an orthonormal basis by Gram–Schmidt on the rows, spanBasis);
 * - Pareto-stationary fixed points: on a set with 0 = Σ λ_i g_i, λ_i > 0 (stationarySet),
 *   ‖d‖ ≤ 1e-10·Σ_i‖g_i‖.
 * Floor: a direction shorter than FLOOR·Σ_i‖g_i‖ (FLOOR = 1e-10) counts as zero: it conflicts
 * with nothing, and differences below that size are not counted as defects.
 * Both are set by what the exact solvers reach, not by the Gram form's √ε: project() solves the
 * QP methods on the QR factor of the gradients (qpFactor.ts; simplex.ts states the Gram form's
 * floor, ε/s² for gradients within angle s of dependent, which it no longer sets here), so MGDA,
 * UPGrad and DualProj leave ‖d‖ ≤ 2e-15·Σ‖g_i‖ on the stationary sets (measured, K = 2..8), and
 * their worst cosine on the hard sets (hardSets.ts, wedges down to s = 1e-5) is −3e-11, the ε/s
 * of the factor. A direction of 6e-8·Σ‖g_i‖ conflicting at cos −1.8e-7, the Gram form's old
 * symptom, fails both.
 * A failing property keeps its counterexample: the set, the extra draws and the numbers.
 */
import { project } from '../../core/methods/index';
import type { Rng } from '../../core/rng';
import { type GradSet, gradSetToRows, type MethodSpec } from '../../core/types';
import type { PropertyId } from './methods';

export const THRESHOLDS: Record<PropertyId, number> = {
  nonConflicting: 1e-9,
  permutationInvariant: 1e-9,
  linearUnderScaling: 1e-9,
  weighted: 1e-8,
  paretoFixedPoints: 1e-10,
};

export interface Counterexample {
  property: PropertyId;
  gradients: number[][];
  /** The measured defect and the threshold it exceeds, with what else the check drew. */
  numbers: Record<string, number | number[]>;
  /** One line saying what failed. */
  text: string;
}

export interface PropertyCheck {
  holds: boolean;
  value: number;
  counterexample: Counterexample | null;
}

export const FLOOR = 1e-10;

const norm = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return Math.sqrt(s);
};

function dir(gs: GradSet, spec: MethodSpec): Float64Array {
  return project(gs, spec).direction;
}

/** Σ_i ‖g_i‖. */
export function normSum(gs: GradSet): number {
  let t = 0;
  for (let i = 0; i < gs.K; i++) t += norm(gs.g.subarray(i * gs.d, (i + 1) * gs.d));
  return t;
}

function fail(
  property: PropertyId,
  gs: GradSet,
  value: number,
  numbers: Record<string, number | number[]>,
  text: string,
  holdsOverride?: boolean,
): PropertyCheck {
  const holds = holdsOverride ?? value <= THRESHOLDS[property];
  return {
    holds,
    value,
    counterexample: holds
      ? null
      : {
          property,
          gradients: gradSetToRows(gs),
          numbers: { defect: value, threshold: THRESHOLDS[property], ...numbers },
          text,
        },
  };
}

export function checkNonConflicting(gs: GradSet, spec: MethodSpec): PropertyCheck {
  const d = dir(gs, spec);
  const nd0 = norm(d);
  const nd = nd0 > FLOOR * normSum(gs) ? nd0 : 0;
  const cos: number[] = [];
  let worst = 0;
  for (let i = 0; i < gs.K; i++) {
    const g = gs.g.subarray(i * gs.d, (i + 1) * gs.d);
    const ng = norm(g);
    let s = 0;
    for (let k = 0; k < gs.d; k++) s += d[k] * g[k];
    const c = nd > 0 && ng > 0 ? s / (nd * ng) : 0;
    cos.push(c);
    worst = Math.max(worst, -c);
  }
  const i = cos.indexOf(Math.min(...cos));
  return fail(
    'nonConflicting',
    gs,
    worst,
    { d: Array.from(d), cos },
    `d·g_${i + 1} < 0: cos = ${cos[i]}`,
  );
}

export function permuteSet(gs: GradSet, perm: readonly number[]): GradSet {
  const g = new Float64Array(gs.g.length);
  for (let i = 0; i < gs.K; i++)
    g.set(gs.g.subarray(perm[i] * gs.d, (perm[i] + 1) * gs.d), i * gs.d);
  return { K: gs.K, d: gs.d, g };
}

/** The spec with its per-objective fields (A, weights, pref) permuted like the rows. */
function permuteSpec(spec: MethodSpec, perm: readonly number[], K: number): MethodSpec {
  const out: MethodSpec = { ...spec };
  if (spec.A) {
    const A = new Float64Array(K * K);
    for (let i = 0; i < K; i++)
      for (let j = 0; j < K; j++) A[i * K + j] = spec.A[perm[i] * K + perm[j]];
    out.A = A;
  }
  if (spec.weights) out.weights = perm.map((p) => (spec.weights as ArrayLike<number>)[p]);
  if (spec.pref) out.pref = perm.map((p) => (spec.pref as ArrayLike<number>)[p]);
  return out;
}

export function checkPermutation(gs: GradSet, spec: MethodSpec, rng: Rng): PropertyCheck {
  const perm = rng.shuffle(Array.from({ length: gs.K }, (_, i) => i));
  const a = dir(gs, spec);
  const b = dir(permuteSet(gs, perm), permuteSpec(spec, perm, gs.K));
  const diff = norm(a.map((x, k) => x - b[k]));
  const value = diff === 0 ? 0 : diff / Math.max(norm(a), Number.MIN_VALUE);
  return fail(
    'permutationInvariant',
    gs,
    value,
    { permutation: perm, d: Array.from(a), dPermuted: Array.from(b) },
    `listing the objectives in the order ${perm.map((p) => p + 1).join(', ')} changes d`,
    diff <= THRESHOLDS.permutationInvariant * norm(a) + FLOOR * normSum(gs),
  );
}

function scaleRows(gs: GradSet, c: ArrayLike<number>): GradSet {
  const g = new Float64Array(gs.g.length);
  for (let i = 0; i < gs.K; i++)
    for (let k = 0; k < gs.d; k++) g[i * gs.d + k] = c[i] * gs.g[i * gs.d + k];
  return { K: gs.K, d: gs.d, g };
}

export function checkLinearity(gs: GradSet, spec: MethodSpec, rng: Rng): PropertyCheck {
  const a = Array.from({ length: gs.K }, () => rng.uniform(0.1, 10));
  const b = Array.from({ length: gs.K }, () => rng.uniform(0.1, 10));
  const da = dir(scaleRows(gs, a), spec);
  const db = dir(scaleRows(gs, b), spec);
  const dab = dir(
    scaleRows(
      gs,
      a.map((x, i) => x + b[i]),
    ),
    spec,
  );
  const r = dab.map((x, k) => x - da[k] - db[k]);
  const den = norm(da) + norm(db);
  const nr = norm(r);
  const value = nr === 0 ? 0 : den > 0 ? nr / den : Infinity;
  const scale = normSum(
    scaleRows(
      gs,
      a.map((x, i) => x + b[i]),
    ),
  );
  return fail(
    'linearUnderScaling',
    gs,
    value,
    { a, b, dA: Array.from(da), dB: Array.from(db), dAplusB: Array.from(dab) },
    'A(diag(a+b)J) ≠ A(diag(a)J) + A(diag(b)J)',
    nr <= THRESHOLDS.linearUnderScaling * den + FLOOR * scale,
  );
}

/** A row left with less than SPAN_CUT of its norm by the rows before it is in their span. */
const SPAN_CUT = 1e-13;

/**
 * An orthonormal basis of span{g_i}: Gram–Schmidt on the rows, each orthogonalised twice (exact
 * to rounding whatever the rows' condition or magnitudes, where a Gram pseudo-inverse would cut
 * a row 1e-8 the size of another as rank).
 */
function spanBasis(gs: GradSet): Float64Array[] {
  const basis: Float64Array[] = [];
  for (let i = 0; i < gs.K; i++) {
    const v = Float64Array.from(gs.g.subarray(i * gs.d, (i + 1) * gs.d));
    const n0 = norm(v);
    if (!(n0 > 0)) continue;
    for (let k = 0; k < v.length; k++) v[k] /= n0;
    removeSpan(v, basis);
    removeSpan(v, basis);
    const n = norm(v);
    if (n > SPAN_CUT) basis.push(v.map((x) => x / n));
  }
  return basis;
}

/** v ← v − Σ_q (q·v) q over the orthonormal basis. */
function removeSpan(v: Float64Array, basis: readonly Float64Array[]): void {
  for (const q of basis) {
    let t = 0;
    for (let k = 0; k < v.length; k++) t += q[k] * v[k];
    for (let k = 0; k < v.length; k++) v[k] -= t * q[k];
  }
}

export function checkWeighted(gs: GradSet, spec: MethodSpec): PropertyCheck {
  const d = dir(gs, spec);
  const basis = spanBasis(gs);
  const r = Float64Array.from(d);
  removeSpan(r, basis);
  removeSpan(r, basis);
  const nd = norm(d);
  const nr = norm(r);
  const value = nr === 0 ? 0 : nd > 0 ? nr / nd : Infinity;
  return fail(
    'weighted',
    gs,
    value,
    { d: Array.from(d), residual: Array.from(r) },
    'd has a component outside the span of the g_i',
    nr <= THRESHOLDS.weighted * nd + FLOOR * normSum(gs),
  );
}

/**
 * A Pareto-stationary set: g_1..g_{K−1} ~ N(0, I_d), λ_i ~ U[0.2, 1], and
 * g_K = −Σ_{i<K} λ_i g_i / λ_K, so 0 = Σ_i λ_i g_i with every λ_i > 0.
 */
export function stationarySet(rng: Rng, K: number, d: number): GradSet {
  const g = new Float64Array(K * d);
  const lam = Array.from({ length: K }, () => rng.uniform(0.2, 1));
  for (let i = 0; i < K - 1; i++) {
    for (let k = 0; k < d; k++) {
      g[i * d + k] = rng.normal();
      g[(K - 1) * d + k] -= (lam[i] * g[i * d + k]) / lam[K - 1];
    }
  }
  return { K, d, g };
}

export function checkStationary(gs: GradSet, spec: MethodSpec): PropertyCheck {
  const d = dir(gs, spec);
  let total = 0;
  for (let i = 0; i < gs.K; i++) total += norm(gs.g.subarray(i * gs.d, (i + 1) * gs.d));
  const value = total > 0 ? norm(d) / total : 0;
  return fail(
    'paretoFixedPoints',
    gs,
    value,
    { d: Array.from(d), sumOfNorms: total },
    '0 lies in the hull with positive weights, yet d ≠ 0',
  );
}

/**
 * Re-runs the check of a counterexample on its own set and draws (the permutation, the scalings
 * a and b), so that the atlas page and the tests can confirm a failure from what it shows.
 */
export function recheck(cx: Counterexample, spec: MethodSpec): PropertyCheck {
  const K = cx.gradients.length;
  const d = cx.gradients[0].length;
  const gs: GradSet = { K, d, g: Float64Array.from(cx.gradients.flat()) };
  const fixed = (values: number[]): Rng => {
    let n = 0;
    return {
      next: () => 0,
      uniform: () => values[n++],
      normal: () => 0,
      int: () => 0,
      shuffle: <T>(xs: readonly T[]) => (cx.numbers.permutation as number[]).map((p) => xs[p]),
    };
  };
  switch (cx.property) {
    case 'nonConflicting':
      return checkNonConflicting(gs, spec);
    case 'permutationInvariant':
      return checkPermutation(gs, spec, fixed([]));
    case 'linearUnderScaling':
      return checkLinearity(
        gs,
        spec,
        fixed([...(cx.numbers.a as number[]), ...(cx.numbers.b as number[])]),
      );
    case 'weighted':
      return checkWeighted(gs, spec);
    case 'paretoFixedPoints':
      return checkStationary(gs, spec);
  }
}
