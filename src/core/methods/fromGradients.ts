/**
 * Coefficients of the QP methods (mgda, upgrad, cagrad, dualproj) solved on the QR factor of the gradients
 * rather than on their Gram matrix, for callers that hold the gradients (project()). Same
 * problems, same C up to rounding; the error grows with κ (the condition number of the active
 * gradients) instead of κ², which matters for nearly antiparallel or nearly dependent gradients
 * (simplex.ts states the floor of the Gram form, qpFactor.ts the factor). null for every other
 * method, whose closed forms need only G.
 */
import { InputError } from '../errors';
import { commonScale, ldexp, type RowScaledGram, scaleRows } from '../metrics/rowScaled';
import { gradientFactor } from '../qpFactor';
import type { GradSet, MethodSpec } from '../types';
import { cagradFromFactor } from './cagrad';
import { dualprojFromFactor } from './dualproj';
import { mgdaFromFactor } from './mgda';
import { ROW_EQUIVARIANT } from './rowProject';
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
  dualproj: dualprojFromFactor,
};

/** C for a QP method from the gradients themselves, or null if spec.id is not one of them. */
export function coefficientsFromGradients(gs: GradSet, spec: MethodSpec): Float64Array | null {
  const solve = FROM_FACTOR[spec.id];
  // TorchJD's regularised Gram treatment has no factor form: it goes through G.
  if (!solve || spec.torchjd) return null;
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
  const C = solve(F, gs.K, spec);
  if (spec.scale === 'mean') for (let k = 0; k < C.length; k++) C[k] /= gs.K;
  return C;
}

/**
 * Ĉ (row-scaled coefficients, rowProject.ts: Ĉ_ij = C_ij·2^(e_i − e_j)) of a QP method from the
 * gradients, or null for the other methods and for TorchJD's regularised Gram option (it has
 * no factor form). Per-row equivariant upgrad factors the row-scaled rows ĝ_i = 2^(e_i)·g_i
 * (exact at every spread of magnitudes); mgda, cagrad and dualproj factor the rows on one common scale
 * 2^E·g (the largest row at unit size), as their Gram route does.
 */
export function rowScaledFromGradients(
  gs: GradSet,
  r: RowScaledGram,
  spec: MethodSpec,
): Float64Array | null {
  if (!FROM_FACTOR[spec.id] || spec.torchjd) return null;
  const { K, d } = gs;
  let Ch: Float64Array | null;
  if (ROW_EQUIVARIANT.has(spec.id)) {
    Ch = coefficientsFromGradients({ K, d, g: scaleRows(gs.g, K, d, r.e) }, spec);
  } else {
    const { E } = commonScale(r);
    const y = new Float64Array(K * d);
    for (let k = 0; k < y.length; k++) y[k] = ldexp(gs.g[k], E);
    const C = coefficientsFromGradients({ K, d, g: y }, spec);
    Ch = C && new Float64Array(K * K);
    if (C && Ch) {
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < K; j++) {
          const v = C[i * K + j];
          Ch[i * K + j] = v === 0 || i === j ? v : ldexp(v, r.e[i] - r.e[j]);
        }
      }
    }
  }
  return Ch;
}
