/**
 * Coefficients of the QP methods (mgda, upgrad, cagrad) solved on the QR factor of the gradients
 * rather than on their Gram matrix, for callers that hold the gradients (project()). Same
 * problems, same C up to rounding; the error grows with κ (the condition number of the active
 * gradients) instead of κ², which matters for nearly antiparallel or nearly dependent gradients
 * (simplex.ts states the floor of the Gram form, qpFactor.ts the factor). null for every other
 * method, whose closed forms need only G.
 */
import { InputError } from '../errors';
import { gradientFactor } from '../qpFactor';
import type { GradSet, MethodSpec } from '../types';
import { cagradFromFactor } from './cagrad';
import { mgdaFromFactor } from './mgda';
import { upgradFromFactor } from './upgrad';

const FROM_FACTOR: Partial<
  Record<
    string,
    (F: ReturnType<typeof gradientFactor>, K: number, spec: MethodSpec) => Float64Array
  >
> = {
  mgda: mgdaFromFactor,
  upgrad: upgradFromFactor,
  cagrad: cagradFromFactor,
};

/** C for a QP method from the gradients themselves, or null if spec.id is not one of them. */
export function coefficientsFromGradients(gs: GradSet, spec: MethodSpec): Float64Array | null {
  const solve = FROM_FACTOR[spec.id];
  if (!solve) return null;
  for (let k = 0; k < gs.g.length; k++) {
    if (!Number.isFinite(gs.g[k])) {
      throw new InputError(
        'gradients',
        `gradient ${Math.floor(k / gs.d)} entry ${k % gs.d} is ${gs.g[k]} (not finite)`,
      );
    }
  }
  const F = gradientFactor(gs);
  for (let k = 0; k < F.R.length; k++) {
    if (!Number.isFinite(F.R[k])) {
      throw new InputError('gradients', 'gradients too large to factor (norm overflows)');
    }
  }
  return solve(F, gs.K, spec);
}
