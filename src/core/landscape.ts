/**
 * Loss landscapes of 2-D problems for contour views: F(θ) = Σ_i L_i(θ) or one L_i sampled on a
 * regular grid over the problem's domain, contour levels, and contour segments.
 *
 * Choices (MATH.md is silent):
 * - Grid nodes include both ends of each interval: x_c = x0 + c·(x1 − x0)/(nx − 1).
 * - Contour levels are quantiles of the sampled values at (m + ½)/n, not evenly spaced values:
 *   the landscapes here are heavy-tailed (the CAGrad toy has log cliffs, ill-conditioned
 *   quadratics span decades), and quantile levels put lines where the area is instead of
 *   bunching them on a cliff. Colour uses the same idea: the empirical CDF of the samples.
 * - Contours by marching squares with linear interpolation along cell edges; the two saddle
 *   cases are separated by the mean of the four corners.
 * - A problem without a domain gets the bounding box of its starts and θ* with 15% margins.
 * - A non-finite loss value is an error (InputError naming the point), not a hole in the map.
 */
import { InputError } from './errors';
import type { Problem } from './problems/types';

export type Domain2 = readonly [readonly [number, number], readonly [number, number]];

/** Which scalar field to sample: F = Σ_i L_i, or objective i. */
export type LandscapeField = { kind: 'F' } | { kind: 'L'; i: number };

export interface LandscapeGrid {
  readonly nx: number;
  readonly ny: number;
  readonly domain: Domain2;
  /** Row-major ny×nx: values[r·nx + c] at (x_c, y_r). */
  readonly values: Float64Array;
  readonly min: number;
  readonly max: number;
}

/** The box to draw a 2-D problem over (see the module comment). */
export function landscapeDomain(problem: Problem): Domain2 {
  if (problem.d !== 2)
    throw new InputError('problem', `landscape needs d = 2, got d = ${problem.d}`);
  const dom = problem.domain;
  if (dom && dom.length === 2) {
    const [[a, b], [c, e]] = dom;
    if ([a, b, c, e].every(Number.isFinite) && b > a && e > c)
      return [
        [a, b],
        [c, e],
      ];
    throw new InputError('problem.domain', 'must be two finite intervals [lo, hi] with lo < hi');
  }
  const pts = problem.starts().slice();
  if (problem.thetaStar) pts.push(problem.thetaStar);
  if (pts.length === 0) throw new InputError('problem', 'has neither a domain nor starting points');
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const p of pts) {
    for (let k = 0; k < 2; k++) {
      lo[k] = Math.min(lo[k], p[k]);
      hi[k] = Math.max(hi[k], p[k]);
    }
  }
  const span = Math.max(hi[0] - lo[0], hi[1] - lo[1], 1e-9);
  const box = [0, 1].map((k) => {
    const half = Math.max(hi[k] - lo[k], 0.3 * span) / 2 + 0.15 * span;
    const mid = (lo[k] + hi[k]) / 2;
    return [mid - half, mid + half] as const;
  });
  return [box[0], box[1]];
}

