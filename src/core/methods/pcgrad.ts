/**
 * `pcgrad` (Yu et al. 2020; MATH.md §2) in Gram form. For each i: p ← g_i; for j ≠ i in the
 * order of row i of the order table: if p·g_j < −τ‖p‖‖g_j‖ then p ← p − f·(p·g_j/‖g_j‖²)·g_j,
 * always against the ORIGINAL g_j; g'_i = p. PCGrad uses f = 1; sequential `cosine` uses
 * f = α·|cos(p, g_j)| (see cosine.ts).
 *
 * Gram form: p = Σ_k c_k g_k, so p·g_j = (cᵀG)_j and ‖p‖² = cᵀGc; the projection is
 * c_j ← c_j − f·(p·g_j)/G_jj. The vector v = cᵀG is kept up to date (v ← v − t·G_j,:), so each
 * step costs O(K). A zero-norm g_j (G_jj = 0) is skipped; when ‖p‖² = cᵀGc ≤ 0 (p is zero to
 * rounding) p conflicts with nothing and row i is done.
 */
import { InputError } from '../errors';
import { normsFromGram } from '../gram';
import { createRng } from '../rng';
import { DEFAULT_TAU, type MethodSpec } from '../types';

/**
 * The order table (Int32Array, row-major K×(K−1)): row i lists the j ≠ i in the order PCGrad
 * visits them. 'fixed': ascending j. 'random': createRng(seed).shuffle of the ascending list,
 * drawn for i = 0..K−1 in sequence from one generator. The GPU path uploads this very table.
 */
export function pcgradOrders(
  K: number,
  seed: number,
  order: 'random' | 'fixed' = 'random',
): Int32Array {
  if (!Number.isInteger(K) || K < 1) throw new InputError('gradients', `invalid K = ${K}`);
  if (!Number.isInteger(seed))
    throw new InputError('seed', `must be a finite integer, got ${seed}`);
  const out = new Int32Array(K * (K - 1));
  const rng = order === 'random' ? createRng(seed) : null;
  for (let i = 0; i < K; i++) {
    const asc: number[] = [];
    for (let j = 0; j < K; j++) if (j !== i) asc.push(j);
    const row = rng ? rng.shuffle(asc) : asc;
    out.set(row, i * (K - 1));
  }
  return out;
}

/**
 * The sequential projection loop above for an explicit order table. `alpha` null: PCGrad
 * (f = 1); a number: f = α·|cos(p, g_j)| with cos = (p·g_j)/(‖p‖‖g_j‖) clamped to [−1, 1].
 */
export function sequentialCoefficients(
  G: Float64Array,
  K: number,
  orders: Int32Array,
  tau: number,
  alpha: number | null,
): Float64Array {
  if (orders.length !== K * (K - 1)) {
    throw new InputError('order', `order table must have K·(K−1) = ${K * (K - 1)} entries`);
  }
  const n = normsFromGram(G, K);
  const C = new Float64Array(K * K);
  const c = new Float64Array(K);
  const v = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    c.fill(0);
    c[i] = 1;
    for (let k = 0; k < K; k++) v[k] = G[i * K + k];
    for (let s = 0; s < K - 1; s++) {
      const j = orders[i * (K - 1) + s];
      const gjj = G[j * K + j];
      if (!(gjj > 0)) continue;
      let pp = 0;
      for (let k = 0; k < K; k++) pp += c[k] * v[k];
      if (!(pp > 0)) break;
      const np = Math.sqrt(pp);
      const pg = v[j];
      if (!(pg < -tau * np * n[j])) continue;
      let f = 1;
      if (alpha !== null) {
        const cos = Math.max(-1, Math.min(1, pg / (np * n[j])));
        f = alpha * Math.abs(cos);
      }
      const t = (f * pg) / gjj;
      if (t === 0) continue;
      c[j] -= t;
      for (let k = 0; k < K; k++) v[k] -= t * G[j * K + k];
    }
    C.set(c, i * K);
  }
  return C;
}

/** C for `pcgrad`: order from spec.order ('random' default, seed spec.seed ?? 0), τ = spec.tau. */
export function pcgradCoefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const orders = pcgradOrders(K, spec.seed ?? 0, spec.order ?? 'random');
  return sequentialCoefficients(G, K, orders, spec.tau ?? DEFAULT_TAU, null);
}
