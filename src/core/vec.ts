/**
 * Dense float64 vector primitives. Vectors are Float64Array; a set of K vectors of length d is
 * one row-major Float64Array of K·d entries (see GradSet in types.ts).
 */

/** x·y. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>, n = x.length): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += x[k] * y[k];
  return s;
}

/** Dot product of rows i and j of a row-major K×d array, each of length d. */
export function rowDot(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  const oi = i * d;
  const oj = j * d;
  for (let k = 0; k < d; k++) s += a[oi + k] * b[oj + k];
  return s;
}

/** ‖x‖₂, scaled to avoid overflow and underflow. */
export function norm(x: ArrayLike<number>): number {
  let scale = 0;
  for (let k = 0; k < x.length; k++) scale = Math.max(scale, Math.abs(x[k]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let k = 0; k < x.length; k++) {
    const t = x[k] / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/** y ← y + a·x, in place; returns y. */
export function axpy(a: number, x: ArrayLike<number>, y: Float64Array): Float64Array {
  for (let k = 0; k < y.length; k++) y[k] += a * x[k];
  return y;
}

/** Row i of a row-major K×d array, as a view (no copy). */
export function row(a: Float64Array, i: number, d: number): Float64Array {
  return a.subarray(i * d, (i + 1) * d);
}

/** Σ_i rows of a row-major K×d array. */
export function sumRows(a: Float64Array, K: number, d: number): Float64Array {
  const s = new Float64Array(d);
  for (let i = 0; i < K; i++) {
    const o = i * d;
    for (let k = 0; k < d; k++) s[k] += a[o + k];
  }
  return s;
}

/** out = M·x for a row-major n×n matrix M. */
export function matVec(M: Float64Array, x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += M[i * n + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** Combination of rows: out_i = Σ_j C_ij · row_j(g), for C K×K and g K×d (row-major). */
export function combineRows(C: Float64Array, g: Float64Array, K: number, d: number): Float64Array {
  const out = new Float64Array(K * d);
  for (let i = 0; i < K; i++) {
    const oi = i * d;
    for (let j = 0; j < K; j++) {
      const c = C[i * K + j];
      if (c === 0) continue;
      const oj = j * d;
      for (let k = 0; k < d; k++) out[oi + k] += c * g[oj + k];
    }
  }
  return out;
}
