/**
 * Optimality certificates of the QP methods (MATH.md §2): cheap checks, from the Gram matrix G
 * and the coefficients a method returned, that its KKT conditions hold to the rounding of the
 * data. Nothing here solves the problem again (except one min-norm point for CAGrad's dual).
 *
 * Scale. For v = Σ_k c_k g_k the value g_j·v = (Gc)_j is known to about ε·‖g_j‖·m(c) with
 * m(c) = Σ_k |c_k|·‖g_k‖ (the size of the sum before cancellation), whatever the solver: that is
 * the rounding of forming G and of the sum itself. A solver on the gradients' QR factor
 * (project()) is backward stable column by column and reaches that; one on G alone
 * (coefficients()) is backward stable in norm only, so ‖g_j‖ becomes M = max_k ‖g_k‖ there
 * (option floor: 'gram'). Each condition is allowed TOL = KKT_TOL_FACTOR·K·ε times its scale:
 *   dual cone (upgrad, cagrad's limit, any projection v = Σ(t + μ)g onto {v : v·g_j ≥ 0}):
 *     μ ≥ 0 exactly; g_j·v ≥ −TOL·‖g_j‖·m(c); |μ_j·(g_j·v)| ≤ TOL·m(μ)·m(c);
 *   mgda (w on the simplex, u = Σ w_k g_k): w ≥ 0, |Σw − 1| ≤ TOL, and
 *     g_j·u − u·u ≥ −TOL·M·(‖g_j‖ + m(w)) for every j (optimality of the min-norm point; the
 *     simplex constraint ties w to rounding ε in norm, hence M: u is resolved to ε·M);
 *   cagrad (d/K = g0 + Σ a_j g_j, a ≥ 0): ‖d/K − g0‖ ≤ ρ + TOL·(m(a) + ρ + c·m(1/K)) (inside the
 *     ball, whose radius ρ = c‖g0‖ is known to c·ε·m(1/K) only; a
 *     vector norm when the gradients are given, else √(aᵀGa), whose cancellation adds a factor
 *     1 + m(a)/ρ) and the duality gap F(w) − min_i g_i·d/K ≤ TOL·M·(M + m(a) + ρ) for the dual
 *     w = a/Σa or the min-norm weights (F(w) = g_w·g0 + ρ‖g_w‖ bounds the optimum from above for
 *     every w on the simplex), plus √TOL·M·(M + ρ) from G alone, where ‖g_w‖ = √(wᵀGw) is a
 *     cancelled form known to √ε·M only (the √ε floor of the Gram form).
 * A certificate reports the worst ratio (violation / allowance): ≤ 1 passes.
 */
import { minNormWeights, quadForm } from '../simplex';
import type { GradSet } from '../types';

const EPS = 2 ** -52;
/** The allowance is KKT_TOL_FACTOR·K·ε times each condition's scale. */
export const KKT_TOL_FACTOR = 256;

export interface CertificateOptions {
  /** 'factor' (default): computed on the gradients (project()); 'gram': from G alone. */
  floor?: 'factor' | 'gram';
  /** The gradients: CAGrad's distance to g0 is then measured on the vectors. */
  gradients?: GradSet;
}

export interface Certificate {
  readonly ok: boolean;
  /** Worst violation over its allowance (0 when every condition holds exactly). */
  readonly ratio: number;
  /** The condition that gave the worst ratio. */
  readonly worst: string;
}

class Tally {
  ratio = 0;
  worst = 'none';
  /** Records a violation (> 0 violates) against its allowance. */
  add(violation: number, allowance: number, what: string): void {
    const r = violation <= 0 ? 0 : allowance > 0 ? violation / allowance : Number.POSITIVE_INFINITY;
    if (!(r <= this.ratio)) {
      this.ratio = Number.isNaN(r) ? Number.POSITIVE_INFINITY : r;
      this.worst = what;
    }
  }
  result(): Certificate {
    return { ok: this.ratio <= 1, ratio: this.ratio, worst: this.worst };
  }
}

function norms(G: Float64Array, K: number): Float64Array {
  const n = new Float64Array(K);
  for (let i = 0; i < K; i++) n[i] = Math.sqrt(Math.max(0, G[i * K + i]));
  return n;
}

function size(c: ArrayLike<number>, n: Float64Array): number {
  let s = 0;
  for (let k = 0; k < n.length; k++) s += Math.abs(c[k]) * n[k];
  return s;
}

function gramTimes(G: Float64Array, K: number, c: ArrayLike<number>, j: number): number {
  let s = 0;
  for (let k = 0; k < K; k++) s += G[j * K + k] * c[k];
  return s;
}

/** Dual-cone projection v = Σ_k c_k g_k of Σ_k t_k g_k, multipliers μ = c − t. */
function dualConeInto(
  T: Tally,
  G: Float64Array,
  K: number,
  t: ArrayLike<number>,
  c: ArrayLike<number>,
  label: string,
  floor: 'factor' | 'gram',
): void {
  const tol = KKT_TOL_FACTOR * K * EPS;
  const n = norms(G, K);
  const M = Math.max(...n);
  const mu = Array.from({ length: K }, (_, k) => c[k] - t[k]);
  const mc = size(c, n);
  const mm = size(mu, n);
  for (let j = 0; j < K; j++) {
    T.add(-mu[j], Number.MIN_VALUE, `${label}μ_${j} ≥ 0`);
    const s = gramTimes(G, K, c, j);
    T.add(-s, tol * (floor === 'gram' ? M : n[j]) * mc, `${label}g_${j}·v ≥ 0`);
    T.add(Math.abs(mu[j] * s), tol * mm * mc, `${label}μ_${j}·(g_${j}·v) = 0`);
  }
}

