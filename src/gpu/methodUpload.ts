/**
 * A MethodSpec (with optional per-world α and A) in the form the per-world update kernel reads.
 * Closed-form methods (sum, pcgrad, cosine in both modes, interaction in both gatings) for any
 * K ≤ 32; mgda, cagrad and upgrad solve their K×K problem per world in shaders/qp.wgsl, for
 * K ≤ QP_KMAX. Any other method, or a QP method with larger K, is rejected with
 * InputError('method', ...) and runs on the CPU backend.
 */
import { InputError } from '../core/errors';
import { pcgradOrders } from '../core/methods/pcgrad';
import { DEFAULT_TAU, type MethodSpec } from '../core/types';
import type { MethodUpload } from './worlds';

export const GPU_METHODS = [
  'sum',
  'pcgrad',
  'cosine',
  'interaction',
  'mgda',
  'cagrad',
  'upgrad',
] as const;

/** Largest K of the GPU QP solvers (mgda, cagrad, upgrad). */
export const QP_KMAX = 16;

const QP_CODES: Record<string, number> = { mgda: 5, cagrad: 6, upgrad: 7 };

/** True when the GPU engine runs `id` with K objectives. */
export function gpuRunsMethod(id: string, K: number): boolean {
  if (!(GPU_METHODS as readonly string[]).includes(id)) return false;
  return !(id in QP_CODES) || K <= QP_KMAX;
}

export function methodUpload(
  spec: MethodSpec,
  K: number,
  alpha?: Float64Array,
  A?: Float64Array,
): MethodUpload {
  if (spec.torchjd) throw new InputError('method', "TorchJD's Gram option has no GPU kernel");
  if (spec.scale === 'mean')
    throw new InputError('scale', "the 'mean' convention has no GPU kernel");
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
    case 'mgda':
    case 'cagrad':
    case 'upgrad':
      if (K > QP_KMAX) {
        throw new InputError(
          'method',
          `"${spec.id}" runs on the GPU for K ≤ ${QP_KMAX} (got K = ${K}); use the CPU backend`,
        );
      }
      method = QP_CODES[spec.id];
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
    orders: perStep
      ? new Int32Array(0)
      : pcgradOrders(K, spec.seed ?? 0, spec.order ?? 'random', 0, 'once'),
    orderMode: perStep ? 1 : 0,
    orderSeed: (spec.seed ?? 0) >>> 0,
    c: spec.c ?? 0.5,
  };
}
