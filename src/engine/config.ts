/**
 * Validation of a WorldsConfig and the per-world method spec, shared by both engines.
 * Bad input throws InputError naming the field.
 */
import { check, InputError, requireFinite } from '../core/errors';
import { validateSpec } from '../core/methods/spec';
import type { MethodSpec } from '../core/types';
import { DEFAULT_EPS_SWITCH, type WorldsConfig } from './types';

export interface CheckedConfig {
  W: number;
  K: number;
  d: number;
  epsSwitch: number;
}

/** Checks the shape and values of `cfg`; returns W, K, d and the resolved ε_switch. */
export function checkConfig(cfg: WorldsConfig): CheckedConfig {
  check(cfg != null && typeof cfg === 'object', 'config', 'must be an object');
  const p = cfg.problem;
  check(p != null && typeof p.gradients === 'function', 'problem', 'must be a Problem');
  const K = p.K;
  const d = p.d;
  check(Number.isInteger(K) && K >= 2, 'problem.K', `must be an integer ≥ 2, got ${K}`);
  check(Number.isInteger(d) && d >= 1, 'problem.d', `must be an integer ≥ 1, got ${d}`);
  check(cfg.starts instanceof Float64Array, 'starts', 'must be a Float64Array of W·d values');
  check(
    cfg.starts.length > 0 && cfg.starts.length % d === 0,
    'starts',
    `length ${cfg.starts.length} is not a positive multiple of d = ${d}`,
  );
  requireFinite(cfg.starts, 'starts');
  const W = cfg.starts.length / d;
  check(
    cfg.flow === 'loss' || cfg.flow === 'bflow' || cfg.flow === 'two-phase',
    'flow',
    `must be 'loss', 'bflow' or 'two-phase', got ${String(cfg.flow)}`,
  );
  checkEta(cfg.eta);
  const epsSwitch = cfg.epsSwitch ?? DEFAULT_EPS_SWITCH;
  check(
    Number.isFinite(epsSwitch) && epsSwitch > 0,
    'epsSwitch',
    `must be a finite number > 0, got ${epsSwitch}`,
  );
  checkMethod(cfg.method, cfg.alpha, cfg.A, W, K);
  check(
    cfg.movedNorm === undefined || cfg.movedNorm === 'max' || cfg.movedNorm === 'l2',
    'movedNorm',
    `must be 'max' or 'l2', got ${String(cfg.movedNorm)}`,
  );
  return { W, K, d, epsSwitch };
}

export function checkEta(eta: number): void {
  check(
    typeof eta === 'number' && Number.isFinite(eta) && eta > 0,
    'eta',
    `must be a finite number > 0, got ${eta}`,
  );
}

/** Checks the method id, τ, per-world α (length W, in [0, 1]) and per-world A (length W·K·K). */
export function checkMethod(
  method: MethodSpec,
  alpha: Float64Array | undefined,
  A: Float64Array | undefined,
  W: number,
  K: number,
): void {
  validateSpec(method, K);
  if (alpha !== undefined) {
    check(alpha instanceof Float64Array, 'alpha', 'must be a Float64Array of length W');
    check(alpha.length === W, 'alpha', `has length ${alpha.length}, expected W = ${W}`);
    for (let w = 0; w < W; w++) {
      const a = alpha[w];
      if (!(a >= 0 && a <= 1)) throw new InputError(`alpha[${w}]`, `must be in [0, 1], got ${a}`);
    }
  }
  if (A !== undefined) {
    check(A instanceof Float64Array, 'A', 'must be a Float64Array of length W·K·K');
    check(A.length === W * K * K, 'A', `has length ${A.length}, expected W·K·K = ${W * K * K}`);
    requireFinite(A, 'A');
  }
}

/** The method spec of world w: method with α and A replaced by the per-world values if given. */
export function worldSpec(
  method: MethodSpec,
  alpha: Float64Array | undefined,
  A: Float64Array | undefined,
  K: number,
  w: number,
): MethodSpec {
  if (alpha === undefined && A === undefined) return method;
  const spec: MethodSpec = { ...method };
  if (alpha !== undefined) spec.alpha = alpha[w];
  if (A !== undefined) spec.A = A.subarray(w * K * K, (w + 1) * K * K);
  return spec;
}
