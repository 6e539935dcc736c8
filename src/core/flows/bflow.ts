/**
 * B-flow (MATH.md §5): descent on the balance residual B(θ) = ‖Σg‖²/S, three variants.
 *
 * - gradient: θ ← θ − η·∇B (∇B from balanceGrad.ts). Sees cond(H)², so it is slow.
 * - line search (Armijo backtracking): trial step t_0 = min(2·t_prev, η) (t_prev the last
 *   accepted step, η at first), accept the first t = t_0·ρ^m (ρ = 1/2) with
 *   B(θ − t∇B) ≤ B(θ) − c1·t·‖∇B‖², c1 = 1e-4. Trial points where B is undefined or not finite
 *   are rejected. After maxHalvings rejections the step is 'stalled' and θ is kept, so B never
 *   increases: the accepted sequence is monotone.
 * - Gauss–Newton, damped (Levenberg–Marquardt): minimise ‖r(θ)‖², r = Σ_i g_i, whose Jacobian is
 *   H = Σ_i H_i (symmetric). δ solves (H² + μI)δ = −H r by conjugate gradients, each operator
 *   product H(Hv) + μv costing 2K Hessian–vector products. Gain ratio
 *   ρ = (‖r‖² − ‖r(θ+δ)‖²) / (‖r‖² − ‖r + Hδ‖²); accept when ρ > 0 and B(θ+δ) ≤ B(θ), then set
 *   μ ← μ·max(1/3, 1 − (2ρ − 1)³), ν ← 2; otherwise reject, μ ← μ·ν, ν ← 2ν and retry
 *   (Nielsen's rule). Initial μ_0 = 1e-3·(‖Hr‖/‖r‖)², a Rayleigh estimate of the scale of H²
 *   along r, unless given. μ and ν persist from step to step. After maxRejects rejections in one
 *   step it is 'stalled' (and μ is re-estimated at the next step). The extra test on B is a
 *   safeguard: ‖Σg‖² alone can also be decreased by running off to where every gradient fades
 *   (the CAGrad toy's plateaus), which is not the equilibrium B = 0 the flow is after; with it,
 *   every variant of the B-flow is monotone in B.
 */
import { InputError } from '../errors';
import type { Problem } from '../problems/types';
import { balanceGrad, balanceOf } from './balanceGrad';
import { conjugateGradient } from './cg';
import { requireStep } from './lossFlow';
import type { FlowPoint, FlowStepper, StepResult } from './types';

export interface LineSearchOptions {
  /** Armijo constant c1 ∈ (0, 1). Default 1e-4. */
  c1?: number;
  /** Rejections before the step stalls. Default 60. */
  maxHalvings?: number;
}

export interface GaussNewtonOptions {
  /** Initial damping μ_0 > 0; default 1e-3·(‖Hr‖/‖r‖)² at the first step. */
  mu0?: number;
  /** CG relative residual tolerance. Default 1e-12. */
  cgTol?: number;
  /** CG iteration cap. Default min(max(2d, 20), 1000). */
  cgMaxIter?: number;
  /** Rejected trials before the step stalls. Default 20 (μ grows by 2^(n(n+1)/2) over n). */
  maxRejects?: number;
}

export interface BFlowOptions {
  eta: number;
  lineSearch?: boolean | LineSearchOptions;
  gaussNewton?: boolean | GaussNewtonOptions;
}

export type BFlowMode = 'gradient' | 'line-search' | 'gauss-newton';

export interface BFlowStepper extends FlowStepper {
  readonly mode: BFlowMode;
}

const norm2 = (x: Float64Array): number => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return s;
};

/** H v = Σ_i H_i v at θ. */
function totalHessianVec(problem: Problem, theta: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(problem.d);
  for (let i = 0; i < problem.K; i++) {
    const h = problem.hessianVec(theta, i, v);
    for (let k = 0; k < out.length; k++) out[k] += h[k];
  }
  return out;
}

/** B at θ, or null where it is undefined or θ / the gradients are not finite. */
function tryB(problem: Problem, theta: Float64Array): number | null {
  for (let k = 0; k < theta.length; k++) if (!Number.isFinite(theta[k])) return null;
  const g = problem.gradients(theta);
  for (let k = 0; k < g.length; k++) if (!Number.isFinite(g[k])) return null;
  return balanceOf(g, problem.K, problem.d)?.B ?? null;
}

/** Σ_i g_i and B at θ, or null when not finite or B is undefined. */
function tryResidual(problem: Problem, theta: Float64Array): { r: Float64Array; B: number } | null {
  for (let k = 0; k < theta.length; k++) if (!Number.isFinite(theta[k])) return null;
  const g = problem.gradients(theta);
  for (let k = 0; k < g.length; k++) if (!Number.isFinite(g[k])) return null;
  const b = balanceOf(g, problem.K, problem.d);
  if (b === null) return null;
  return { r: b.sum, B: b.B };
}

const stalled = (theta: Float64Array): StepResult => ({ theta, status: 'stalled' });

function optionObject<T extends object>(x: boolean | T | undefined, field: string): T | null {
  if (x === undefined || x === false) return null;
  if (x === true) return {} as T;
  if (typeof x !== 'object' || x === null)
    throw new InputError(field, 'must be a boolean or an object');
  return x;
}

