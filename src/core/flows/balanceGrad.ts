/**
 * Balance residual B, interaction ratio I and the B-flow gradient ∇B (MATH.md §4, §5).
 *
 *   S = Σ_i ‖g_i‖²,  B = ‖Σ_i g_i‖² / S,  I = Σ_{i<j} g_i·g_j / S,
 *   ∇B = (2/S)(H·Σg − B·Σ_i H_i g_i) = (2/S)·Σ_i H_i (Σg − B·g_i),  H = Σ_i H_i.
 *
 * S, B and I come from metrics/balance.ts (B directly from ‖Σg‖², never as 1 + 2I). The second
 * form of ∇B needs K Hessian–vector products instead of 2K. ∇B is homogeneous of degree −1 in
 * g (H fixed), so it is computed from y = σg with σ = pow2Scale(max |g_ik|), an exact power of
 * two: ∇B = (2σ/Ŝ)·Σ_i H_i (Σy − B·y_i), Ŝ = Σ_i ‖y_i‖², with no overflow or underflow in Ŝ.
 * B, I and ∇B are undefined when S = 0 (every gradient exactly zero): the functions return null
 * then, never NaN. Non-finite gradients are an InputError naming the entry.
 */
import { InputError } from '../errors';
import { balance } from '../metrics/balance';
import { maxAbs, pow2Scale } from '../metrics/scaled';
import type { Problem } from '../problems/types';
import { sumRows } from '../vec';

export interface Balance {
  /** S = Σ_i ‖g_i‖² (may underflow to 0 for tiny gradients; B and I do not). */
  readonly S: number;
  /** B = ‖Σ g_i‖² / S ∈ [0, K]. */
  readonly B: number;
  /** I = Σ_{i<j} G_ij / S. */
  readonly I: number;
  /** Σ_i g_i. */
  readonly sum: Float64Array;
}

/** S, B, I and Σg for the row-major K×d gradients g; null when S = 0. */
export function balanceOf(g: Float64Array, K: number, d: number): Balance | null {
  if (g.length !== K * d) {
    throw new InputError('gradients', `has length ${g.length}, expected K·d = ${K * d}`);
  }
  for (let k = 0; k < g.length; k++) {
    if (!Number.isFinite(g[k])) throw new InputError(`gradients[${k}]`, `is not finite (${g[k]})`);
  }
  const b = balance({ K, d, g });
  if (b.B === null || b.I === null) return null;
  return { S: b.S, B: b.B, I: b.I, sum: sumRows(g, K, d) };
}

/**
 * ∇B at θ, from the gradients g at θ and their balance (computed here when not given);
 * null when B is undefined (S = 0).
 */
export function balanceGrad(
  problem: Problem,
  theta: Float64Array,
  g: Float64Array = problem.gradients(theta),
  bal: Balance | null = balanceOf(g, problem.K, problem.d),
): Float64Array | null {
  if (bal === null) return null;
  const { K, d } = problem;
  const { B } = bal;
  const sigma = pow2Scale(maxAbs(g));
  const sumY = new Float64Array(d);
  let Sy = 0;
  for (let i = 0; i < K; i++) {
    for (let k = 0; k < d; k++) {
      const y = g[i * d + k] * sigma;
      sumY[k] += y;
      Sy += y * y;
    }
  }
  const out = new Float64Array(d);
  const v = new Float64Array(d);
  for (let i = 0; i < K; i++) {
    for (let k = 0; k < d; k++) v[k] = sumY[k] - B * (g[i * d + k] * sigma);
    const Hv = problem.hessianVec(theta, i, v);
    for (let k = 0; k < d; k++) out[k] += Hv[k];
  }
  const f = (2 * sigma) / Sy;
  for (let k = 0; k < d; k++) out[k] *= f;
  return out;
}