/** Samples `field` of a 2-D problem on an nx×ny grid over `domain` (default landscapeDomain). */
export function landscapeGrid(
  problem: Problem,
  opts: { nx: number; ny: number; field: LandscapeField; domain?: Domain2 },
): LandscapeGrid {
  const { nx, ny, field } = opts;
  if (!(Number.isInteger(nx) && nx >= 2 && nx <= 4096)) {
    throw new InputError('nx', `must be an integer in [2, 4096], got ${nx}`);
  }
  if (!(Number.isInteger(ny) && ny >= 2 && ny <= 4096)) {
    throw new InputError('ny', `must be an integer in [2, 4096], got ${ny}`);
  }
  if (field.kind === 'L' && !(Number.isInteger(field.i) && field.i >= 0 && field.i < problem.K)) {
    throw new InputError(
      'field.i',
      `must be an objective index in [0, ${problem.K}), got ${field.i}`,
    );
  }
  const domain = opts.domain ?? landscapeDomain(problem);
  const [[x0, x1], [y0, y1]] = domain;
  const values = new Float64Array(nx * ny);
  const theta = new Float64Array(2);
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < ny; r++) {
    theta[1] = y0 + (r * (y1 - y0)) / (ny - 1);
    for (let c = 0; c < nx; c++) {
      theta[0] = x0 + (c * (x1 - x0)) / (nx - 1);
      const L = problem.losses(theta);
      let v = 0;
      if (field.kind === 'F') for (let i = 0; i < L.length; i++) v += L[i];
      else v = L[field.i];
      if (!Number.isFinite(v)) {
        throw new InputError('landscape', `loss is ${v} at θ = (${theta[0]}, ${theta[1]})`);
      }
      values[r * nx + c] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { nx, ny, domain, values, min, max };
}

/** n contour levels at the quantiles (m + ½)/n of the grid values, ascending, distinct. */
export function contourLevels(grid: LandscapeGrid, n: number): Float64Array {
  if (!(Number.isInteger(n) && n >= 1 && n <= 1000)) {
    throw new InputError('n', `must be an integer in [1, 1000], got ${n}`);
  }
  const sorted = Float64Array.from(grid.values).sort();
  const out: number[] = [];
  for (let m = 0; m < n; m++) {
    const q = ((m + 0.5) / n) * (sorted.length - 1);
    const lo = Math.floor(q);
    const hi = Math.min(lo + 1, sorted.length - 1);
    const v = sorted[lo] + (q - lo) * (sorted[hi] - sorted[lo]);
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  return Float64Array.from(out);
}

/** Empirical CDF of each grid value among all of them, in [0, 1] (ties share the mean rank). */
export function equalizedValues(grid: LandscapeGrid): Float32Array {
  const n = grid.values.length;
  const idx = Array.from({ length: n }, (_, k) => k).sort(
    (a, b) => grid.values[a] - grid.values[b],
  );
  const out = new Float32Array(n);
  let s = 0;
  while (s < n) {
    let e = s;
    while (e + 1 < n && grid.values[idx[e + 1]] === grid.values[idx[s]]) e++;
    const t = n > 1 ? (s + e) / 2 / (n - 1) : 0.5;
    for (let k = s; k <= e; k++) out[idx[k]] = t;
    s = e + 1;
  }
  return out;
}

/**
 * Contour line segments of `grid` at `level` by marching squares, in domain coordinates:
 * [xa, ya, xb, yb] per segment, concatenated.
 */
export function contourSegments(grid: LandscapeGrid, level: number): Float64Array {
  if (!Number.isFinite(level)) throw new InputError('level', `must be finite, got ${level}`);
  const { nx, ny, values, domain } = grid;
  const [[x0, x1], [y0, y1]] = domain;
  const hx = (x1 - x0) / (nx - 1);
  const hy = (y1 - y0) / (ny - 1);
  const out: number[] = [];
  // Point where the level crosses the edge between (xa, ya, va) and (xb, yb, vb).
  const cut = (xa: number, ya: number, va: number, xb: number, yb: number, vb: number) => {
    const t = va === vb ? 0.5 : (level - va) / (vb - va);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  for (let r = 0; r < ny - 1; r++) {
    for (let c = 0; c < nx - 1; c++) {
      const v0 = values[r * nx + c]; // (x, y)
      const v1 = values[r * nx + c + 1]; // (x + h, y)
      const v2 = values[(r + 1) * nx + c + 1]; // (x + h, y + h)
      const v3 = values[(r + 1) * nx + c]; // (x, y + h)
      const code =
        (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const x = x0 + c * hx;
      const y = y0 + r * hy;
      const e = [
        () => cut(x, y, v0, x + hx, y, v1), // bottom
        () => cut(x + hx, y, v1, x + hx, y + hy, v2), // right
        () => cut(x, y + hy, v3, x + hx, y + hy, v2), // top
        () => cut(x, y, v0, x, y + hy, v3), // left
      ];
      const seg = (a: number, b: number) => out.push(...e[a](), ...e[b]());
      const centreAbove = (v0 + v1 + v2 + v3) / 4 > level;
      switch (code) {
        case 1:
        case 14:
          seg(3, 0);
          break;
        case 2:
        case 13:
          seg(0, 1);
          break;
        case 3:
        case 12:
          seg(3, 1);
          break;
        case 4:
        case 11:
          seg(1, 2);
          break;
        case 6:
        case 9:
          seg(0, 2);
          break;
        case 7:
        case 8:
          seg(3, 2);
          break;
        case 5: // corners 0 and 2 above
          if (centreAbove) {
            seg(3, 2);
            seg(0, 1);
          } else {
            seg(3, 0);
            seg(1, 2);
          }
          break;
        case 10: // corners 1 and 3 above
          if (centreAbove) {
            seg(3, 0);
            seg(1, 2);
          } else {
            seg(3, 2);
            seg(0, 1);
          }
          break;
      }
    }
  }
  return Float64Array.from(out);
}
