/**
 * Conflict between objectives (MATH.md §1): the pair (i, j) conflicts when
 * G_ij < −τ‖g_i‖‖g_j‖, with tolerance τ ≥ 0 (default 1e-9). A raw `G_ij < 0` test would call an
 * exactly orthogonal pair conflicting whenever rounding makes its dot product −1e-17. A
 * zero-norm gradient conflicts with nothing (the strict inequality fails when a norm is 0).
 */
import { InputError } from '../errors';
import { normsFromGram } from '../gram';
import { DEFAULT_TAU } from '../types';

/** Throws InputError('tau') unless τ is finite and ≥ 0. */
export function checkTau(tau: number): void {
  if (typeof tau !== 'number' || !Number.isFinite(tau) || tau < 0) {
    throw new InputError('tau', `must be a finite number ≥ 0, got ${String(tau)}`);
  }
}

/** The §1 test for one pair: dot < −τ·ni·nj with both norms positive. */
export function isConflict(dotij: number, ni: number, nj: number, tau: number): boolean {
  return ni > 0 && nj > 0 && dotij < -tau * ni * nj;
}

/**
 * Conflict matrix M (Uint8Array, row-major K×K): M_ij = 1 when (i, j) conflicts. Decided once per
 * unordered pair from G_ij (i < j) and mirrored, so M is symmetric with a zero diagonal.
 */
export function conflictMatrix(G: Float64Array, K: number, tau: number = DEFAULT_TAU): Uint8Array {
  checkTau(tau);
  const n = normsFromGram(G, K);
  const M = new Uint8Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      if (isConflict(G[i * K + j], n[i], n[j], tau)) {
        M[i * K + j] = 1;
        M[j * K + i] = 1;
      }
    }
  }
  return M;
}

/** Conflicting pairs (i, j) with i < j, in lexicographic order. */
export function conflictPairs(
  G: Float64Array,
  K: number,
  tau: number = DEFAULT_TAU,
): [number, number][] {
  const M = conflictMatrix(G, K, tau);
  const out: [number, number][] = [];
  for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) if (M[i * K + j]) out.push([i, j]);
  return out;
}

/** Number of conflicting unordered pairs (i < j). */
export function countConflicts(G: Float64Array, K: number, tau: number = DEFAULT_TAU): number {
  return conflictPairs(G, K, tau).length;
}
