/**
 * Argument checks shared by the problems of MATH.md §9. Each throws an InputError naming the
 * field, so that a wrong θ, objective index or vector never turns into a silent NaN.
 */
import { InputError, requireFinite } from '../errors';

/** θ must be a length-d array of finite numbers. */
export function requirePoint(theta: ArrayLike<number>, d: number, field = 'theta'): void {
  if (theta == null || typeof theta.length !== 'number') {
    throw new InputError(field, 'must be an array of numbers');
  }
  if (theta.length !== d) throw new InputError(field, `has length ${theta.length}, expected ${d}`);
  requireFinite(theta, field);
}

/** Objective index i must be an integer in [0, K). */
export function requireObjective(i: number, K: number, field = 'i'): void {
  if (!Number.isInteger(i) || i < 0 || i >= K) {
    throw new InputError(field, `must be an integer in [0, ${K}), got ${i}`);
  }
}

/** An integer parameter in [lo, hi]. */
export function requireInt(x: unknown, lo: number, hi: number, field: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) {
    throw new InputError(field, `must be an integer in [${lo}, ${hi}], got ${String(x)}`);
  }
  return x;
}

/** A finite real parameter in [lo, hi] (either bound may be infinite). */
export function requireReal(x: unknown, lo: number, hi: number, field: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi) {
    throw new InputError(field, `must be a finite number in [${lo}, ${hi}], got ${String(x)}`);
  }
  return x;
}
