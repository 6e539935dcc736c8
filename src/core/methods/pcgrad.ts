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
 * The 32-bit PCG output hash ("PCG-RXS-M-XS", O'Neill 2014; as a hash: Jarzynski & Olano,
 * "Hash Functions for GPU Rendering", JCGT 2020): state = v·747796405 + 2891336453,
 * word = ((state >> ((state >> 28) + 4)) ^ state)·277803737, out = (word >> 22) ^ word, all
 * mod 2³². shaders/methods.wgsl computes the very same function in u32 arithmetic.
 */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/**
 * PCGrad's per-step permutation, as Yu et al. (2020), LibMTL (random.shuffle per call) and
 * TorchJD (torch.randperm per call) draw it: a fresh order at every step, derived from
 * (seed, step) so that runs stay reproducible. Row i is a Fisher–Yates shuffle of the
 * ascending list of j ≠ i: with key = H(H(H(seed) ^ step) ^ i) (H = pcgHash, every
 * input taken mod 2³²), for s = K−2 down to 1 swap entries s and H(key ^ s) mod (s + 1). The
 * modulo bias is below K/2³². The GPU builds each row in the shader from the same formula, so
 * nothing is uploaded per step and the CPU and GPU orders are identical.
 */
export function pcgradPermutation(K: number, seed: number, step: number): Int32Array {
  const out = new Int32Array(K * (K - 1));
  const base = pcgHash(pcgHash(seed >>> 0) ^ (step >>> 0));
  const row: number[] = [];
  for (let i = 0; i < K; i++) {
    row.length = 0;
    for (let j = 0; j < K; j++) if (j !== i) row.push(j);
    const key = pcgHash(base ^ i);
    for (let s = K - 2; s >= 1; s--) {
      const r = pcgHash(key ^ s) % (s + 1);
      const t = row[s];
      row[s] = row[r];
      row[r] = t;
    }
    out.set(row, i * (K - 1));
  }
  return out;
}

/** How a random order is drawn: afresh at every step (default) or once per run. */
export type PcgradShuffle = 'per-step' | 'once';

/**
 * The order table (Int32Array, row-major K×(K−1)): row i lists the j ≠ i in the order PCGrad
 * visits them. 'fixed': ascending j. 'random' with shuffle 'per-step' (default):
 * pcgradPermutation(K, seed, step). 'random' with shuffle 'once': one table for the whole
 * run and every world, createRng(seed).shuffle of the ascending list drawn for i = 0..K−1 in
 * sequence from one generator (the GPU uploads this table).
 */
export function pcgradOrders(
  K: number,
  seed: number,
  order: 'random' | 'fixed' = 'random',
  step = 0,
  shuffle: PcgradShuffle = 'per-step',
): Int32Array {
  if (!Number.isInteger(K) || K < 1) throw new InputError('gradients', `invalid K = ${K}`);
  if (!Number.isInteger(seed))
    throw new InputError('seed', `must be a finite integer, got ${seed}`);
  if (order === 'random' && shuffle === 'per-step') {
    return pcgradPermutation(K, seed, step);
  }
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

/** The order table a spec asks for at its step (MethodSpec.step; default 0). */
export function ordersForSpec(K: number, spec: MethodSpec): Int32Array {
  return pcgradOrders(
    K,
    spec.seed ?? 0,
    spec.order ?? 'random',
    spec.step ?? 0,
    spec.shuffle ?? 'per-step',
  );
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

/**
 * C for `pcgrad`: order from spec.order ('random' default, seed spec.seed ?? 0, drawn afresh for
 * spec.step unless spec.shuffle is 'once'), τ = spec.tau.
 */
export function pcgradCoefficients(G: Float64Array, K: number, spec: MethodSpec): Float64Array {
  const orders = ordersForSpec(K, spec);
  return sequentialCoefficients(G, K, orders, spec.tau ?? DEFAULT_TAU, null);
}
