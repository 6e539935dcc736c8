/**
 * The CAGrad toy (Liu et al. 2021; same code in the Nash-MTL and FAMO repositories), MATH.md §9.
 * θ = (x1, x2), LOWER = 5e-6, t = tanh(x2):
 *   f1 = log(max(|a1|, LOWER)) + 6,  a1 = 0.5(−x1 − 7) − tanh(−x2) = −x1/2 − 7/2 + t
 *   f2 = log(max(|a2|, LOWER)) + 6,  a2 = 0.5(−x1 + 3) + tanh(−x2) + 2 = −x1/2 + 7/2 − t
 *   c1 = max(tanh(x2/2), 0),  c2 = max(tanh(−x2/2), 0)
 *   f1_sq = ((x1 − 7)² + 0.1(x2 + 8)²)/10 − 20,  f2_sq = ((x1 + 7)² + 0.1(x2 + 8)²)/10 − 20
 *   L1 = c1·f1 + c2·f1_sq,  L2 = c1·f2 + c2·f2_sq.
 *
 * Derivatives are analytic: for a factor f = log|a| + 6, f_k = a_k/a, f_kl = a_kl/a − a_k a_l/a²,
 * with a_1 = −1/2, a_2 = ±sech²(x2), a_22 = ∓2t·sech²(x2); gates c = tanh(±x2/2) have
 * c' = ±sech²(x2/2)/2, c'' = −c·sech²(x2/2)/2; products p = c(x2)·f(x) give
 *   ∇p = (c f_1, c' f + c f_2),  ∇²p = [[c f_11, c' f_1 + c f_12], [·, c'' f + 2c' f_2 + c f_22]].
 * sech² is computed as 1/cosh², not 1 − tanh², to keep its relative precision for large |x2|.
 *
 * Kinks (the functions are not differentiable there; we return one-sided derivatives):
 *  - the LOWER clamp: where |a| ≥ LOWER the log branch is used (as torch.clamp lets the gradient
 *    through at the bound); where |a| < LOWER the factor is the constant log(LOWER) + 6, so its
 *    gradient and Hessian are zero. Near |a| = LOWER the Hessian is of order 1/LOWER² = 4e10.
 *  - the line x2 = 0: both gates vanish, L1 = L2 = 0, and the one-sided x2-derivatives differ
 *    (∂L_i/∂x2 → f_i/2 from above, −f_i_sq/2 from below; ∂L_i/∂x1 → 0). Convention `atZero`:
 *    'zero' (default, MATH.md §9): gradients and Hessians are exactly zero on the line, so
 *      S = 0 and B is undefined there; a flow started on the line does not move.
 *    'autograd': both gates pass their derivative (c1' = 1/2, c2' = −1/2, c = c'' = 0), the
 *      value PyTorch's autograd returns for the reference code (torch.clamp(·, 0) passes the
 *      gradient at the bound), so the published trajectories from (0, 0) can be reproduced.
 *
 * F*: on x2 ≥ 0, F = c1(f1 + f2) ≥ 2(log LOWER + 6) > −12.5. On x2 < 0, F = c2·(f1_sq + f2_sq)
 * with f1_sq + f2_sq = x1²/5 + 0.02(x2 + 8)² − 30.2, minimised in x1 at x1 = 0, leaving
 * φ(y) = r(y)·h(y), r = tanh(−y/2), h = 0.02(y + 8)² − 30.2 < 0 for y ∈ (−46.9, 0). There
 * φ'' = r''h + 2r'h' + rh'' has three positive terms on (−46.9, −8) (r'' < 0, r' < 0, h' < 0),
 * φ' = r'h + rh' > 0 on [−8, 0), and φ' < 0 for y ≤ −10 (|r'h| ≤ 0.003 < |rh'|, or both
 * negative once h ≥ 0). So φ' has exactly one root y* ∈ (−10, −8) and θ* = (0, y*) is the global
 * minimiser of F (inside the domain); y* is found by bisection on φ' to full precision
 * (y* ≈ −8.3551, F* ≈ −30.1833), and F* = F(θ*).
 */
import { InputError } from '../errors';
import type { Problem } from './types';
import { requireObjective, requirePoint } from './validate';

export const CAGRAD_LOWER = 5e-6;

export const CAGRAD_STARTS: ReadonlyArray<readonly [number, number]> = [
  [-8.5, 7.5],
  [-8.5, -5],
  [9, 9],
  [0, 0],
  [-7.5, -0.5],
  [9, -1],
];

export interface CagradToyParams {
  /** Derivative convention on the line x2 = 0 (see above). Default 'zero'. */
  atZero?: 'zero' | 'autograd';
}

export interface CagradToyProblem extends Problem {
  readonly kind: 'cagrad-toy';
  readonly atZero: 'zero' | 'autograd';
}

/** Value, gradient (2) and Hessian (h11, h12, h22) of one scalar function of θ. */
interface Jet {
  v: number;
  g1: number;
  g2: number;
  h11: number;
  h12: number;
  h22: number;
}

/** Gate value and its x2-derivatives. */
interface Gate {
  c: number;
  c1: number;
  c2: number;
}

const ZERO_GATE: Gate = { c: 0, c1: 0, c2: 0 };

/** c = tanh(σ·x2/2) for σ = ±1 on the side where it is ≥ 0. */
function gate(x2: number, sign: 1 | -1): Gate {
  const s = Math.tanh((sign * x2) / 2);
  const ch = Math.cosh(x2 / 2);
  const sech2 = 1 / (ch * ch);
  return { c: s, c1: (sign * sech2) / 2, c2: (-s * sech2) / 2 };
}

