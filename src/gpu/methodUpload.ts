/**
 * A MethodSpec (with optional per-world α and A) in the form the per-world update kernel reads.
 * Closed-form methods only: sum, pcgrad, cosine (both modes), interaction (both gatings).
 * mgda, cagrad and upgrad solve a small optimisation problem per step; they are rejected here
 * with InputError('method', ...) and run on the CPU backend.
 */
import { InputError } from '../core/errors';
import { pcgradOrders } from '../core/methods/pcgrad';
import { DEFAULT_TAU, type MethodSpec } from '../core/types';
import type { MethodUpload } from './worlds';

export const GPU_METHODS = ['sum', 'pcgrad', 'cosine', 'interaction'] as const;

export function methodUpload(
  spec: MethodSpec,
  K: number,
  alpha?: Float64Array,
  A?: Float64Array,
): MethodUpload {
  let method: number;
  switch (spec.id) {
    case 'sum':
      method = 0;
      break;
    case 'pcgrad':
      method = 1;
      break;
    case 'cosine':
      method = spec.mode === 'sequential' ? 3 : 2;
      break;
    case 'interaction':
      method = 4;
      break;
    default:
      throw new InputError(
        'method',
        `"${spec.id}" is not closed-form per step and runs on the CPU backend only`,
      );
  }
  const sequential = method === 1 || method === 3;
  const perStep =
    sequential &&
    (spec.order ?? 'random') === 'random' &&
    (spec.shuffle ?? 'per-step') === 'per-step';
  const alphaUp = alpha ? Float32Array.from(alpha) : Float32Array.of(spec.alpha ?? 1);
  const AUp = A
    ? Float32Array.from(A)
    : spec.A
      ? Float32Array.from(spec.A)
      : new Float32Array(K * K);
  return {
    method,
    gating: spec.gating === 'all' ? 1 : 0,
    tau: spec.tau ?? DEFAULT_TAU,
    alpha: alphaUp,
    A: AUp,
    // Per-step random order: built in the shader from (seed, step, world), nothing uploaded.
    orders: perStep
      ? new Int32Array(0)
      : pcgradOrders(K, spec.seed ?? 0, spec.order ?? 'random', 0, 0, 'once'),
    orderMode: perStep ? 1 : 0,
    orderSeed: (spec.seed ?? 0) >>> 0,
  };
}
