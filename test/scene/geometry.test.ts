import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arcPoints,
  capacityBucket,
  clampToDomain,
  domainToPlane,
  fitDistance,
  flatLayout,
  flatLayoutFor,
  formatScale,
  landscapeBeside,
  severity,
  type Vec3,
  writeArrow,
  writePartMatrix,
  writePolylineSegments,
} from '../../src/scene/geometry';

/** M·(p, 1) for a column-major 4×4 matrix stored at m[o..o+16). */
function apply(m: Float32Array, o: number, p: Vec3): Vec3 {
  const r = [0, 0, 0];
  for (let row = 0; row < 3; row++)
    r[row] = m[o + row] * p[0] + m[o + 4 + row] * p[1] + m[o + 8 + row] * p[2] + m[o + 12 + row];
  return [r[0], r[1], r[2]];
}

const unit = fc
  .tuple(
    fc.double({ min: -1, max: 1 }),
    fc.double({ min: -1, max: 1 }),
    fc.double({ min: -1, max: 1 }),
  )
  .filter(([x, y, z]) => Math.hypot(x, y, z) > 0.1)
  .map(([x, y, z]): Vec3 => {
    const n = Math.hypot(x, y, z);
    return [x / n, y / n, z / n];
  });

describe('writePartMatrix', () => {
  it('maps +Y to u, keeps the cross-section orthogonal and scales by radius and height', () => {
    fc.assert(
      fc.property(unit, (u) => {
        const m = new Float32Array(16);
        writePartMatrix(m, 0, u, [1, 2, 3], 0.5, 2);
        const top = apply(m, 0, [0, 0.5, 0]);
        const bottom = apply(m, 0, [0, -0.5, 0]);
        for (let k = 0; k < 3; k++) {
          expect(top[k] - bottom[k]).toBeCloseTo(2 * u[k], 5);
          expect((top[k] + bottom[k]) / 2).toBeCloseTo([1, 2, 3][k], 5);
        }
        const ex = apply(m, 0, [1, 0, 0]).map((x, k) => x - [1, 2, 3][k]);
        const ez = apply(m, 0, [0, 0, 1]).map((x, k) => x - [1, 2, 3][k]);
        expect(Math.hypot(...ex)).toBeCloseTo(0.5, 5);
        expect(Math.hypot(...ez)).toBeCloseTo(0.5, 5);
        expect(ex[0] * u[0] + ex[1] * u[1] + ex[2] * u[2]).toBeCloseTo(0, 5);
        expect(ex[0] * ez[0] + ex[1] * ez[1] + ex[2] * ez[2]).toBeCloseTo(0, 5);
      }),
    );
  });

  it('stays orthonormal next to u = −Y, where 1 + y cancels', () => {
    for (const raw of [
      [0, -0.9999999999914213, 0.000004142157893488386],
      [0, -1, 1.5717277847026288e-162],
      [3e-9, -1, -2e-9],
    ]) {
      const n = Math.hypot(...raw);
      const u: Vec3 = [raw[0] / n, raw[1] / n, raw[2] / n];
      const m = new Float32Array(16);
      writePartMatrix(m, 0, u, [0, 0, 0], 1, 1);
      const cols = [0, 1, 2].map((c) => [m[4 * c], m[4 * c + 1], m[4 * c + 2]]);
      for (let a = 0; a < 3; a++) {
        expect(Math.hypot(...cols[a])).toBeCloseTo(1, 6);
        for (let b = a + 1; b < 3; b++) {
          expect(
            cols[a][0] * cols[b][0] + cols[a][1] * cols[b][1] + cols[a][2] * cols[b][2],
          ).toBeCloseTo(0, 6);
        }
      }
      for (let k = 0; k < 3; k++) expect(cols[1][k]).toBeCloseTo(u[k], 6);
    }
  });

  it('turns a part upside down for u = −Y', () => {
    const m = new Float32Array(16);
    writePartMatrix(m, 0, [0, -1, 0], [0, 0, 0], 1, 1);
    expect(apply(m, 0, [0, 0.5, 0])).toEqual([0, -0.5, 0]);
  });
});

