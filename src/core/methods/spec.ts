/**
 * Validation of a MethodSpec (MATH.md §2) against the number of objectives K. Every error is an
 * InputError naming the offending field, so the CLI and the UI can say what to fix.
 *
 * Fields whose validity does not depend on K (alpha, mode, gating, order, shuffle, seed, step,
 * tau, c) are
 * checked whenever present, whatever the method; A is checked (length K·K, finite entries) when
 * the method is `interaction`, the only one that reads it.
 */
import { InputError } from '../errors';
import { checkTau } from '../metrics/conflict';
import { METHOD_IDS, type MethodSpec } from '../types';

/** Most objectives `upgrad` accepts (MATH.md §2: one small QP per objective, K ≤ 32). */
export const UPGRAD_MAX_K = 32;

function oneOf(value: unknown, allowed: readonly string[], field: string): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw new InputError(
      field,
      `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Throws InputError naming the field unless `spec` is a valid method for K objectives. */
export function validateSpec(spec: MethodSpec, K: number): void {
  if (spec == null || typeof spec !== 'object') {
    throw new InputError('method', 'must be a method specification');
  }
  if (!(METHOD_IDS as readonly string[]).includes(spec.id)) {
    throw new InputError(
      'method',
      `unknown method ${JSON.stringify(spec.id)}; expected one of ${METHOD_IDS.join(', ')}`,
    );
  }
  if (!Number.isInteger(K) || K < 2) {
    throw new InputError('gradients', `need at least 2 objectives, got ${K}`);
  }
  const { alpha, c, tau, seed, A } = spec;
  if (alpha !== undefined && !(isNumber(alpha) && alpha >= 0 && alpha <= 1)) {
    throw new InputError('alpha', `must be a finite number in [0, 1], got ${String(alpha)}`);
  }
  if (c !== undefined && !(isNumber(c) && c >= 0 && c < 1)) {
    throw new InputError('c', `must be a finite number in [0, 1), got ${String(c)}`);
  }
  if (tau !== undefined) checkTau(tau);
  if (seed !== undefined && !(isNumber(seed) && Number.isInteger(seed))) {
    throw new InputError('seed', `must be a finite integer, got ${String(seed)}`);
  }
  oneOf(spec.mode, ['simultaneous', 'sequential'], 'mode');
  oneOf(spec.gating, ['conflicting', 'all'], 'gating');
  oneOf(spec.order, ['random', 'fixed'], 'order');
  oneOf(spec.shuffle, ['per-step', 'once'], 'shuffle');
  for (const field of ['step'] as const) {
    const v = spec[field];
    if (v !== undefined && !(isNumber(v) && Number.isInteger(v) && v >= 0)) {
      throw new InputError(field, `must be an integer ≥ 0, got ${String(v)}`);
    }
  }
  if (spec.id === 'interaction' && A !== undefined) {
    if (A == null || typeof (A as ArrayLike<number>).length !== 'number') {
      throw new InputError('A', 'must be a K×K array of numbers (row-major)');
    }
    if (A.length !== K * K) {
      throw new InputError('A', `must have K·K = ${K * K} entries (K = ${K}), got ${A.length}`);
    }
    for (let k = 0; k < A.length; k++) {
      if (!isNumber(A[k])) {
        throw new InputError(
          'A',
          `entry (${Math.floor(k / K)}, ${k % K}) must be a finite number, got ${String(A[k])}`,
        );
      }
    }
  }
  validateNewFields(spec, K);
  if (spec.id === 'upgrad' && K > UPGRAD_MAX_K) {
    throw new InputError(
      'gradients',
      `upgrad supports at most ${UPGRAD_MAX_K} objectives, got ${K}`,
    );
  }
}

function checkVector(v: ArrayLike<number> | undefined, K: number, field: string): void {
  if (v === undefined) return;
  if (v == null || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new InputError(field, `must be an array of K = ${K} numbers`);
  }
  if (v.length !== K) throw new InputError(field, `must have K = ${K} entries, got ${v.length}`);
  for (let k = 0; k < K; k++) {
    if (!isNumber(v[k])) {
      throw new InputError(field, `entry ${k} must be a finite number, got ${String(v[k])}`);
    }
  }
}

function checkInt(x: unknown, min: number, field: string): void {
  if (x !== undefined && !(isNumber(x) && Number.isInteger(x) && x >= min)) {
    throw new InputError(field, `must be an integer ≥ ${min}, got ${String(x)}`);
  }
}

/** The fields of the aggregators added with the method atlas (dualproj … gradvac). */
function validateNewFields(spec: MethodSpec, K: number): void {
  oneOf(spec.scale, ['sum', 'mean'], 'scale');
  if (spec.torchjd !== undefined && typeof spec.torchjd !== 'boolean') {
    throw new InputError('torchjd', `must be true or false, got ${String(spec.torchjd)}`);
  }
  checkVector(spec.pref, K, 'pref');
  checkVector(spec.weights, K, 'weights');
  const { beta, target } = spec;
  if (beta !== undefined && !(isNumber(beta) && beta > 0 && beta <= 1)) {
    throw new InputError('beta', `must be a finite number in (0, 1], got ${String(beta)}`);
  }
  if (target !== undefined && !(isNumber(target) && target > -1 && target < 1)) {
    throw new InputError('target', `must be a finite number in (−1, 1), got ${String(target)}`);
  }
  checkInt(spec.byzantine, 0, 'byzantine');
  checkInt(spec.selected, 1, 'selected');
  checkInt(spec.trim, 0, 'trim');
  if (spec.id === 'krum') {
    const f = spec.byzantine ?? 0;
    if (K < f + 3) {
      throw new InputError(
        'gradients',
        `krum needs K ≥ byzantine + 3 = ${f + 3} objectives, got ${K}`,
      );
    }
    if ((spec.selected ?? 1) > K) {
      throw new InputError('selected', `must be at most K = ${K}, got ${spec.selected}`);
    }
  }
  if (spec.id === 'trimmedmean' && spec.trim !== undefined && K < 2 * spec.trim + 1) {
    throw new InputError(
      'trim',
      `trimmedmean needs K ≥ 2·trim + 1 = ${2 * spec.trim + 1}, got K = ${K}`,
    );
  }
}
