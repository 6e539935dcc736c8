/**
 * Small quadratic programs in Gram form, shared by mgda, cagrad and upgrad (MATH.md §2) and by
 * the Pareto-stationarity gap of §6. Everything here works on a K×K Gram matrix G (symmetric
 * positive semi-definite, possibly singular), never on the d-dimensional gradients; qpFactor.ts
 * solves the same problems on a QR factor of the gradients when they are at hand.
 *
 * The defect this file had, and the floor of every Gram-form solver.
 *
 * A column was treated as dependent when its Cholesky pivot on Q_PP fell below 1e-12·Q_jj, i.e.
 * when it lay within about 1e-6 rad of the span of the passive columns, and was then "blocked":
 * the solver returned with its multiplier w_j = (b − Qx)_j > 0 unresolved, a KKT violation of up
 * to 1e-6·‖q_j‖·‖r‖, silently. Nearly antiparallel gradients give exactly such pivots while being
 * independent well within what float64 resolves: g = (1, 0, 0), (−1, 1e-7, 0) have pivot
 * 1e-14 ≫ ε. So UPGrad left the dual cone (g'·g_j = −1e-7), CAGrad's dual left its ball, and
 * MGDA stopped at ~√(1e-12) near Pareto-stationary sets. The threshold is now the rounding level
 * of the pivot itself (4·|P|·ε·Q_jj), below which the column is dependent to rounding.
 *
 * Floor. The data are the numbers G_ij, each known to about ε·‖g_i‖‖g_j‖ (the rounding in forming
 * them; more for long vectors or float32 sums). A direction in which the active gradients are
 * within an angle s of dependent is resolved by G only to a relative ε/s², and not at all for
 * s ≲ √ε: working from G squares the condition number κ ≈ 1/s of the active gradients. What a
 * Gram-form solver can reach, and this one does: KKT conditions holding to a few K·ε relative to
 * the data's scale in norm, i.e. a value g_j·v for v = Σ_k c_k g_k to 256·K·ε·M·Σ_k |c_k|‖g_k‖
 * (M = max_k ‖g_k‖; certificate.ts with floor 'gram', tested on every set whose pairs are not
 * within sin ≈ 1e-3 of parallel — closer pairs add the ε·κ² forward error to the residuals), and
 * a forward error of about ε·κ²·‖g‖; a column within
 * √(4Kε) of the span of the passive ones is dependent as far as G can tell, and its multiplier is
 * left at the floor, |w_j| ≲ √(4Kε)·‖g_j‖·‖r‖. The nearly antiparallel pair above has κ ≈ 1.4e7,
 * so G resolves its wedge to ~1e-3 only; project() therefore solves on a QR factor of the
 * gradients (qpFactor.ts), whose error is ε·κ.
 */
import { InputError } from './errors';
import { checkGram, normalizeGram, pow2Scale } from './metrics/scaled';

const EPS = 2 ** -52;

/**
 * LDLᵀ solve of Q_PP z = b_P on the index list P (P in the order the columns entered), without
 * square roots: D_a = Q_aa − Σ_k W_ak·L_ak with W_ak = L_ak·D_k, so a two-column block gives the
 * pivot Q_22 − Q_21·(Q_21/Q_11) with one rounding fewer than LLᵀ, which matters when the pivot is
 * 1e-14 of Q_22 (nearly antiparallel gradients). Returns z (length |P|), or the position in P of
 * the first column dependent to rounding (pivot ≤ 4·|P|·ε·Q_aa) as a negative number −1 − pos.
 */
function solvePassive(
  Q: Float64Array,
  b: Float64Array,
  n: number,
  P: number[],
): Float64Array | number {
  const m = P.length;
  const L = new Float64Array(m * m);
  const D = new Float64Array(m);
  const W = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const row = P[a] * n;
    for (let c = 0; c < a; c++) {
      let s = Q[row + P[c]];
      for (let k = 0; k < c; k++) s -= W[k] * L[c * m + k];
      W[c] = s;
      L[a * m + c] = s / D[c];
    }
    let dd = Q[row + P[a]];
    for (let k = 0; k < a; k++) dd -= W[k] * L[a * m + k];
    if (!(dd > 4 * m * EPS * Q[row + P[a]])) return -1 - a;
    D[a] = dd;
    L[a * m + a] = 1;
  }
  const z = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = b[P[a]];
    for (let k = 0; k < a; k++) s -= L[a * m + k] * z[k];
    z[a] = s;
  }
  for (let a = 0; a < m; a++) z[a] /= D[a];
  for (let a = m - 1; a >= 0; a--) {
    let s = z[a];
    for (let k = a + 1; k < m; k++) s -= L[k * m + a] * z[k];
    z[a] = s;
  }
  return z;
}

