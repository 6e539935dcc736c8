/**
 * Limited-memory BFGS (Nocedal & Wright, Alg. 7.4 and 7.5) for smooth unconstrained
 * minimisation with an analytic gradient. Used for the Coulomb-like least-squares fit.
 *
 * Direction p = −H·∇f by the two-loop recursion over the last `memory` pairs
 * (s_k = x_{k+1} − x_k, y_k = ∇f_{k+1} − ∇f_k), initial scaling γ = sᵀy / yᵀy. A pair is stored
 * only when sᵀy > ε_c·‖s‖‖y‖ (ε_c = 1e-10), which keeps H positive definite without a Wolfe
 * line search. Step: backtracking from 1 (halving) until the Armijo condition
 * f(x + a p) ≤ f(x) + 1e-4·a·∇fᵀp holds with a finite value; if p is not a descent direction
 * the memory is cleared and p = −∇f. Hence f never increases from one iteration to the next.
 *
 * Stops when ‖∇f‖_∞ ≤ gradTol, f ≤ fTol, the relative decrease of f over one iteration is below
 * 1e-15 twice in a row, the line search fails (60 halvings), or maxIter is reached.
 */
import { dot } from '../vec';

/** f(x), writing ∇f(x) into `grad`. May return a non-finite f to reject x. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter?: number;
  memory?: number;
  gradTol?: number;
  fTol?: number;
}

export type LbfgsStop = 'gradient' | 'value' | 'stalled' | 'line-search' | 'max-iter';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly iterations: number;
  /** f after each iteration, history[0] = f(x0); non-increasing. */
  readonly history: number[];
  readonly stop: LbfgsStop;
}

export function lbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const maxIter = opts.maxIter ?? 1000;
  const m = opts.memory ?? 10;
  const gradTol = opts.gradTol ?? 1e-12;
  const fTol = opts.fTol ?? 0;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  if (!Number.isFinite(f)) throw new RangeError('lbfgs: objective is not finite at x0');
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const history = [f];
  let stop: LbfgsStop = 'max-iter';
  let stalls = 0;
  let it = 0;
  for (; it < maxIter; it++) {
    if (maxAbs(g) <= gradTol) {
      stop = 'gradient';
      break;
    }
    if (f <= fTol) {
      stop = 'value';
      break;
    }
    let p = twoLoop(g, S, Y);
    let slope = dot(g, p);
    if (!(slope < 0)) {
      S.length = 0;
      Y.length = 0;
      p = g.map((v) => -v);
      slope = dot(g, p);
    }
    const xn = new Float64Array(n);
    const gn = new Float64Array(n);
    let a = S.length === 0 ? Math.min(1, 1 / Math.max(Math.sqrt(dot(g, g)), 1e-300)) : 1;
    let fn = Number.NaN;
    let ok = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let k = 0; k < n; k++) xn[k] = x[k] + a * p[k];
      fn = fg(xn, gn);
      if (Number.isFinite(fn) && fn <= f + 1e-4 * a * slope) {
        ok = true;
        break;
      }
      a *= 0.5;
    }
    if (!ok) {
      stop = 'line-search';
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      s[k] = xn[k] - x[k];
      y[k] = gn[k] - g[k];
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      if (S.length > m) {
        S.shift();
        Y.shift();
      }
    }
    const decrease = (f - fn) / Math.max(Math.abs(f), 1e-300);
    x = xn;
    g = gn;
    f = fn;
    history.push(f);
    stalls = decrease < 1e-15 ? stalls + 1 : 0;
    if (stalls >= 2) {
      stop = 'stalled';
      it++;
      break;
    }
  }
  return { x, f, iterations: it, history, stop };
}

/** p = −H·g by the two-loop recursion; H₀ = γI with γ = sᵀy / yᵀy of the newest pair. */
function twoLoop(g: Float64Array, S: Float64Array[], Y: Float64Array[]): Float64Array {
  const q = Float64Array.from(g);
  const k = S.length;
  const alpha = new Float64Array(k);
  const rho = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    rho[i] = 1 / dot(Y[i], S[i]);
    alpha[i] = rho[i] * dot(S[i], q);
    for (let t = 0; t < q.length; t++) q[t] -= alpha[i] * Y[i][t];
  }
  const gamma = k > 0 ? dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]) : 1;
  for (let t = 0; t < q.length; t++) q[t] *= gamma;
  for (let i = 0; i < k; i++) {
    const beta = rho[i] * dot(Y[i], q);
    for (let t = 0; t < q.length; t++) q[t] += (alpha[i] - beta) * S[i][t];
  }
  for (let t = 0; t < q.length; t++) q[t] = -q[t];
  return q;
}

function maxAbs(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s = Math.max(s, Math.abs(v[k]));
  return s;
}