describe('writeArrow', () => {
  const style = { shaft: 0.02, head: 0.06, headLength: 0.15 };

  it('puts the shaft on [0, L − h] and the head on [L − h, L]', () => {
    const shaft = new Float32Array(32);
    const head = new Float32Array(32);
    writeArrow(shaft, head, 1, [0, 0, 2], style);
    const s0 = apply(shaft, 16, [0, -0.5, 0]);
    const s1 = apply(shaft, 16, [0, 0.5, 0]);
    const h1 = apply(head, 16, [0, 0.5, 0]);
    expect(s0[2]).toBeCloseTo(0, 6);
    expect(s1[2]).toBeCloseTo(1.85, 6);
    expect(h1[2]).toBeCloseTo(2, 6);
    expect(Array.from(shaft.subarray(0, 16)).every((x) => x === 0)).toBe(true);
  });

  it('shortens the head on short arrows and hides zero arrows', () => {
    const shaft = new Float32Array(16);
    const head = new Float32Array(16);
    writeArrow(shaft, head, 0, [0.1, 0, 0], style);
    expect(apply(shaft, 0, [0, 0.5, 0])[0]).toBeCloseTo(0.06, 6);
    writeArrow(shaft, head, 0, [0, 0, 0], style);
    expect(apply(head, 0, [0, 0.5, 0])).toEqual([0, 0, 0]);
    expect(apply(head, 0, [1, 1, 1])).toEqual([0, 0, 0]);
  });
});

describe('arcPoints', () => {
  it('runs from a to b on the circle of radius r through the bisector', () => {
    const p = arcPoints([2, 0, 0], [0, 0, 5], 0.5, 4);
    expect(p.length).toBe(15);
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[14]).toBeCloseTo(0.5, 6);
    expect(p[6]).toBeCloseTo(0.5 * Math.SQRT1_2, 6);
    expect(p[8]).toBeCloseTo(0.5 * Math.SQRT1_2, 6);
    for (let s = 0; s < 5; s++)
      expect(Math.hypot(p[3 * s], p[3 * s + 1], p[3 * s + 2])).toBeCloseTo(0.5, 6);
  });

  it('draws a half-turn for opposite directions and nothing for a zero vector', () => {
    const p = arcPoints([1, 0, 0], [-1, 0, 0], 1, 8);
    expect(p[24]).toBeCloseTo(-1, 6);
    // Midpoint ⟂ to the axis, on the unit circle.
    expect(p[12]).toBeCloseTo(0, 6);
    expect(Math.hypot(p[12], p[13], p[14])).toBeCloseTo(1, 6);
    expect(arcPoints([0, 0, 0], [1, 0, 0], 1, 8).length).toBe(0);
  });

  it('spaces points evenly in angle (property)', () => {
    fc.assert(
      fc.property(unit, unit, (a, b) => {
        const p = arcPoints(a, b, 1, 6);
        const step = (s: number) =>
          Math.acos(
            Math.max(
              -1,
              Math.min(
                1,
                p[3 * s] * p[3 * s + 3] + p[3 * s + 1] * p[3 * s + 4] + p[3 * s + 2] * p[3 * s + 5],
              ),
            ),
          );
        const total = Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])));
        for (let s = 0; s < 6; s++) expect(step(s)).toBeCloseTo(total / 6, 3);
      }),
    );
  });
});

describe('small helpers', () => {
  it('dashes a polyline by dropping every other segment', () => {
    const pts = Float32Array.from([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0]);
    const out = new Float32Array(30).fill(-1);
    expect(writePolylineSegments(pts, false, out, 1)).toBe(6);
    expect(Array.from(out.subarray(3, 21))).toEqual([
      0, 0, 0, 1, 0, 0, 1, 0, 0, 2, 0, 0, 2, 0, 0, 3, 0, 0,
    ]);
    expect(Array.from(out.subarray(0, 3))).toEqual([-1, -1, -1]);
    const dashed = new Float32Array(12);
    expect(writePolylineSegments(pts, true, dashed, 0)).toBe(4);
    expect(Array.from(dashed)).toEqual([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0]);
  });

  it('maps angles to severity and formats the scale', () => {
    expect(severity(90)).toBe(0);
    expect(severity(135)).toBe(0.5);
    expect(severity(180)).toBe(1);
    expect(severity(45)).toBe(0);
    expect(formatScale(0.001234)).toBe('1.23e-3');
    expect(formatScale(12.345)).toBe('12.3');
  });

  it('maps the domain box onto the plane square', () => {
    const dom = [
      [-10, 10],
      [0, 4],
    ] as const;
    expect(domainToPlane(-10, 0, dom, 2, [3, 0, -1])).toEqual([2, -1, -1]);
    expect(domainToPlane(10, 4, dom, 2, [3, 0, -1])).toEqual([4, 1, -1]);
    expect(domainToPlane(0, 2, dom, 2, [3, 0, -1])).toEqual([3, 0, -1]);
  });
});

