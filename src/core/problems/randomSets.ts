/**
 * Random conflict sets (MATH.md §9): gradient sets with no θ behind them.
 *
 * From one stream createRng(seed), each candidate set draws, for i = 0..K−1, g_i ~ N(0, I_d)
 * (d normals) and then, when `scaled`, one more normal z and multiplies g_i by exp(z)
 * (log-normal norms). A candidate is kept when at least one pair conflicts under τ (MATH.md §1:
 * G_ij < −τ‖g_i‖‖g_j‖); otherwise it is discarded and the next one drawn. For K ≥ 2 Gaussian
 * gradients a given pair conflicts with probability ≈ ½, so rejection is cheap; the number of
 * candidates is still capped (64·count + 64) so that a τ close to 1 fails loudly instead of
 * looping.
 */
import { InputError } from '../errors';
import { isConflict } from '../metrics/conflict';
import { createRng } from '../rng';
import type { GradSet } from '../types';
import { DEFAULT_TAU } from '../types';
import { rowDot } from '../vec';
import { requireInt, requireReal } from './validate';

export interface RandomSetParams {
  count: number;
  K: number;
  d: number;
  scaled?: boolean;
  seed?: number;
  tau?: number;
}

/** Largest K·d per set and count·K·d in total. */
export const RANDOM_SETS_MAX_ENTRIES = 1 << 24;

/** Whether some pair i < j conflicts (metrics/conflict.ts: G_ij < −τ‖g_i‖‖g_j‖, norms > 0). */
function hasConflict(g: Float64Array, K: number, d: number, tau: number): boolean {
  const n = new Float64Array(K);
  for (let i = 0; i < K; i++) n[i] = Math.sqrt(rowDot(g, i, g, i, d));
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      if (isConflict(rowDot(g, i, g, j, d), n[i], n[j], tau)) return true;
    }
  }
  return false;
}

export function randomConflictSets(params: RandomSetParams): GradSet[] {
  if (params == null || typeof params !== 'object') {
    throw new InputError('params', 'must be an object {count, K, d, scaled?, seed?, tau?}');
  }
  const count = requireInt(params.count, 1, 1_000_000, 'count');
  const K = requireInt(params.K, 2, 4096, 'K');
  const d = requireInt(params.d, 1, RANDOM_SETS_MAX_ENTRIES, 'd');
  requireInt(count * K * d, 1, RANDOM_SETS_MAX_ENTRIES, 'count');
  const scaled = params.scaled ?? false;
  if (typeof scaled !== 'boolean') throw new InputError('scaled', 'must be true or false');
  const seed = requireInt(params.seed ?? 0, 0, 0xffffffff, 'seed');
  const tau = requireReal(params.tau ?? DEFAULT_TAU, 0, 1 - Number.EPSILON, 'tau');

  const rng = createRng(seed);
  const out: GradSet[] = [];
  const maxCandidates = 64 * count + 64;
  for (let attempt = 0; out.length < count; attempt++) {
    if (attempt >= maxCandidates) {
      throw new InputError(
        'tau',
        `only ${out.length} of ${count} sets with a conflict in ${maxCandidates} draws`,
      );
    }
    const g = new Float64Array(K * d);
    for (let i = 0; i < K; i++) {
      for (let k = 0; k < d; k++) g[i * d + k] = rng.normal();
      if (scaled) {
        const s = Math.exp(rng.normal());
        for (let k = 0; k < d; k++) g[i * d + k] *= s;
      }
    }
    if (hasConflict(g, K, d, tau)) out.push({ K, d, g });
  }
  return out;
}
