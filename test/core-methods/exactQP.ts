/**
 * Reference solutions of the QP methods in exact rational arithmetic (BigInt), independent of
 * the code under test: every float64 input is a dyadic rational, so its Gram matrix is exact,
 * and each method's KKT system is solved exactly for every candidate active set (brute-force
 * enumeration, K ≤ 5), keeping the one whose KKT conditions hold exactly.
 *   upgrad: for each i, μ_S = −G_SS⁻¹ G_S,i on S, μ ≥ 0 and G(e_i + μ) ≥ 0.
 *   dualproj: the same with e_i replaced by 1 (the projection of the sum).
 *   mgda:   [G_SS 1; 1ᵀ 0](w; −λ) = (0; 1), w ≥ 0 and (Gw)_j ≥ λ for all j.
 *   cagrad: on S, w = α(t·G_SS⁻¹1 − G_SS⁻¹b) with t the larger root of
 *           t²·1ᵀy − 2t·1ᵀz + bᵀz − ρ² = 0 (y = G⁻¹1, z = G⁻¹b), computed to 120 digits, then
 *           w ≥ 0 and g_j·d ≥ t for all j (derivation in the cagrad test).
 * Results are returned as float64 (rounded once at the end).
 */

export type Q = { n: bigint; d: bigint };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y) [x, y] = [y, x % y];
  return x;
}

export function q(n: bigint, d = 1n): Q {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** The exact value of a float64. */
export function fromFloat(x: number): Q {
  if (x === 0) return q(0n);
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return e >= 0 ? q(sign * mant * (1n << BigInt(e))) : q(sign * mant, 1n << BigInt(-e));
}

export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const sign = (a: Q): number => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0);
const ZERO = q(0n);
const ONE = q(1n);

/** Nearest float64 (to within one rounding, enough for a reference). */
export function toFloat(a: Q): number {
  if (a.n === 0n) return 0;
  const neg = a.n < 0n;
  let n = neg ? -a.n : a.n;
  let d = a.d;
  // Bring n/d into [2^60, 2^61) by powers of two, then divide.
  let shift = 0;
  const bl = (x: bigint) => x.toString(2).length;
  const k = bl(n) - bl(d) - 61;
  if (k > 0) {
    d <<= BigInt(k);
    shift += k;
  } else if (k < 0) {
    n <<= BigInt(-k);
    shift += k;
  }
  const v = Number(n / d) * 2 ** shift;
  return neg ? -v : v;
}

/** Solves M x = b exactly (Gaussian elimination); null if M is singular. */
export function solve(M: Q[][], b: Q[]): Q[] | null {
  const n = b.length;
  const A = M.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = -1;
    for (let r = c; r < n; r++) if (sign(A[r][c]) !== 0) p = r;
    if (p < 0) return null;
    [A[c], A[p]] = [A[p], A[c]];
    for (let r = 0; r < n; r++) {
      if (r === c || sign(A[r][c]) === 0) continue;
      const f = div(A[r][c], A[c][c]);
      for (let k = c; k <= n; k++) A[r][k] = sub(A[r][k], mul(f, A[c][k]));
    }
  }
  return A.map((row, i) => div(row[n], row[i]));
}

export function exactGram(rows: number[][]): Q[][] {
  const V = rows.map((r) => r.map(fromFloat));
  return V.map((a) => V.map((b) => a.reduce((s, x, k) => add(s, mul(x, b[k])), ZERO)));
}

function subsets(K: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << K; mask++) {
    const S: number[] = [];
    for (let j = 0; j < K; j++) if (mask & (1 << j)) S.push(j);
    out.push(S);
  }
  return out.sort((a, b) => a.length - b.length);
}

/** Exact direction d = Σ_j w_j g_j for exact weights (rational), rounded to float64. */
export function combine(rows: number[][], w: Q[]): number[] {
  const V = rows.map((r) => r.map(fromFloat));
  return V[0].map((_, k) => toFloat(V.reduce((s, row, j) => add(s, mul(w[j], row[k])), ZERO)));
}

/**
 * Exact projection of Σ_k t_k g_k onto the dual cone: coefficients c = t + μ with μ_S =
 * −G_SS⁻¹(Gt)_S on S, μ ≥ 0 and Gc ≥ 0.
 */
function dualConeExact(G: Q[][], t: Q[]): Q[] {
  const K = G.length;
  const Gt = G.map((row) => row.reduce((s, x, k) => add(s, mul(x, t[k])), ZERO));
  for (const S of subsets(K)) {
    const mu = S.length
      ? solve(
          S.map((a) => S.map((b) => G[a][b])),
          S.map((a) => q(-Gt[a].n, Gt[a].d)),
        )
      : [];
    if (mu === null || mu.some((m) => sign(m) < 0)) continue;
    const c = [...t];
    S.forEach((j, a) => {
      c[j] = add(c[j], mu[a]);
    });
    if (G.every((row) => sign(row.reduce((s, x, k) => add(s, mul(x, c[k])), ZERO)) >= 0)) return c;
  }
  throw new Error('no exact active set');
}

/** UPGrad's exact C (rows e_i + μ) and direction weights Σ_i C_ij. */
export function upgradExact(rows: number[][]): { C: Q[][]; w: Q[] } {
  const K = rows.length;
  const G = exactGram(rows);
  const C = Array.from({ length: K }, (_, i) =>
    dualConeExact(
      G,
      Array.from({ length: K }, (_, j) => (j === i ? ONE : ZERO)),
    ),
  );
  const w = C[0].map((_, j) => C.reduce((s, row) => add(s, row[j]), ZERO));
  return { C, w };
}