/**
 * x = argmin_{x ≥ 0} ½ xᵀQx − bᵀx for symmetric positive semi-definite Q (n×n), by the
 * Lawson–Hanson active-set method written on Q (it is NNLS min ‖Ax − y‖ with Q = AᵀA, b = Aᵀy).
 *
 * Stopping rule: stop when every inactive multiplier w_j = (b − Qx)_j is ≤ tol_j with
 * tol_j = 64·n·ε·(|b_j| + Σ_k |Q_jk|·x_k), the rounding level of w_j itself (componentwise, so
 * that columns of very different sizes are each resolved to their own rounding); the entering
 * column maximises w_j/√Q_jj (scale-free). At that point x is
 * feasible and satisfies the KKT conditions to rounding. A column that makes Q_PP singular to
 * rounding (LDLᵀ pivot ≤ 4·|P|·ε·Q_jj, the pivot's own rounding error) is set aside until x
 * next changes, so Q_PP stays well posed even when Q is singular (duplicated or dependent
 * gradients). At most 10n + 10 outer steps.
 *
 * Accuracy: the floor stated at the top of this file. Q_PP is factored in the order the columns
 * entered, so only the active block and b_P carry rounding into the solution.
 */
export function nnlsGram(Q: Float64Array, b: Float64Array, n: number): Float64Array {
  // Equilibrated by powers of two (exact): with s_j = 2^-⌊log₂√Q_jj⌋, x = s∘y solves the same
  // problem on Q̃ = SQS (unit-order diagonal), b̃ = Sb. The rules below (entering column, the
  // EPS·Σx cut, the pivot test) then compare columns in one unit: on Q itself a column of
  // multiplier 1e-6 next to one of 1e10 (gradients 6e6 and 3e-10 in one set) was cut as
  // rounding, and UPGrad left the dual cone.
  const sc = new Float64Array(n);
  let unit = true;
  for (let j = 0; j < n; j++) {
    sc[j] = pow2Scale(Math.sqrt(Q[j * n + j]));
    if (sc[j] !== 1) unit = false;
  }
  if (unit) return nnlsUnit(Q, b, n);
  const Qs = new Float64Array(n * n);
  const bs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    bs[i] = b[i] * sc[i];
    for (let j = 0; j < n; j++) Qs[i * n + j] = Q[i * n + j] * sc[i] * sc[j];
  }
  const y = nnlsUnit(Qs, bs, n);
  for (let j = 0; j < n; j++) y[j] *= sc[j];
  return y;
}

