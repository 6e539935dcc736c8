import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyOverlap, placeLabels } from '../../src/scene/labelLayout';

describe('label placement', () => {
  it('separates labels whose anchors coincide', () => {
    const items = Array.from({ length: 6 }, (_, k) => ({
      ax: 200,
      ay: 150,
      dx: 1,
      dy: 0,
      w: 50,
      h: 16,
      priority: k,
    }));
    const p = placeLabels(items, 500, 400);
    expect(anyOverlap(p.map((q, k) => [q.x, q.y, items[k].w, items[k].h]))).toBe(false);
    expect(p.some((q) => q.leader)).toBe(true);
  });

  it('never overlaps for up to 13 labels in a 600 × 450 view (random anchors)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ax: fc.double({ min: 150, max: 450, noNaN: true }),
            ay: fc.double({ min: 120, max: 330, noNaN: true }),
            a: fc.double({ min: 0, max: 6.28, noNaN: true }),
          }),
          { minLength: 2, maxLength: 13 },
        ),
        (pts) => {
          const items = pts.map((q, k) => ({
            ax: q.ax,
            ay: q.ay,
            dx: Math.cos(q.a),
            dy: Math.sin(q.a),
            w: 64,
            h: 17,
            priority: -k,
          }));
          const p = placeLabels(items, 600, 450);
          expect(anyOverlap(p.map((q, k) => [q.x, q.y, items[k].w, items[k].h]))).toBe(false);
          for (const q of p) {
            expect(q.x).toBeGreaterThanOrEqual(0);
            expect(q.y).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