function positive(x: number | undefined, dflt: number, field: string, max = Infinity): number {
  const v = x ?? dflt;
  if (!Number.isFinite(v) || !(v > 0) || v > max) {
    throw new InputError(field, `must be a finite number in (0, ${max}], got ${String(x)}`);
  }
  return v;
}

export function createBFlow(problem: Problem, options: BFlowOptions): BFlowStepper {
  const eta = requireStep(options.eta);
  const ls = optionObject(options.lineSearch, 'lineSearch');
  const gn = optionObject(options.gaussNewton, 'gaussNewton');
  if (ls && gn) {
    throw new InputError(
      'lineSearch',
      'cannot be combined with gaussNewton (it has its own damping)',
    );
  }
  if (gn) return gaussNewton(problem, gn);
  if (ls) {
    const c1 = positive(ls.c1, 1e-4, 'lineSearch.c1', 0.5);
    const maxHalvings = Math.floor(positive(ls.maxHalvings, 60, 'lineSearch.maxHalvings', 1100));
    let tPrev = eta / 2;
    return {
      mode: 'line-search',
      step(p) {
        const grad = balanceGrad(problem, p.theta, p.g, p.balance);
        if (grad === null || p.balance === null) return stalled(p.theta);
        const gg = norm2(grad);
        if (!(gg > 0)) return stalled(p.theta);
        const B0 = p.balance.B;
        let t = Math.min(2 * tPrev, eta);
        const trial = new Float64Array(p.theta.length);
        for (let m = 0; m <= maxHalvings; m++, t /= 2) {
          for (let k = 0; k < trial.length; k++) trial[k] = p.theta[k] - t * grad[k];
          const Bt = tryB(problem, trial);
          if (Bt !== null && Bt <= B0 - c1 * t * gg) {
            tPrev = t;
            return { theta: trial, status: 'moved' };
          }
        }
        return stalled(p.theta);
      },
    };
  }
  return {
    mode: 'gradient',
    step(p) {
      const grad = balanceGrad(problem, p.theta, p.g, p.balance);
      if (grad === null || !(norm2(grad) > 0)) return stalled(p.theta);
      const out = new Float64Array(p.theta.length);
      for (let k = 0; k < out.length; k++) out[k] = p.theta[k] - eta * grad[k];
      return { theta: out, status: 'moved' };
    },
  };
}

function gaussNewton(problem: Problem, o: GaussNewtonOptions): BFlowStepper {
  const d = problem.d;
  let mu = o.mu0 === undefined ? null : positive(o.mu0, 1, 'gaussNewton.mu0');
  const cgTol = positive(o.cgTol, 1e-12, 'gaussNewton.cgTol', 1);
  const cgMaxIter = Math.floor(
    positive(o.cgMaxIter, Math.min(Math.max(2 * d, 20), 1000), 'gaussNewton.cgMaxIter', 1e6),
  );
  const maxRejects = Math.floor(positive(o.maxRejects, 20, 'gaussNewton.maxRejects', 30));
  let nu = 2;
  return {
    mode: 'gauss-newton',
    step(p: FlowPoint) {
      const theta = p.theta;
      if (p.balance === null) return stalled(theta);
      const B0 = p.balance.B;
      const r = new Float64Array(d);
      for (let i = 0; i < problem.K; i++) for (let k = 0; k < d; k++) r[k] += p.g[i * d + k];
      const rr = norm2(r);
      if (!(rr > 0)) return stalled(theta);
      const Hr = totalHessianVec(problem, theta, r);
      const HrHr = norm2(Hr);
      if (!(HrHr > 0)) return stalled(theta);
      if (mu === null) mu = 1e-3 * (HrHr / rr);
      const b = Hr.map((x) => -x);
      for (let attempt = 0; attempt < maxRejects; attempt++) {
        const m = mu;
        const apply = (v: Float64Array): Float64Array => {
          const out = totalHessianVec(problem, theta, totalHessianVec(problem, theta, v));
          for (let k = 0; k < d; k++) out[k] += m * v[k];
          return out;
        };
        const delta = conjugateGradient(apply, b, cgTol, cgMaxIter).x;
        const Hd = totalHessianVec(problem, theta, delta);
        // Predicted decrease ‖r‖² − ‖r + Hδ‖² = −(2r + Hδ)·Hδ.
        let pred = 0;
        for (let k = 0; k < d; k++) pred -= (2 * r[k] + Hd[k]) * Hd[k];
        const trial = new Float64Array(d);
        for (let k = 0; k < d; k++) trial[k] = theta[k] + delta[k];
        const next = pred > 0 ? tryResidual(problem, trial) : null;
        const rho = next === null ? -1 : (rr - norm2(next.r)) / pred;
        if (rho > 0 && next !== null && next.B <= B0) {
          mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
          nu = 2;
          return { theta: trial, status: 'moved' };
        }
        mu *= nu;
        nu *= 2;
        if (!Number.isFinite(mu)) break;
      }
      // Start the damping afresh should the caller try again from here.
      mu = o.mu0 ?? null;
      nu = 2;
      return stalled(theta);
    },
  };
}