/** nnlsGram on an equilibrated Q (every Q_jj in [1, 4) or 0). */
function nnlsUnit(Q: Float64Array, b: Float64Array, n: number): Float64Array {
  const x = new Float64Array(n);
  const inP = new Uint8Array(n);
  const blocked = new Uint8Array(n);
  let P: number[] = [];
  const w = new Float64Array(n);
  const tol = new Float64Array(n);
  for (let outer = 0; outer < 10 * n + 10; outer++) {
    let l1 = 0;
    for (let j = 0; j < n; j++) {
      let s = b[j];
      let size = Math.abs(b[j]);
      for (let k = 0; k < n; k++) {
        s -= Q[j * n + k] * x[k];
        size += Math.abs(Q[j * n + k]) * x[k];
      }
      w[j] = s;
      tol[j] = 64 * n * EPS * size;
      l1 += x[j];
    }
    let jmax = -1;
    let best = 0;
    for (let j = 0; j < n; j++) {
      if (inP[j] || blocked[j] || !(w[j] > tol[j]) || !(Q[j * n + j] > 0)) continue;
      const v = w[j] / Math.sqrt(Q[j * n + j]);
      if (v > best) {
        best = v;
        jmax = j;
      }
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
 * Shares weight equally among exact duplicates: gradients i, j whose rows of G agree to
 * rounding, |G_ik − G_jk| ≤ 4ε·√G_kk·(√G_ii + √G_jj) for every k (so in particular
 * ‖g_i − g_j‖² = G_ii + G_jj − 2G_ij is rounding), are the same vector as far as G can tell, and
 * moving weight between them changes every g_k·u by rounding only; the equal split makes w
 * independent of the order in which the objectives are listed. (Testing ‖g_i − g_j‖² alone would
 * merge gradients up to √ε apart and move u by that much.) Modifies and returns w.
 */
export function splitDuplicates(G: Float64Array, K: number, w: Float64Array): Float64Array {
  const n = new Float64Array(K);
  for (let i = 0; i < K; i++) n[i] = Math.sqrt(Math.max(0, G[i * K + i]));
  const same = (i: number, j: number): boolean => {
    for (let k = 0; k < K; k++) {
      if (!(Math.abs(G[i * K + k] - G[j * K + k]) <= 4 * EPS * n[k] * (n[i] + n[j]))) return false;
    }
    return true;
  };
  const group = new Int32Array(K).fill(-1);
  for (let i = 0; i < K; i++) {
    if (group[i] >= 0) continue;
    group[i] = i;
    const members = [i];
    let total = w[i];
    for (let j = i + 1; j < K; j++) {
      if (group[j] >= 0 || !same(i, j)) continue;
      group[j] = i;
      members.push(j);
      total += w[j];
    }
    if (members.length > 1) for (const m of members) w[m] = total / members.length;
  }
  return w;
}

/** m(w) = Σ_k w_k‖g_k‖, the size of u = Σ_k w_k g_k before cancellation. */
export function hullScale(G: Float64Array, K: number, w: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < K; k++) m += w[k] * Math.sqrt(Math.max(0, G[k * K + k]));
  return m;
}

/** The lifted NNLS below with lift γ² (Q = G + γ²11ᵀ, b = γ²1), normalised to the simplex. */
function liftedWeights(G: Float64Array, K: number, gamma2: number): Float64Array {
  const Q = new Float64Array(K * K);
  for (let k = 0; k < K * K; k++) Q[k] = G[k] + gamma2;
  const v = nnlsGram(Q, new Float64Array(K).fill(gamma2), K);
  let s = 0;
  for (let i = 0; i < K; i++) s += v[i];
  if (!(s > 0)) return v.fill(1 / K);
  for (let i = 0; i < K; i++) v[i] /= s;
  return v;
}

/**
 * Simplex weights w (w ≥ 0, Σ w_i = 1) of the min-norm point u = Σ_i w_i g_i of the convex hull
 * of g_1..g_K, from the Gram matrix: w = argmin_{w ∈ Δ} wᵀGw. G is rescaled by a power of two
 * first (w is scale-free).
 * - K = 1: w = (1).
 * - K = 2: exact, w_1 = clamp((G_22 − G_12)/(G_11 + G_22 − 2G_12), 0, 1); w = (½, ½) when
 *   g_1 = g_2 (zero denominator).
 * - K > 2: exact active-set solution through the lifting ĝ_i = (g_i, γ): for v ≥ 0,
 *   ‖Σ v_i ĝ_i − (0, γ)‖² = s²‖u‖² + γ²(s − 1)² with s = Σ v_i and u = Σ (v_i/s) g_i, whose
 *   minimum over s is γ²‖u‖²/(γ² + ‖u‖²), increasing in ‖u‖². So v = NNLS on Q = G + γ²11ᵀ,
 *   b = γ²1 (nnlsGram) and w = v/Σ v_i (finite termination, no iteration count to tune, unlike
 *   Frank–Wolfe). The lift cancels in γ²(1 − s) ≈ ‖u‖², so it resolves u only to ε·γ: a first
 *   solve with γ² = max G_ii is repeated with γ = m(w) = Σ w_k‖g_k‖ when that is smaller (tiny
 *   gradients, or 0 near the hull), which resolves u to ε·m(w), the rounding of Σ w_k g_k.
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
  let v = liftedWeights(Gn, K, maxDiag);
  const m = hullScale(Gn, K, v);
  if (m > 0 && m * m < maxDiag / 16) v = liftedWeights(Gn, K, m * m);
  return splitDuplicates(Gn, K, v);
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
