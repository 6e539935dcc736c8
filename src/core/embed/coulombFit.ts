/**
 * Least-squares fit of the Coulomb-like form (MATH.md §8): positions x_i ∈ R³ and masses
 * μ_i ∈ R^m minimising the relative squared residual
 *   f(x, μ) = Σ_{i<j} (p_ij/r_ij − w_ij)² / Σ_{i<j} w_ij²,  p_ij = μ_i·μ_j,  r_ij = ‖x_i − x_j‖²,
 * so that √f = ‖W_fit − W‖_F/‖W‖_F over i ≠ j. Analytic gradient, with e_ij = p_ij/r_ij − w_ij
 * and n = Σ_{i<j} w_ij²:
 *   ∂f/∂μ_i = (2/n) Σ_{j≠i} e_ij μ_j / r_ij,
 *   ∂f/∂x_i = −(4/n) Σ_{j≠i} e_ij p_ij (x_i − x_j) / r_ij².
 * Coinciding positions give f = +∞, which the line search rejects.
 *
 * Method: L-BFGS (linalg/lbfgs.ts) from `restarts` seeded starts, keeping the lowest residual.
 * Start: x_i ~ N(0, I₃); μ_i ~ N(0, σ²I_m) with σ² = rms(w)·mean(r)/√m, so that the initial
 * p/r has the scale of W. The form is invariant under x → s·Rx + b, μ → √s·Qμ (R, Q orthogonal),
 * so the positions are a layout up to similarity and the masses up to rotation.
 */
import { check } from '../errors';
import { lbfgs } from '../linalg/lbfgs';
import { createRng } from '../rng';
import { coulombMatrix, dist2, offDiagonalResidual, requireCoulombTarget } from './coulombForm';

export interface CoulombFitOptions {
  /** Dimension of the masses μ_i (default 1). */
  m?: number;
  seed: number;
  /** Independent starts (default 3). */
  restarts?: number;
  /** L-BFGS iterations per start (default 2000). */
  maxIter?: number;
  /** Stop a start once the relative residual is below this (default 1e-8). */
  tol?: number;
}

export interface CoulombFit {
  readonly K: number;
  readonly m: number;
  /** Positions, row-major K×3: a 3-D layout of the objectives. */
  readonly x: Float64Array;
  /** Masses, row-major K×m. */
  readonly mu: Float64Array;
  /** ‖W_fit − W‖_F/‖W‖_F over i ≠ j. */
  readonly residual: number;
  /** L-BFGS iterations of the start kept. */
  readonly iterations: number;
  /** Relative residual √f after each iteration of the start kept (non-increasing). */
  readonly history: number[];
  /** Index of the start kept. */
  readonly restart: number;
}

/** f and ∇f of the fit at params = [x (K×3), μ (K×m)]; writes ∇f into grad. */
export function coulombObjective(
  params: Float64Array,
  grad: Float64Array,
  W: Float64Array,
  K: number,
  m: number,
): number {
  grad.fill(0);
  let n = 0;
  for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) n += W[i * K + j] ** 2;
  const mo = 3 * K;
  let f = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const r = dist2(params, i, j);
      if (!(r > 0)) return Number.POSITIVE_INFINITY;
      let p = 0;
      for (let t = 0; t < m; t++) p += params[mo + i * m + t] * params[mo + j * m + t];
      const e = p / r - W[i * K + j];
      f += e * e;
      const cm = (2 * e) / (n * r);
      for (let t = 0; t < m; t++) {
        grad[mo + i * m + t] += cm * params[mo + j * m + t];
        grad[mo + j * m + t] += cm * params[mo + i * m + t];
      }
      const cx = (-4 * e * p) / (n * r * r);
      for (let t = 0; t < 3; t++) {
        const dx = params[3 * i + t] - params[3 * j + t];
        grad[3 * i + t] += cx * dx;
        grad[3 * j + t] -= cx * dx;
      }
    }
  }
  return f / n;
}

export function coulombFit(W: Float64Array, K: number, opts: CoulombFitOptions): CoulombFit {
  const w = requireCoulombTarget(W, K);
  const m = opts.m ?? 1;
  const restarts = opts.restarts ?? 3;
  const maxIter = opts.maxIter ?? 2000;
  const tol = opts.tol ?? 1e-8;
  check(Number.isInteger(m) && m >= 1 && m <= 64, 'm', `must be an integer in [1, 64], got ${m}`);
  check(Number.isFinite(opts.seed), 'seed', 'must be a finite number');
  check(Number.isInteger(restarts) && restarts >= 1, 'restarts', 'must be a positive integer');
  check(Number.isInteger(maxIter) && maxIter >= 0, 'maxIter', 'must be a non-negative integer');
  check(tol >= 0, 'tol', `must be ≥ 0, got ${tol}`);
  let ss = 0;
  for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) ss += w[i * K + j] ** 2;
  check(ss > 0, 'W', 'is zero off the diagonal: nothing to fit');
  const rmsW = Math.sqrt(ss / ((K * (K - 1)) / 2));
  const rng = createRng(opts.seed);
  let best: CoulombFit | null = null;
  for (let s = 0; s < restarts; s++) {
    const p0 = new Float64Array(3 * K + m * K);
    for (let k = 0; k < 3 * K; k++) p0[k] = rng.normal();
    let meanR = 0;
    for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) meanR += dist2(p0, i, j);
    meanR /= (K * (K - 1)) / 2;
    const sigma = Math.sqrt((rmsW * meanR) / Math.sqrt(m));
    for (let k = 3 * K; k < p0.length; k++) p0[k] = sigma * rng.normal();
    const res = lbfgs((p, g) => coulombObjective(p, g, w, K, m), p0, {
      maxIter,
      fTol: tol * tol,
      gradTol: 1e-15,
    });
    const x = res.x.slice(0, 3 * K);
    const mu = res.x.slice(3 * K);
    const fit: CoulombFit = {
      K,
      m,
      x,
      mu,
      residual: offDiagonalResidual(coulombMatrix(x, mu, K, m), w, K),
      iterations: res.iterations,
      history: res.history.map((f) => Math.sqrt(f)),
      restart: s,
    };
    if (best === null || fit.residual < best.residual) best = fit;
    if (fit.residual <= tol) break;
  }
  return best!;
}