/** KKT of one projection onto the dual cone (see above). */
export function dualConeCertificate(
  G: Float64Array,
  K: number,
  t: ArrayLike<number>,
  c: ArrayLike<number>,
  opts: CertificateOptions = {},
): Certificate {
  const T = new Tally();
  dualConeInto(T, G, K, t, c, '', opts.floor ?? 'factor');
  return T.result();
}

/** upgrad: every row i of C is the projection of g_i (t = e_i). */
export function upgradCertificate(
  G: Float64Array,
  K: number,
  C: Float64Array,
  opts: CertificateOptions = {},
): Certificate {
  const T = new Tally();
  for (let i = 0; i < K; i++) {
    const t = new Float64Array(K);
    t[i] = 1;
    dualConeInto(T, G, K, t, C.subarray(i * K, i * K + K), `row ${i}: `, opts.floor ?? 'factor');
  }
  return T.result();
}

/** mgda: simplex weights w (C = diag(K·w)). */
export function mgdaCertificate(G: Float64Array, K: number, w: ArrayLike<number>): Certificate {
  const T = new Tally();
  const tol = KKT_TOL_FACTOR * K * EPS;
  const n = norms(G, K);
  let sum = 0;
  for (let j = 0; j < K; j++) {
    T.add(-w[j], Number.MIN_VALUE, `w_${j} ≥ 0`);
    sum += w[j];
  }
  T.add(Math.abs(sum - 1), tol, 'Σw = 1');
  const mw = size(w, n);
  const M = Math.max(...n);
  const uu = quadForm(G, K, w);
  for (let j = 0; j < K; j++) {
    T.add(uu - gramTimes(G, K, w, j), tol * M * (n[j] + mw), `g_${j}·u ≥ ‖u‖²`);
  }
  return T.result();
}

/** cagrad with parameter c: C = diag(1 + K·a_j), d/K = g0 + Σ_j a_j g_j. */
export function cagradCertificate(
  G: Float64Array,
  K: number,
  C: Float64Array,
  c: number,
  opts: CertificateOptions = {},
): Certificate {
  const T = new Tally();
  const tol = KKT_TOL_FACTOR * K * EPS;
  const n = norms(G, K);
  const M = Math.max(...n);
  const a = new Float64Array(K);
  const dK = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    a[j] = (C[j * K + j] - 1) / K;
    dK[j] = C[j * K + j] / K;
    T.add(-a[j], Number.MIN_VALUE, `a_${j} ≥ 0`);
    for (let k = 0; k < K; k++) if (k !== j) T.add(Math.abs(C[j * K + k]), 0, 'C diagonal');
  }
  const g0 = new Float64Array(K).fill(1 / K);
  const vecs = opts.gradients;
  const rho = c * (vecs ? combinationNorm(vecs, g0) : Math.sqrt(quadForm(G, K, g0)));
  const ma = size(a, n);
  const dist = vecs ? combinationNorm(vecs, a) : Math.sqrt(quadForm(G, K, a));
  const spread = vecs || !(rho > 0) ? 1 : 1 + ma / rho;
  // ρ = c‖g0‖ is itself known only to c·ε·m(1/K) (the rounding of the sum g0).
  T.add(dist - rho, tol * (ma + rho + c * size(g0, n)) * spread, '‖d/K − g0‖ ≤ ρ');
  let primal = Number.POSITIVE_INFINITY;
  for (let i = 0; i < K; i++) primal = Math.min(primal, gramTimes(G, K, dK, i));
  const F = (w: ArrayLike<number>): number => {
    let s = 0;
    for (let k = 0; k < K; k++) s += w[k] * gramTimes(G, K, g0, k);
    return s + rho * (vecs ? combinationNorm(vecs, w) : Math.sqrt(quadForm(G, K, w)));
  };
  let sa = 0;
  for (let j = 0; j < K; j++) sa += a[j];
  let dual = F(minNormWeights(G, K));
  if (sa > 0) dual = Math.min(dual, F(a.map((v) => v / sa)));
  // From G alone ‖g_w‖ = √(wᵀGw) is known to √(ε)·M only (rounding of a cancelled form).
  const gwFloor = vecs ? 0 : Math.sqrt(tol) * M * (M + rho);
  if (rho > 0) T.add(dual - primal, tol * M * (M + ma + rho) + gwFloor, 'duality gap');
  return T.result();
}

/** ‖Σ_k a_k g_k‖ on the vectors. */
function combinationNorm(gs: GradSet, a: ArrayLike<number>): number {
  const { K, d, g } = gs;
  let s = 0;
  let big = 0;
  for (let k = 0; k < g.length; k++) big = Math.max(big, Math.abs(g[k]));
  const scale = big > 0 ? 1 / big : 1;
  for (let x = 0; x < d; x++) {
    let v = 0;
    for (let i = 0; i < K; i++) v += a[i] * g[i * d + x] * scale;
    s += v * v;
  }
  return Math.sqrt(s) / scale;
}
