import { describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import { dualCone, hull2d, rightAngleMark } from '../../src/scene/construction';

const rows = (r: number[][]) => Float64Array.from(r.flatMap((x) => [x[0], x[1], x[2] ?? 0]));

describe('construction geometry', () => {
  it('marks the right angle of a PCGrad projection (K = 2, from the core) and no other angle', () => {
    const g = Float64Array.from([1, 0.2, -0.7, 0.6]);
    const r = project({ K: 2, d: 2, g }, { id: 'pcgrad', order: 'fixed' });
    const raw: [number, number, number] = [1, 0.2, 0];
    const proj: [number, number, number] = [r.projected[0], r.projected[1], 0];
    const mark = rightAngleMark(raw, proj, 0.05);
    expect(mark).not.toBeNull();
    expect(rightAngleMark(raw, [0.9, 0.5, 0], 0.05)).toBeNull();
  });

  it('the 2-D dual cone holds exactly the directions with v·g_j ≥ 0', () => {
    const tips = rows([
      [1, 0.2],
      [-0.7, 0.6],
    ]);
    const c = dualCone(tips, 2, 2, 1);
    expect(c.rays).toHaveLength(2);
    for (const r of c.rays) {
      expect(r[0] * 1 + r[1] * 0.2).toBeGreaterThanOrEqual(-1e-9);
      expect(r[0] * -0.7 + r[1] * 0.6).toBeGreaterThanOrEqual(-1e-9);
    }
    // Every fill vertex lies in the cone.
    for (const p of c.fill) {
      expect(p[0] * 1 + p[1] * 0.2).toBeGreaterThanOrEqual(-1e-9);
      expect(p[0] * -0.7 + p[1] * 0.6).toBeGreaterThanOrEqual(-1e-9);
    }
    // Three gradients that positively span the plane leave only {0}.
    expect(
      dualCone(
        rows([
          [1, 0],
          [-0.5, 0.8],
          [-0.5, -0.8],
        ]),
        3,
        2,
        1,
      ).trivial,
    ).toBe(true);
  });

  it('the 3-D dual cone of three gradients has three edges, each on two constraint planes', () => {
    const tips = rows([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const c = dualCone(tips, 3, 3, 1);
    expect(c.rays).toHaveLength(3);
    expect(c.fill).toHaveLength(9);
  });

  it('the 3-D dual cone of two gradients is a wedge: two half-discs, every point in the cone', () => {
    const g = [
      [1, 0.2, 0.1],
      [-0.6, 0.7, 0.2],
    ];
    const R = 1.25;
    const c = dualCone(rows(g), 2, 3, R);
    expect(c.trivial).toBe(false);
    expect(c.rays).toHaveLength(2);
    // The two edges are ±(g1 × g2).
    expect(
      c.rays[0][0] * c.rays[1][0] + c.rays[0][1] * c.rays[1][1] + c.rays[0][2] * c.rays[1][2],
    ).toBeCloseTo(-1, 12);
    expect(c.fill.length % 3).toBe(0);
    const dot = (p: number[], q: number[]) => p[0] * q[0] + p[1] * q[1] + p[2] * q[2];
    let area = 0;
    let inside = 0;
    for (let k = 0; k < c.fill.length; k += 3) {
      const [o, a, b] = c.fill.slice(k, k + 3);
      expect(o).toEqual([0, 0, 0]);
      const cr = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
      area += 0.5 * Math.sqrt(dot(cr, cr));
      // Each triangle lies on one constraint plane and on the cone's side of the other.
      const d = g.map((gj) => dot([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2], gj));
      expect(Math.min(...d.map(Math.abs))).toBeLessThan(1e-9);
      for (const p of [a, b]) for (const gj of g) expect(dot(p, gj)).toBeGreaterThanOrEqual(-1e-9);
      if (Math.max(...d) > 1e-3) inside++;
    }
    // Two half-discs of radius R (to the 24-gon's accuracy), not a degenerate line.
    expect(area).toBeGreaterThan(0.99 * Math.PI * R * R);
    expect(area).toBeLessThanOrEqual(Math.PI * R * R);
    expect(inside).toBeGreaterThan(40);
  });

  it('degenerate cones: opposite 2-D gradients give a line, parallel 3-D ones a half-space or a plane', () => {
    const line = dualCone(
      rows([
        [1, 0],
        [-2, 0],
      ]),
      2,
      2,
      1,
    );
    expect(line.trivial).toBe(false);
    expect(line.rays).toHaveLength(2);
    expect(line.fill).toHaveLength(0);
    const half = dualCone(
      rows([
        [1, 0.5, 0],
        [2, 1, 0],
      ]),
      2,
      3,
      1,
    );
    expect(half.trivial).toBe(false);
    // The ray along g (the side kept) and the boundary disc in the plane g^⊥.
    expect(half.rays).toHaveLength(1);
    expect(half.rays[0][0]).toBeCloseTo(2 / Math.sqrt(5), 12);
    expect(half.fill.length).toBeGreaterThan(0);
    for (const p of half.fill) expect(Math.abs(p[0] + 0.5 * p[1])).toBeLessThan(1e-12);
    const plane = dualCone(
      rows([
        [0, 0, 1],
        [0, 0, -3],
      ]),
      2,
      3,
      1,
    );
    expect(plane.trivial).toBe(false);
    expect(plane.rays).toHaveLength(0);
    expect(plane.fill.length).toBeGreaterThan(0);
    for (const p of plane.fill) expect(Math.abs(p[2])).toBe(0);
    // Three coplanar gradients that positively span their plane leave the normal line only.
    const normal = dualCone(
      rows([
        [1, 0, 0],
        [-0.5, 0.8, 0],
        [-0.5, -0.8, 0],
      ]),
      3,
      3,
      1,
    );
    expect(normal.trivial).toBe(false);
    expect(normal.rays.map((r) => Math.round(r[2]))).toEqual([1, -1]);
    expect(normal.fill).toHaveLength(0);
    // Three gradients that positively span space: {0}.
    expect(
      dualCone(
        rows([
          [1, 0, 0],
          [0, 1, 0],
          [-1, -1, 0.5],
          [0, 0, -1],
        ]),
        4,
        3,
        1,
      ).trivial,
    ).toBe(true);
  });

  it('the hull of four points drops the inner one', () => {
    const h = hull2d(
      rows([
        [0, 0],
        [1, 0],
        [0, 1],
        [0.2, 0.2],
      ]),
      4,
    );
    expect(h).toHaveLength(3);
  });
});
