/**
 * The Coulomb embedding view's data (MATH.md §8), plain numbers for the 3-D scene and charts:
 * the target W (symmetric, zero diagonal), the least-squares fit w_ij ≈ μ_i·μ_j/‖x_i − x_j‖²
 * (positions x_i ∈ R³, masses μ_i ∈ R^m), the constructive m = K representation with its largest
 * error, and the spectral rank-r truncation errors e_r = ‖W − W_r‖_F/‖W‖_F, r = 0..K.
 *
 * Drawing: positions are centred on their mean and scaled so the farthest lies at distance 1
 * (the form is invariant under x → s·x + b with μ → √s·μ, so this loses nothing); particle i has
 * radius 0.05 + 0.1·‖μ_i‖/max_k‖μ_k‖ and a colour from μ_i: for m = 1 blue (μ_i > 0) or red
 * (μ_i < 0); for m ≥ 2 the hue is the angle of (μ_i1, μ_i2) (masses are defined up to a rotation,
 * so only the colours' differences carry meaning). Link (i, j), i < j, is drawn for w_ij ≠ 0 with
 * strength |w_ij|/max|w|, blue where w_ij > 0 and red where w_ij < 0.
 */

import { type CoulombExact, type CoulombFit, coulombExact, coulombFit } from '../core/embed/index';
import { rankTruncationErrors } from '../core/embed/spectral';
import { check } from '../core/errors';
import { cosineFromGram, gram } from '../core/gram';
import { symmetricPart } from '../core/groups/affinity';
import type { Problem } from '../core/problems/types';

export interface CoulombLink {
  i: number;
  j: number;
  w: number;
  /** |w_ij| / max |w|, in (0, 1]. */
  strength: number;
  color: string;
}

export interface CoulombViewData {
  K: number;
  m: number;
  /** Target, K×K, symmetric, zero diagonal. */
  W: Float64Array;
  fit: CoulombFit;
  exact: CoulombExact;
  rankErrors: Float64Array;
  /** Drawing positions, K×3 (centred, farthest at distance 1). */
  positions: Float64Array;
  radius: Float64Array;
  color: string[];
  links: CoulombLink[];
}

/** The cosine matrix of the problem's gradients at θ, with a zero diagonal. */
export function cosineTarget(problem: Problem, theta: Float64Array): Float64Array {
  const { K, d } = problem;
  const C = cosineFromGram(gram({ K, d, g: problem.gradients(theta) }), K);
  for (let i = 0; i < K; i++) C[i * K + i] = 0;
  return C;
}

/** (A + Aᵀ)/2 with a zero diagonal (a learned interaction matrix as a symmetric target). */
export function symmetricTarget(A: Float64Array, K: number): Float64Array {
  const S = symmetricPart(A, K);
  for (let i = 0; i < K; i++) S[i * K + i] = 0;
  return S;
}

const hex = (v: number) =>
  Math.round(Math.min(255, Math.max(0, v)))
    .toString(16)
    .padStart(2, '0');

/** HSL (h in turns, s and l in [0, 1]) to #rrggbb. */
function hsl(h: number, s: number, l: number): string {
  const f = (n: number) => {
    const k = (n + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

export function coulombView(
  W: Float64Array,
  K: number,
  opts: { m: number; seed: number; restarts?: number; maxIter?: number },
): CoulombViewData {
  check(
    Number.isInteger(opts.m) && opts.m >= 1 && opts.m <= K,
    'm',
    `must be an integer in [1, ${K}], got ${opts.m}`,
  );
  const target = symmetricTarget(W, K);
  const fit = coulombFit(target, K, {
    m: opts.m,
    seed: opts.seed,
    ...(opts.restarts ? { restarts: opts.restarts } : {}),
    ...(opts.maxIter ? { maxIter: opts.maxIter } : {}),
  });
  const exact = coulombExact(target, K);
  const rankErrors = rankTruncationErrors(target, K);
  const positions = new Float64Array(3 * K);
  const c = [0, 0, 0];
  for (let i = 0; i < K; i++) for (let a = 0; a < 3; a++) c[a] += fit.x[3 * i + a] / K;
  let far = 0;
  for (let i = 0; i < K; i++) {
    let r2 = 0;
    for (let a = 0; a < 3; a++) r2 += (fit.x[3 * i + a] - c[a]) ** 2;
    far = Math.max(far, Math.sqrt(r2));
  }
  const s = far > 0 ? 1 / far : 1;
  for (let i = 0; i < K; i++) {
    for (let a = 0; a < 3; a++) positions[3 * i + a] = (fit.x[3 * i + a] - c[a]) * s;
  }
  const m = opts.m;
  const muNorm = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    let q = 0;
    for (let t = 0; t < m; t++) q += fit.mu[i * m + t] ** 2;
    muNorm[i] = Math.sqrt(q);
  }
  const maxMu = Math.max(...muNorm);
  const radius = muNorm.map((v) => 0.05 + 0.1 * (maxMu > 0 ? v / maxMu : 0));
  const color = Array.from(muNorm, (v, i) => {
    const t = maxMu > 0 ? v / maxMu : 0;
    if (m === 1) return hsl(fit.mu[i] >= 0 ? 0.6 : 0.0, 0.75, 0.35 + 0.3 * t);
    const h = Math.atan2(fit.mu[i * m + 1], fit.mu[i * m]) / (2 * Math.PI);
    return hsl((h + 1) % 1, 0.75, 0.35 + 0.3 * t);
  });
  let maxW = 0;
  for (const v of target) maxW = Math.max(maxW, Math.abs(v));
  const links: CoulombLink[] = [];
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const w = target[i * K + j];
      if (w === 0) continue;
      links.push({ i, j, w, strength: Math.abs(w) / maxW, color: w > 0 ? '#5fb3ff' : '#ff6b6b' });
    }
  }
  return { K, m, W: target, fit, exact, rankErrors, positions, radius, color, links };
}
