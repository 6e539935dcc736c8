import { describe, expect, it } from 'vitest';
import {
  contourLevels,
  contourSegments,
  equalizedValues,
  landscapeDomain,
  landscapeGrid,
} from '../../src/core/landscape';
import type { Problem } from '../../src/core/problems/types';

/** A 2-D test problem with L_1 = a·θ (linear) and L_2 = ‖θ‖² (paraboloid). */
function testProblem(domain: Problem['domain'], a = [2, -1]): Problem {
  return {
    id: 'test',
    K: 2,
    d: 2,
    losses: (t) => Float64Array.of(a[0] * t[0] + a[1] * t[1], t[0] * t[0] + t[1] * t[1]),
    gradients: (t) => Float64Array.of(a[0], a[1], 2 * t[0], 2 * t[1]),
    hessianVec: (_t, i, v) => (i === 0 ? new Float64Array(2) : v.map((x) => 2 * x)),
    Fstar: null,
    thetaStar: null,
    starts: () => [Float64Array.of(-1, 0), Float64Array.of(3, 2)],
    domain,
  };
}

describe('landscapeGrid', () => {
  it('samples F and one L_i at the grid nodes, ends included', () => {
    const p = testProblem([
      [-1, 1],
      [0, 2],
    ]);
    const F = landscapeGrid(p, { nx: 3, ny: 2, field: { kind: 'F' } });
    // Nodes x ∈ {−1, 0, 1}, y ∈ {0, 2}; F = 2x − y + x² + y².
    expect(Array.from(F.values)).toEqual([-1, 0, 3, 1, 2, 5]);
    expect(F.min).toBe(-1);
    expect(F.max).toBe(5);
    const L2 = landscapeGrid(p, { nx: 3, ny: 2, field: { kind: 'L', i: 1 } });
    expect(Array.from(L2.values)).toEqual([1, 0, 1, 5, 4, 5]);
  });

  it('rejects bad sizes, indices and non-finite losses naming the field', () => {
    const p = testProblem([
      [-1, 1],
      [-1, 1],
    ]);
    expect(() => landscapeGrid(p, { nx: 1, ny: 4, field: { kind: 'F' } })).toThrow(/^nx:/);
    expect(() => landscapeGrid(p, { nx: 4, ny: 4, field: { kind: 'L', i: 2 } })).toThrow(
      /^field\.i:/,
    );
    const nan: Problem = { ...p, losses: () => Float64Array.of(Number.NaN, 0) };
    expect(() => landscapeGrid(nan, { nx: 2, ny: 2, field: { kind: 'F' } })).toThrow(/^landscape:/);
  });
});

describe('landscapeDomain', () => {
  it('uses the problem domain when it has one, else a padded box around the starts', () => {
    const box = [
      [-10, 10],
      [-5, 5],
    ] as const;
    expect(landscapeDomain(testProblem(box))).toEqual(box);
    // Starts (−1, 0), (3, 2): span 4, x half-width 2 + 0.6, y half-width max(2, 1.2)/2 + 0.6.
    const [[x0, x1], [y0, y1]] = landscapeDomain(testProblem(null));
    expect(x0).toBeCloseTo(-1.6, 12);
    expect(x1).toBeCloseTo(3.6, 12);
    expect(y0).toBeCloseTo(-0.6, 12);
    expect(y1).toBeCloseTo(2.6, 12);
  });
});

describe('contours', () => {
  it('places quantile levels by hand on 0..99', () => {
    const values = Float64Array.from({ length: 100 }, (_, k) => k);
    const grid = {
      nx: 10,
      ny: 10,
      domain: [
        [0, 1],
        [0, 1],
      ] as const,
      values,
      min: 0,
      max: 99,
    };
    // Quantiles (m + ½)/4 of 0..99 at positions 12.375, 37.125, 61.875, 86.625.
    expect(Array.from(contourLevels(grid, 4))).toEqual([12.375, 37.125, 61.875, 86.625]);
    const eq = equalizedValues(grid);
    expect(eq[0]).toBe(0);
    expect(eq[99]).toBe(1);
    expect(eq[33]).toBeCloseTo(1 / 3, 6);
  });

  it('is exact for a linear field: every endpoint lies on the level line', () => {
    const p = testProblem([
      [-2, 3],
      [-1, 4],
    ]);
    const grid = landscapeGrid(p, { nx: 17, ny: 13, field: { kind: 'L', i: 0 } });
    for (const level of contourLevels(grid, 7)) {
      const s = contourSegments(grid, level);
      expect(s.length).toBeGreaterThan(0);
      expect(s.length % 4).toBe(0);
      for (let k = 0; k < s.length; k += 2) {
        expect(2 * s[k] - s[k + 1]).toBeCloseTo(level, 10);
      }
    }
  });

  it('traces a circle on the paraboloid within the interpolation error', () => {
    const p = testProblem([
      [-2, 2],
      [-2, 2],
    ]);
    const n = 81;
    const grid = landscapeGrid(p, { nx: n, ny: n, field: { kind: 'L', i: 1 } });
    const s = contourSegments(grid, 1);
    const h = 4 / (n - 1);
    let length = 0;
    for (let k = 0; k < s.length; k += 4) {
      for (const o of [0, 2])
        expect(Math.abs(Math.hypot(s[k + o], s[k + o + 1]) - 1)).toBeLessThan(h * h);
      length += Math.hypot(s[k + 2] - s[k], s[k + 3] - s[k + 1]);
    }
    // The closed polygon's perimeter approaches 2π from below.
    expect(length).toBeGreaterThan(2 * Math.PI * 0.995);
    expect(length).toBeLessThan(2 * Math.PI);
    expect(contourSegments(grid, 100).length).toBe(0);
  });

  it('separates the saddle cell by the centre value', () => {
    // Row-major 2×2 grid: values = [(0,0), (1,0), (0,1), (1,1)]. Corners (0,0) and (1,1) are
    // above the level 0.5, (1,0) and (0,1) below; the mean of the four decides which connect.
    const cell = (values: Float64Array) => ({
      nx: 2,
      ny: 2,
      domain: [
        [0, 1],
        [0, 1],
      ] as const,
      values,
      min: 0,
      max: 1,
    });
    const a = contourSegments(cell(Float64Array.of(1, 0.1, 0.1, 1)), 0.5); // mean 0.55
    const b = contourSegments(cell(Float64Array.of(0.6, 0, 0, 0.6)), 0.5); // mean 0.3
    expect(a.length).toBe(8);
    expect(b.length).toBe(8);
    // Mean above: the low corners (1,0) and (0,1) are cut off; each segment stays near one.
    const segs = (s: Float64Array) => [s.subarray(0, 4), s.subarray(4, 8)];
    const near = (s: Float64Array, x: number, y: number) =>
      Math.hypot(s[0] - x, s[1] - y) < 0.6 && Math.hypot(s[2] - x, s[3] - y) < 0.6;
    for (const s of segs(a)) expect(near(s, 1, 0) || near(s, 0, 1)).toBe(true);
    // Mean below: the high corners (0,0) and (1,1) are cut off.
    for (const s of segs(b)) expect(near(s, 0, 0) || near(s, 1, 1)).toBe(true);
  });
});
