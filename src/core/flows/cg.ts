/**
 * Conjugate gradients for A x = b with A symmetric positive definite, given only v ↦ A v
 * (Hestenes–Stiefel): x_0 = 0, r_0 = p_0 = b; α = rᵀr / pᵀAp, x ← x + αp, r ← r − αAp,
 * β = r_newᵀr_new / rᵀr, p ← r + βp. Stops when ‖r‖ ≤ tol·‖b‖, after maxIter iterations, or
 * when pᵀAp ≤ 0 (A not positive definite along p, or p lost to rounding).
 */

export interface CgResult {
  x: Float64Array;
  iterations: number;
  /** ‖b − A x‖ / ‖b‖ as tracked by the recurrence (0 when b = 0). */
  relativeResidual: number;
}

export function conjugateGradient(
  apply: (v: Float64Array) => Float64Array,
  b: Float64Array,
  tol: number,
  maxIter: number,
): CgResult {
  const n = b.length;
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const p = Float64Array.from(b);
  let rr = 0;
  for (let k = 0; k < n; k++) rr += r[k] * r[k];
  const bb = rr;
  if (bb === 0) return { x, iterations: 0, relativeResidual: 0 };
  const stop = tol * tol * bb;
  let it = 0;
  while (it < maxIter && rr > stop) {
    const Ap = apply(p);
    let pAp = 0;
    for (let k = 0; k < n; k++) pAp += p[k] * Ap[k];
    if (!(pAp > 0)) break;
    const alpha = rr / pAp;
    let rrNew = 0;
    for (let k = 0; k < n; k++) {
      x[k] += alpha * p[k];
      r[k] -= alpha * Ap[k];
      rrNew += r[k] * r[k];
    }
    const beta = rrNew / rr;
    for (let k = 0; k < n; k++) p[k] = r[k] + beta * p[k];
    rr = rrNew;
    it++;
  }
  return { x, iterations: it, relativeResidual: Math.sqrt(rr / bb) };
}