describe('layout', () => {
  it('puts the landscape right of the disc when wide and below when narrow, inside the bounds', () => {
    const wide = flatLayout(2, 2.6, 1.2);
    expect(wide.planeCentre).toEqual([2.75, 0, 0]);
    expect(wide.bounds).toEqual([-1.2, 4.05, -1.3, 1.3]);
    const tall = flatLayout(0.8, 2.6, 1.2);
    expect(tall.planeCentre).toEqual([0, -2.75, 0]);
    expect(tall.bounds).toEqual([-1.3, 1.3, -4.05, 1.2]);
  });

  it('chooses the arrangement that draws larger: beside from aspect 1 up (a 574 × 486 scene too)', () => {
    const scale = (l: ReturnType<typeof flatLayout>, a: number) =>
      Math.min(a / (l.bounds[1] - l.bounds[0]), 1 / (l.bounds[3] - l.bounds[2]));
    for (const a of [0.5, 0.9, 0.999, 1, 1.001, 574 / 486, 1.6, 3]) {
      const chosen = flatLayout(a, 2.6, 1.2);
      const other = flatLayoutFor(!landscapeBeside(a, 2.6, 1.2), 2.6, 1.2);
      expect(scale(chosen, a), `aspect ${a}`).toBeGreaterThanOrEqual(scale(other, a));
    }
    expect(landscapeBeside(574 / 486, 2.6, 1.2)).toBe(true);
    expect(landscapeBeside(0.99, 2.6, 1.2)).toBe(false);
  });

  it('fits a box: the limiting side exactly fills the view', () => {
    // fov 90°: tan 45° = 1, so the distance equals the limiting half-extent.
    expect(fitDistance(2, 1, 90, 1)).toBeCloseTo(2, 12);
    expect(fitDistance(2, 1, 90, 4)).toBeCloseTo(1, 12);
    expect(fitDistance(1, 1, 60, 1)).toBeCloseTo(Math.sqrt(3), 12);
  });
});

describe('capacityBucket', () => {
  it('is the least power-of-two multiple of the floor that holds n, so nearby K share programs', () => {
    expect([1, 2, 8].map((n) => capacityBucket(n, 8))).toEqual([8, 8, 8]);
    expect([9, 16, 17, 256].map((n) => capacityBucket(n, 8))).toEqual([16, 16, 32, 256]);
    expect(capacityBucket(0, 32)).toBe(32);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 64 }), (n, f) => {
        const c = capacityBucket(n, f);
        return c >= n && c >= f && (c === f || c / 2 < n) && Number.isInteger(Math.log2(c / f));
      }),
    );
  });
});

describe('clampToDomain', () => {
  it('keeps points inside and puts points outside on the nearest edge of the box', () => {
    const D = [
      [-10, 10],
      [-10, 10],
    ] as const;
    expect(clampToDomain(3, -4, D)).toEqual([3, -4]);
    expect(clampToDomain(-12, 25, D)).toEqual([-10, 10]);
    expect(clampToDomain(4, -10.5, D)).toEqual([4, -10]);
    const c: Vec3 = [0, 0, 0];
    for (const [x, y] of [
      [-1e6, 3],
      [50, -50],
      [9, 11],
    ]) {
      const p = domainToPlane(...clampToDomain(x, y, D), D, 2, c);
      expect(Math.abs(p[0])).toBeLessThanOrEqual(1);
      expect(Math.abs(p[1])).toBeLessThanOrEqual(1);
    }
  });
});
