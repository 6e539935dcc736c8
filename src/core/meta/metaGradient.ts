/**
 * Finite-difference meta-gradient over the K(K−1) off-diagonal entries of A (MATH.md §6),
 * split so that the 2K(K−1) perturbed matrices form ONE batch that any engine (CPU rollouts,
 * GPU worlds) can evaluate:
 *   1. metaPerturbations(A, K, h): for the off-diagonal entries e = 0..K(K−1)−1 in row-major
 *      order (i, j), matrices[2e] = A + h⁺_e·E_ij and matrices[2e + 1] = A − h⁻_e·E_ij;
 *   2. the engine returns their meta-losses in the same order;
 *   3. metaGradientFromLosses: ∂ℓ/∂A_ij ≈ (ℓ(A + h⁺E_ij) − ℓ(A − h⁻E_ij)) / (h⁺ + h⁻);
 *      the diagonal of the gradient is 0 (the diagonal of A is ignored by the method).
 * Stencils:
 *  - 'central' (default, MATH.md §6): h⁺ = h⁻ = h, error O(h²), also at the box boundary
 *    (A_ij − h < 0 is a valid input of the interaction method).
 *  - 'inside': the same where [A_ij − h, A_ij + h] ⊂ [0, A_max]; at the edges one-sided, so no
 *    matrix leaves the box: h⁻ = 0 (forward difference) when A_ij − h < 0, h⁺ = 0 (backward)
 *    when A_ij + h > A_max; error O(h). A meta-loss with a kink at the boundary (e.g. log B,
 *    smallest at A_ij = 0 and rising on both sides) has a meaningless central difference
 *    there, while the one-sided one is the derivative a projected step needs.
 */
import { check, InputError, requireFinite } from '../errors';

export type MetaStencil = 'central' | 'inside';

export interface MetaPerturbations {
  readonly K: number;
  readonly h: number;
  /** Off-diagonal entries in row-major order, as flat indices i·K + j (length K(K−1)). */
  readonly entries: Int32Array;
  /** 2K(K−1) matrices: [2e] = A + h⁺_e·E_e, [2e + 1] = A − h⁻_e·E_e. */
  readonly matrices: Float64Array[];
  /** Spacing h⁺_e + h⁻_e per entry (2h for the central stencil). */
  readonly spacing: Float64Array;
}

/** Checks that A is a finite row-major K×K matrix, K ≥ 2. */
export function requireInteractionMatrix(A: Float64Array, K: number, field = 'A'): void {
  check(Number.isInteger(K) && K >= 2, 'K', `must be an integer ≥ 2, got ${K}`);
  check(A.length === K * K, field, `must have ${K}×${K} = ${K * K} entries, got ${A.length}`);
  requireFinite(A, field);
}

/** Off-diagonal flat indices i·K + j in row-major order. */
export function offDiagonalEntries(K: number): Int32Array {
  const e = new Int32Array(K * (K - 1));
  let n = 0;
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) if (i !== j) e[n++] = i * K + j;
  return e;
}

export interface PerturbationOptions {
  stencil?: MetaStencil;
  /** Upper end of the box, for the 'inside' stencil (default 1). */
  Amax?: number;
}

export function metaPerturbations(
  A: Float64Array,
  K: number,
  h: number,
  opts: PerturbationOptions = {},
): MetaPerturbations {
  requireInteractionMatrix(A, K);
  check(Number.isFinite(h) && h > 0, 'h', `must be > 0, got ${h}`);
  const stencil = opts.stencil ?? 'central';
  check(stencil === 'central' || stencil === 'inside', 'stencil', `unknown "${stencil}"`);
  const Amax = opts.Amax ?? 1;
  check(Number.isFinite(Amax) && Amax > 0, 'Amax', `must be > 0, got ${Amax}`);
  check(stencil === 'central' || 2 * h <= Amax, 'h', `must be ≤ A_max/2 for 'inside'`);
  const entries = offDiagonalEntries(K);
  const matrices: Float64Array[] = [];
  const spacing = new Float64Array(entries.length);
  entries.forEach((e, k) => {
    let up = h;
    let dn = h;
    if (stencil === 'inside') {
      if (A[e] - h < 0) dn = 0;
      else if (A[e] + h > Amax) up = 0;
    }
    const plus = Float64Array.from(A);
    const minus = Float64Array.from(A);
    plus[e] = A[e] + up;
    minus[e] = A[e] - dn;
    matrices.push(plus, minus);
    spacing[k] = up + dn;
  });
  return { K, h, entries, matrices, spacing };
}

/**
 * ∇ℓ (row-major K×K, zero diagonal) from the 2K(K−1) meta-losses of the matrices of `p`, in
 * the order of p.matrices: ∂ℓ/∂A_e = (losses[2e] − losses[2e + 1]) / p.spacing[e].
 */
export function metaGradientFromLosses(
  losses: ArrayLike<number>,
  p: Pick<MetaPerturbations, 'K' | 'spacing'>,
): Float64Array {
  const { K, spacing } = p;
  check(Number.isInteger(K) && K >= 2, 'K', `must be an integer ≥ 2, got ${K}`);
  const n = 2 * K * (K - 1);
  if (losses.length !== n) {
    throw new InputError('losses', `must have 2K(K−1) = ${n} entries, got ${losses.length}`);
  }
  requireFinite(losses, 'losses');
  const entries = offDiagonalEntries(K);
  check(
    spacing.length === entries.length,
    'spacing',
    `must have K(K−1) = ${entries.length} entries`,
  );
  const grad = new Float64Array(K * K);
  for (let e = 0; e < entries.length; e++) {
    const s = spacing[e];
    check(Number.isFinite(s) && s > 0, 'spacing', `must be > 0, got ${s}`);
    grad[entries[e]] = (losses[2 * e] - losses[2 * e + 1]) / s;
  }
  return grad;
}
