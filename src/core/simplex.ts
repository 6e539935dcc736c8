/**
 * Small quadratic programs in Gram form, shared by mgda, cagrad and upgrad (MATH.md §2) and by
 * the Pareto-stationarity gap of §6. Everything works on a K×K Gram matrix G (symmetric positive
 * semi-definite, possibly singular), never on the d-dimensional gradients.
 */
import { InputError } from './errors';
import { checkGram, normalizeGram } from './metrics/scaled';

const EPS = 2 ** -52;
/**
 * A column whose Cholesky pivot falls below PIVOT_TOL·Q_jj lies within an angle of about 1e-6
 * of the span of the columns already chosen: it is treated as dependent and left out.
 */
const PIVOT_TOL = 1e-12;

/**
 * Cholesky solve of Q_PP z = b_P on the index list P. Returns z (length |P|), or the position
 * in P of the first column found numerically dependent (as a negative number −1 − position).
 */
function solvePassive(
  Q: Float64Array,
  b: Float64Array,
  n: number,
  P: number[],
): Float64Array | number {
  const m = P.length;
  const L = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let c = 0; c <= a; c++) {
      let s = Q[P[a] * n + P[c]];
      for (let k = 0; k < c; k++) s -= L[a * m + k] * L[c * m + k];
      if (a === c) {
        if (!(s > PIVOT_TOL * Q[P[a] * n + P[a]])) return -1 - a;
        L[a * m + a] = Math.sqrt(s);
      } else {
        L[a * m + c] = s / L[c * m + c];
      }
    }
  }
  const z = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = b[P[a]];
    for (let k = 0; k < a; k++) s -= L[a * m + k] * z[k];
    z[a] = s / L[a * m + a];
  }
  for (let a = m - 1; a >= 0; a--) {
    let s = z[a];
    for (let k = a + 1; k < m; k++) s -= L[k * m + a] * z[k];
    z[a] = s / L[a * m + a];
  }
  return z;
}

/**
 * x = argmin_{x ≥ 0} ½ xᵀQx − bᵀx for symmetric positive semi-definite Q (n×n), by the
 * Lawson–Hanson active-set method written on Q (it is NNLS min ‖Ax − y‖ with Q = AᵀA, b = Aᵀy).
 *
 * Stopping rule: stop when every inactive multiplier w_j = (b − Qx)_j is ≤ tol with
 * tol = 64·n·ε·(max|b| + max Q_jj·(1 + ‖x‖₁)), the rounding level of w; at that point x is
 * feasible and satisfies the KKT conditions to rounding. A column that makes Q_PP numerically
 * singular (pivot ≤ 1e-12·Q_jj) is set aside until x next changes, so Q_PP stays well posed
 * even when Q is singular (duplicated or dependent gradients). At most 10n + 10 outer steps.
 *
 * Accuracy: the KKT conditions hold to about ε·max Q_jj·(1 + ‖x‖₁), exact to rounding when the
 * active columns are well separated. Working on Q = AᵀA squares the conditioning of A, so a
 * large x (nearly dependent active columns) loses digits accordingly, and a column within about
 * 1e-6 rad of the span of the active ones cannot be resolved from Q at all (it is left out).
 */
export function nnlsGram(Q: Float64Array, b: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  const inP = new Uint8Array(n);
  const blocked = new Uint8Array(n);
  let P: number[] = [];
  let qmax = 0;
  let bmax = 0;
  for (let j = 0; j < n; j++) {
    qmax = Math.max(qmax, Q[j * n + j]);
    bmax = Math.max(bmax, Math.abs(b[j]));
  }
  const w = new Float64Array(n);
  for (let outer = 0; outer < 10 * n + 10; outer++) {
    let l1 = 0;
    for (let j = 0; j < n; j++) {
      let s = b[j];
      for (let k = 0; k < n; k++) s -= Q[j * n + k] * x[k];
      w[j] = s;
      l1 += x[j];
    }
    const tol = 64 * n * EPS * (bmax + qmax * (1 + l1));
    let jmax = -1;
    for (let j = 0; j < n; j++) {
      if (!inP[j] && !blocked[j] && w[j] > tol && (jmax < 0 || w[j] > w[jmax])) jmax = j;
    }
    if (jmax < 0) break;
    P.push(jmax);
    inP[jmax] = 1;
    for (let inner = 0; inner <= n; inner++) {
      const z = solvePassive(Q, b, n, P);
      if (typeof z === 'number') {
        const k = P[-1 - z];
        P = P.filter((p) => p !== k);
        inP[k] = 0;
        x[k] = 0;
        blocked[k] = 1;
        break;
      }
      let allPositive = true;
      for (let a = 0; a < P.length; a++) if (!(z[a] > 0)) allPositive = false;
      if (allPositive) {
        x.fill(0);
        for (let a = 0; a < P.length; a++) x[P[a]] = z[a];
        blocked.fill(0);
        break;
      }
      if (inner === 0 && P.length > 0 && !(z[P.length - 1] > 0)) {
        // The entering column does not enter at a positive value: rounding at the tolerance.
        inP[jmax] = 0;
        P.pop();
        blocked[jmax] = 1;
        break;
      }
      let step = 1;
      let leaving = -1;
      for (let a = 0; a < P.length; a++) {
        if (!(z[a] > 0)) {
          const xa = x[P[a]];
          const den = xa - z[a];
          if (den > 0 && xa / den < step) {
            step = xa / den;
            leaving = a;
          }
        }
      }
      for (let a = 0; a < P.length; a++) x[P[a]] += step * (z[a] - x[P[a]]);
      // The blocking variable reaches its bound exactly (rounding would leave it at ~ε·x).
      if (leaving >= 0) x[P[leaving]] = 0;
      const keep: number[] = [];
      for (const p of P) {
        if (x[p] > 0 && !(x[p] <= EPS * l1)) keep.push(p);
        else {
          inP[p] = 0;
          x[p] = 0;
        }
      }
      P = keep;
      blocked.fill(0);
    }
  }
  return x;
}