/** f = log(max(|a|, LOWER)) + 6 for a = −x1/2 + β + σ·tanh(x2). */
function logFactor(x1: number, x2: number, beta: number, sign: 1 | -1): Jet {
  const t = Math.tanh(x2);
  const ch = Math.cosh(x2);
  const sech2 = 1 / (ch * ch);
  const a = -x1 / 2 + beta + sign * t;
  if (!(Math.abs(a) >= CAGRAD_LOWER)) {
    return { v: Math.log(CAGRAD_LOWER) + 6, g1: 0, g2: 0, h11: 0, h12: 0, h22: 0 };
  }
  const a1 = -0.5;
  const a2 = sign * sech2;
  const a22 = -2 * sign * t * sech2;
  const ia = 1 / a;
  return {
    v: Math.log(Math.abs(a)) + 6,
    g1: a1 * ia,
    g2: a2 * ia,
    h11: -a1 * a1 * ia * ia,
    h12: -a1 * a2 * ia * ia,
    h22: a22 * ia - a2 * a2 * ia * ia,
  };
}

/** f_sq = ((x1 − μ)² + 0.1(x2 + 8)²)/10 − 20. */
function sqFactor(x1: number, x2: number, mu: number): Jet {
  const u = x1 - mu;
  const w = x2 + 8;
  return {
    v: (u * u + 0.1 * w * w) / 10 - 20,
    g1: u / 5,
    g2: 0.02 * w,
    h11: 0.2,
    h12: 0,
    h22: 0.02,
  };
}

/** p = c(x2)·f(θ) and its derivatives (product rule, c depends on x2 only). */
function product(g: Gate, f: Jet): Jet {
  return {
    v: g.c * f.v,
    g1: g.c * f.g1,
    g2: g.c1 * f.v + g.c * f.g2,
    h11: g.c * f.h11,
    h12: g.c1 * f.g1 + g.c * f.h12,
    h22: g.c2 * f.v + 2 * g.c1 * f.g2 + g.c * f.h22,
  };
}

function add(p: Jet, q: Jet): Jet {
  return {
    v: p.v + q.v,
    g1: p.g1 + q.g1,
    g2: p.g2 + q.g2,
    h11: p.h11 + q.h11,
    h12: p.h12 + q.h12,
    h22: p.h22 + q.h22,
  };
}

/** Jets of L1 and L2 at θ under the given convention on x2 = 0. */
export function cagradJets(x1: number, x2: number, atZero: 'zero' | 'autograd'): [Jet, Jet] {
  const zero: Jet = { v: 0, g1: 0, g2: 0, h11: 0, h12: 0, h22: 0 };
  if (x2 === 0 && atZero === 'zero') return [zero, { ...zero }];
  const up = x2 >= 0 ? gate(x2, 1) : ZERO_GATE;
  const down = x2 <= 0 ? gate(x2, -1) : ZERO_GATE;
  const L1 = add(product(up, logFactor(x1, x2, -3.5, 1)), product(down, sqFactor(x1, x2, 7)));
  const L2 = add(product(up, logFactor(x1, x2, 3.5, -1)), product(down, sqFactor(x1, x2, -7)));
  return [L1, L2];
}

/** φ'(y) for φ(y) = tanh(−y/2)·(0.02(y + 8)² − 30.2), the restriction of F to x1 = 0, y < 0. */
function dphi(y: number): number {
  const r = Math.tanh(-y / 2);
  const ch = Math.cosh(y / 2);
  const h = 0.02 * (y + 8) * (y + 8) - 30.2;
  return (-0.5 / (ch * ch)) * h + r * 0.04 * (y + 8);
}

/** y* ∈ (−10, −8) with φ'(y*) = 0, by bisection until the interval cannot shrink. */
function minimiserY(): number {
  let lo = -10;
  let hi = -8;
  for (let k = 0; k < 200; k++) {
    const m = 0.5 * (lo + hi);
    if (m === lo || m === hi) break;
    if (dphi(m) < 0) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

export function createCagradToy(params: CagradToyParams = {}): CagradToyProblem {
  const atZero = params.atZero ?? 'zero';
  if (atZero !== 'zero' && atZero !== 'autograd') {
    throw new InputError('atZero', `must be "zero" or "autograd", got ${String(atZero)}`);
  }
  const jets = (theta: Float64Array): [Jet, Jet] => {
    requirePoint(theta, 2);
    return cagradJets(theta[0], theta[1], atZero);
  };
  const thetaStar = Float64Array.of(0, minimiserY());
  const [s1, s2] = cagradJets(thetaStar[0], thetaStar[1], atZero);
  return {
    id: 'cagrad-toy',
    kind: 'cagrad-toy',
    atZero,
    K: 2,
    d: 2,
    Fstar: s1.v + s2.v,
    thetaStar,
    domain: [
      [-10, 10],
      [-10, 10],
    ],
    losses(theta) {
      const [a, b] = jets(theta);
      return Float64Array.of(a.v, b.v);
    },
    gradients(theta) {
      const [a, b] = jets(theta);
      return Float64Array.of(a.g1, a.g2, b.g1, b.g2);
    },
    hessianVec(theta, i, v) {
      requireObjective(i, 2);
      requirePoint(v, 2, 'v');
      const j = jets(theta)[i];
      return Float64Array.of(j.h11 * v[0] + j.h12 * v[1], j.h12 * v[0] + j.h22 * v[1]);
    },
    starts() {
      return CAGRAD_STARTS.map((s) => Float64Array.from(s));
    },
  };
}
