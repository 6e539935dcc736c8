/** Central finite differences used by the derivative checks of the problems and flows. */
import type { Problem } from '../../src/core/problems/types';

/** (f(x + h e_k) − f(x − h e_k)) / 2h for every k, f vector-valued. */
export function centralJacobian(
  f: (x: Float64Array) => Float64Array,
  x: Float64Array,
  h: number,
): Float64Array[] {
  const cols: Float64Array[] = [];
  for (let k = 0; k < x.length; k++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[k] += h;
    xm[k] -= h;
    const fp = f(xp);
    const fm = f(xm);
    cols.push(fp.map((v, i) => (v - fm[i]) / (2 * h)));
  }
  return cols;
}

/** Directional central difference (f(x + h v) − f(x − h v)) / 2h. */
export function centralDirectional(
  f: (x: Float64Array) => Float64Array,
  x: Float64Array,
  v: Float64Array,
  h: number,
): Float64Array {
  const xp = x.map((xk, k) => xk + h * v[k]);
  const xm = x.map((xk, k) => xk - h * v[k]);
  const fp = f(xp);
  const fm = f(xm);
  return fp.map((a, i) => (a - fm[i]) / (2 * h));
}

/** max_k |a_k − b_k| / max(1, max_k |b_k|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1;
  for (let k = 0; k < b.length; k++) {
    num = Math.max(num, Math.abs(a[k] - b[k]));
    den = Math.max(den, Math.abs(b[k]));
  }
  return num / den;
}

/** Row i of the gradients of `p` at x. */
export function gradRow(p: Problem, x: Float64Array, i: number): Float64Array {
  return p.gradients(x).slice(i * p.d, (i + 1) * p.d);
}
