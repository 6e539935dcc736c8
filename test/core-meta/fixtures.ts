import { createRng } from '../../src/core/rng';

/** Random symmetric n×n matrix with N(0, 1) entries (seeded); zero diagonal if asked. */
export function randomSymmetric(n: number, seed: number, zeroDiagonal = false): Float64Array {
  const rng = createRng(seed);
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = i === j && zeroDiagonal ? 0 : rng.normal();
      M[i * n + j] = v;
      M[j * n + i] = v;
    }
  }
  return M;
}

export function frobenius(M: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < M.length; k++) s += M[k] * M[k];
  return Math.sqrt(s);
}

/**
 * A hand-checkable problem: K one-dimensional quadratics L_i(θ) = ½ q_i (θ − c_i)², with
 * F* = F(θ*), θ* = Σ q_i c_i / Σ q_i.
 */
export function lineProblem(q: number[], c: number[], starts: number[]) {
  const K = q.length;
  const ts = q.reduce((s, qi, i) => s + qi * c[i], 0) / q.reduce((s, qi) => s + qi, 0);
  const losses = (th: Float64Array) =>
    Float64Array.from(q, (qi, i) => 0.5 * qi * (th[0] - c[i]) ** 2);
  const Fstar = losses(Float64Array.of(ts)).reduce((s, v) => s + v, 0);
  return {
    id: 'line',
    K,
    d: 1,
    losses,
    gradients: (th: Float64Array) => Float64Array.from(q, (qi, i) => qi * (th[0] - c[i])),
    hessianVec: (_th: Float64Array, i: number, v: Float64Array) => Float64Array.of(q[i] * v[0]),
    Fstar,
    thetaStar: Float64Array.of(ts),
    starts: () => starts.map((s) => Float64Array.of(s)),
    domain: null,
  };
}
