/**
 * Non-negative least squares x = argmin_{x ≥ 0} ‖A x − y‖ (A of size m×n, column-major), by the
 * Lawson–Hanson active-set method (Lawson & Hanson 1974, ch. 23) with every least-squares
 * subproblem solved by Householder QR of the passive columns A_P. Orthogonal transformations
 * keep the error at ε·κ(A_P), where solving the normal equations (AᵀA)_PP z = (Aᵀy)_P squares it.
 *
 * Outer step: r = y − A x and w = Aᵀr are recomputed from A and y; the column j ∉ P with the
 * largest w_j/‖a_j‖ among those with w_j > tol_j enters, where
 *   tol_j = 16·m·ε·‖a_j‖·(‖y‖ + Σ_k x_k‖a_k‖)
 * is the rounding level of w_j. The entering column is refused (until x next changes) when it is
 * dependent on A_P to rounding (its component orthogonal to span(A_P) is ≤ 16·m·ε·‖a_j‖; then
 * w_j is rounding as well) or when it does not enter at a positive value. Inner step: the usual
 * interpolation back to the feasible region when some z_k ≤ 0, the blocking columns leaving P.
 * Stops when no column can enter: x ≥ 0, w_j ≤ tol_j for j ∉ P and w_j = 0 to rounding on P,
 * i.e. the KKT conditions hold to rounding. At most 3n + 10 outer steps (finite termination in
 * exact arithmetic; the bound only guards against cycling on rounding).
 */

const EPS = 2 ** -52;

/** Householder least squares on columns P of A: z (length |P|), or null if a column is dependent. */
function solveColumns(
  A: Float64Array,
  m: number,
  P: readonly number[],
  y: Float64Array,
  colNorm: Float64Array,
): Float64Array | null {
  const p = P.length;
  if (p > m) return null;
  const M = new Float64Array(m * p);
  for (let a = 0; a < p; a++) M.set(A.subarray(P[a] * m, P[a] * m + m), a * m);
  const b = new Float64Array(y);
  const diag = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const col = k * m;
    let s = 0;
    for (let i = k; i < m; i++) s += M[col + i] * M[col + i];
    const nrm = Math.sqrt(s);
    if (!(nrm > 16 * m * EPS * colNorm[P[k]])) return null;
    const alpha = M[col + k] > 0 ? -nrm : nrm;
    // v = x − α e_k (stored in place), H = I − 2vvᵀ/vᵀv; vᵀv = 2(‖x‖² − α x_k).
    M[col + k] -= alpha;
    const vv = 2 * (s - alpha * (M[col + k] + alpha));
    diag[k] = alpha;
    if (!(vv > 0)) continue;
    for (let c = k + 1; c < p; c++) {
      let t = 0;
      for (let i = k; i < m; i++) t += M[col + i] * M[c * m + i];
      t = (2 * t) / vv;
      for (let i = k; i < m; i++) M[c * m + i] -= t * M[col + i];
    }
    let t = 0;
    for (let i = k; i < m; i++) t += M[col + i] * b[i];
    t = (2 * t) / vv;
    for (let i = k; i < m; i++) b[i] -= t * M[col + i];
  }
  const z = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let c = k + 1; c < p; c++) s -= M[c * m + k] * z[c];
    z[k] = s / diag[k];
  }
  return z;
}

export interface NnlsResult {
  readonly x: Float64Array;
  /** r = y − A x, recomputed at x. */
  readonly residual: Float64Array;
}

/** x = argmin_{x ≥ 0} ‖A x − y‖ for A m×n column-major (column j = entries A[j·m .. j·m + m)). */
export function nnls(A: Float64Array, m: number, n: number, y: Float64Array): NnlsResult {
  const x = new Float64Array(n);
  const r = new Float64Array(m);
  const colNorm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[j * m + i] ** 2;
    colNorm[j] = Math.sqrt(s);
  }
  let ynorm = 0;
  for (let i = 0; i < m; i++) ynorm += y[i] * y[i];
  ynorm = Math.sqrt(ynorm);
  const refused = new Uint8Array(n);
  const inP = new Uint8Array(n);
  let P: number[] = [];
  const residual = (): void => {
    r.set(y);
    for (const k of P) for (let i = 0; i < m; i++) r[i] -= A[k * m + i] * x[k];
  };
  for (let outer = 0; outer < 3 * n + 10; outer++) {
    residual();
    let size = ynorm;
    for (const k of P) size += x[k] * colNorm[k];
    let jmax = -1;
    let best = 0;
    for (let j = 0; j < n; j++) {
      if (inP[j] || refused[j] || !(colNorm[j] > 0)) continue;
      let w = 0;
      for (let i = 0; i < m; i++) w += A[j * m + i] * r[i];
      if (w > 16 * m * EPS * colNorm[j] * size && w / colNorm[j] > best) {
        best = w / colNorm[j];
        jmax = j;
      }
    }
    if (jmax < 0) break;
    let Pn = [...P, jmax];
    let z = solveColumns(A, m, Pn, y, colNorm);
    if (z === null || !(z[Pn.length - 1] > 0)) {
      refused[jmax] = 1;
      continue;
    }
    for (let inner = 0; inner <= n && z !== null; inner++) {
      let step = 1;
      let leaving = -1;
      for (let a = 0; a < Pn.length; a++) {
        if (z[a] > 0) continue;
        const xa = x[Pn[a]];
        const t = xa / (xa - z[a]);
        if (leaving < 0 || t < step) {
          step = Math.min(1, t);
          leaving = a;
        }
      }
      if (leaving < 0) break;
      for (let a = 0; a < Pn.length; a++) x[Pn[a]] += step * (z[a] - x[Pn[a]]);
      // The blocking column reaches its bound exactly (rounding would leave ~ε·x_k there).
      x[Pn[leaving]] = 0;
      Pn = Pn.filter((k) => x[k] > 0);
      z = solveColumns(A, m, Pn, y, colNorm);
    }
    if (z === null) break;
    x.fill(0);
    inP.fill(0);
    for (let a = 0; a < Pn.length; a++) {
      x[Pn[a]] = z[a];
      inP[Pn[a]] = 1;
    }
    P = Pn;
    refused.fill(0);
  }
  residual();
  return { x, residual: new Float64Array(r) };
}