/**
 * Shares weight equally among exact duplicates: gradients i, j with
 * ‖g_i − g_j‖² = G_ii + G_jj − 2G_ij ≤ 16ε(G_ii + G_jj) are the same vector, so moving weight
 * between them leaves Σ_i w_i g_i unchanged; the equal split makes w independent of the order in
 * which the objectives are listed. Modifies and returns w.
 */
export function splitDuplicates(G: Float64Array, K: number, w: Float64Array): Float64Array {
  const group = new Int32Array(K).fill(-1);
  for (let i = 0; i < K; i++) {
    if (group[i] >= 0) continue;
    group[i] = i;
    const members = [i];
    let total = w[i];
    for (let j = i + 1; j < K; j++) {
      if (group[j] >= 0) continue;
      const gii = G[i * K + i];
      const gjj = G[j * K + j];
      if (gii + gjj - 2 * G[i * K + j] <= 16 * EPS * (gii + gjj)) {
        group[j] = i;
        members.push(j);
        total += w[j];
      }
    }
    if (members.length > 1) for (const m of members) w[m] = total / members.length;
  }
  return w;
}

/**
 * Simplex weights w (w ≥ 0, Σ w_i = 1) of the min-norm point u = Σ_i w_i g_i of the convex hull
 * of g_1..g_K, from the Gram matrix: w = argmin_{w ∈ Δ} wᵀGw. G is rescaled by a power of two
 * first (w is scale-free).
 * - K = 1: w = (1).
 * - K = 2: exact, w_1 = clamp((G_22 − G_12)/(G_11 + G_22 − 2G_12), 0, 1); w = (½, ½) when
 *   g_1 = g_2 (zero denominator).
 * - K > 2: exact active-set solution through the lifting ĝ_i = (g_i, 1): for v ≥ 0,
 *   ‖Σ v_i ĝ_i − (0, 1)‖² = s²‖u‖² + (s − 1)² with s = Σ v_i and u = Σ (v_i/s) g_i, whose minimum
 *   over s is ‖u‖²/(1 + ‖u‖²), increasing in ‖u‖². So v = NNLS on Q = G + 11ᵀ, b = 1
 *   (nnlsGram) and w = v/Σ v_i, exact to rounding (finite termination, no iteration count to
 *   tune, unlike Frank–Wolfe).
 * - All gradients zero: w uniform.
 * Exact duplicates share their weight equally (splitDuplicates).
 */
export function minNormWeights(G: Float64Array, K: number): Float64Array {
  if (!Number.isInteger(K) || K < 1) throw new InputError('gradients', 'need at least 1 gradient');
  checkGram(G, K);
  const Gn = normalizeGram(G, K);
  const w = new Float64Array(K);
  let maxDiag = 0;
  for (let i = 0; i < K; i++) maxDiag = Math.max(maxDiag, Gn[i * K + i]);
  if (K === 1) {
    w[0] = 1;
    return w;
  }
  if (maxDiag === 0) return w.fill(1 / K);
  if (K === 2) {
    const den = Gn[0] + Gn[3] - 2 * Gn[1];
    const w1 = den > 0 ? Math.max(0, Math.min(1, (Gn[3] - Gn[1]) / den)) : 0.5;
    w[0] = w1;
    w[1] = 1 - w1;
    return splitDuplicates(Gn, K, w);
  }
  const Q = new Float64Array(K * K);
  for (let k = 0; k < K * K; k++) Q[k] = Gn[k] + 1;
  const v = nnlsGram(Q, new Float64Array(K).fill(1), K);
  let s = 0;
  for (let i = 0; i < K; i++) s += v[i];
  if (!(s > 0)) return w.fill(1 / K);
  for (let i = 0; i < K; i++) w[i] = v[i] / s;
  return splitDuplicates(Gn, K, w);
}

/** u·u = wᵀGw for weights w (clamped at 0 against rounding). */
export function quadForm(G: Float64Array, K: number, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < K; i++) {
    let r = 0;
    for (let j = 0; j < K; j++) r += G[i * K + j] * w[j];
    s += w[i] * r;
  }
  return Math.max(0, s);
}
