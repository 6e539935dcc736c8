import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { popupPosition } from '../../src/ui/popupPosition';

describe('popupPosition', () => {
  it('goes below the anchor, left-aligned, when it fits', () => {
    expect(popupPosition({ left: 100, top: 50, bottom: 70 }, 300, 120, 1280, 800)).toEqual({
      left: 100,
      top: 76,
    });
  });

  it('moves left at the right edge and above the anchor at the bottom edge', () => {
    const p = popupPosition({ left: 1200, top: 760, bottom: 780 }, 320, 150, 1280, 800);
    expect(p.left).toBe(1280 - 320 - 8);
    expect(p.top).toBe(760 - 6 - 150);
  });

  it('stays inside the window whenever it is smaller than the window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 2000 }),
        fc.integer({ min: 200, max: 1200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (W, H, fx, fy, fw, fh) => {
          const w = 1 + fw * (W - 17);
          const h = 1 + fh * (H - 17);
          const top = fy * (H - 20);
          const a = { left: fx * W, top, bottom: top + 20 };
          const p = popupPosition(a, w, h, W, H);
          expect(p.left).toBeGreaterThanOrEqual(8);
          expect(p.top).toBeGreaterThanOrEqual(8);
          expect(p.left + w).toBeLessThanOrEqual(W - 8 + 1e-9);
          expect(p.top + h).toBeLessThanOrEqual(H - 8 + 1e-9);
        },
      ),
    );
  });
});