/** DualProj's exact direction weights v = 1 + μ (the projection of the sum Σ_j g_j). */
export function dualprojExact(rows: number[][]): Q[] {
  return dualConeExact(
    exactGram(rows),
    rows.map(() => ONE),
  );
}

/** MGDA's exact simplex weights w (min-norm point of the hull). */
export function mgdaExact(rows: number[][]): Q[] {
  const K = rows.length;
  const G = exactGram(rows);
  for (const S of subsets(K)) {
    if (S.length === 0) continue;
    const n = S.length;
    const M: Q[][] = S.map((a) => [...S.map((b) => G[a][b]), q(-1n)]);
    M.push([...S.map(() => ONE), ZERO]);
    const sol = solve(M, [...S.map(() => ZERO), ONE]);
    if (sol === null || sol.slice(0, n).some((x) => sign(x) < 0)) continue;
    const lambda = sol[n];
    const w = Array.from({ length: K }, () => ZERO);
    S.forEach((j, a) => {
      w[j] = sol[a];
    });
    const ok = G.every(
      (row) =>
        sign(
          sub(
            row.reduce((s, x, k) => add(s, mul(x, w[k])), ZERO),
            lambda,
          ),
        ) >= 0,
    );
    if (ok) return w;
  }
  throw new Error('no exact active set');
}

/** ⌊√(a) · 10^digits⌋ / 10^digits as a rational (a ≥ 0). */
function sqrtQ(a: Q, digits = 120): Q {
  const scale = 10n ** BigInt(digits);
  const x = (a.n * scale * scale) / a.d;
  if (x <= 0n) return ZERO;
  let r = BigInt(Math.floor(Math.sqrt(Number(x)))) || 1n;
  for (let it = 0; it < 400; it++) {
    const next = (r + x / r) / 2n;
    if (next === r || next === r + 1n || next === r - 1n) {
      r = next;
      while (r * r > x) r -= 1n;
      while ((r + 1n) * (r + 1n) <= x) r += 1n;
      break;
    }
    r = next;
  }
  return q(r, scale);
}

/**
 * CAGrad's maximiser in Concord's scaling (d = K·d_cagrad) and its value t = min_i g_i·d_cagrad,
 * to ~1e-100 relative; throws if the optimal g_w is 0 (non-unique maximisers).
 */
export function cagradExact(rows: number[][], c: number): { d: number[]; t: number } {
  const K = rows.length;
  const G = exactGram(rows);
  const cq = fromFloat(c);
  const invK = q(1n, BigInt(K));
  const b = G.map((row) =>
    mul(
      row.reduce((s, x) => add(s, x), ZERO),
      invK,
    ),
  );
  const g0sq = mul(
    b.reduce((s, x) => add(s, x), ZERO),
    invK,
  );
  const rho2 = mul(mul(cq, cq), g0sq);
  const tol = q(1n, 10n ** 90n);
  for (const S of subsets(K)) {
    if (S.length === 0) continue;
    const GS = S.map((a) => S.map((bb) => G[a][bb]));
    const y = solve(
      GS,
      S.map(() => ONE),
    );
    const z = solve(
      GS,
      S.map((a) => b[a]),
    );
    if (!y || !z) continue;
    const sy = y.reduce((s, x) => add(s, x), ZERO);
    const sz = z.reduce((s, x) => add(s, x), ZERO);
    const bz = S.reduce((s, a, k) => add(s, mul(b[a], z[k])), ZERO);
    const disc = sub(mul(sz, sz), mul(sy, sub(bz, rho2)));
    if (sign(disc) < 0) continue;
    const t = div(add(sz, sqrtQ(disc)), sy);
    const wS = y.map((yk, k) => sub(mul(t, yk), z[k]));
    const total = wS.reduce((s, x) => add(s, x), ZERO);
    if (sign(total) <= 0) continue;
    if (wS.some((x) => sign(add(div(x, total), tol)) < 0)) continue;
    const w = Array.from({ length: K }, () => ZERO);
    S.forEach((j, k) => {
      w[j] = div(wS[k], total);
    });
    // g_w·g_w and d_cagrad = g0 + ρ g_w/‖g_w‖ through the Gram matrix: g_j·d = b_j + ρ(Gw)_j/‖g_w‖.
    const Gw = G.map((row) => row.reduce((s, x, k) => add(s, mul(x, w[k])), ZERO));
    const gw2 = Gw.reduce((s, x, k) => add(s, mul(x, w[k])), ZERO);
    if (sign(gw2) <= 0) continue;
    const lam = div(sqrtQ(rho2), sqrtQ(gw2));
    const vals = Gw.map((x, j) => add(b[j], mul(lam, x)));
    const tmin = vals.reduce((m, v) => (sign(sub(v, m)) < 0 ? v : m));
    if (sign(add(sub(tmin, t), mul(tol, add(ONE, t.n < 0n ? q(-t.n, t.d) : t)))) < 0) continue;
    // K·d_cagrad = Σ_j (1 + K·λ·w_j) g_j.
    const coef = w.map((wj) => add(ONE, mul(q(BigInt(K)), mul(lam, wj))));
    return { d: combine(rows, coef), t: toFloat(t) };
  }
  throw new Error('no exact active set with g_w ≠ 0');
}
