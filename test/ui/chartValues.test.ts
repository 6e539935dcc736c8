/**
 * Charts that cannot break (src/ui/chartValues.ts): any float64 value is drawable; log values
 * are clamped into uPlot's supported range and the clamped ones are marked; "≤ floor" text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundingFloors } from '../../src/state/series';
import {
  drawnColumns,
  formatAboveFloor,
  LOG_CEIL,
  LOG_FLOOR,
  safeLogRange,
} from '../../src/ui/chartValues';

const anyDouble = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 5e-324, -1.674e-7, 1e-300),
);

describe('drawnColumns', () => {
  it('log: 0, negative, denormal and −∞ are drawn at the floor and marked; +∞ at the ceiling; NaN a gap', () => {
    const d = drawnColumns(
      [[1, 0, -1.674e-7, 5e-324, Number.NaN, Infinity, -Infinity, 0.5]],
      true,
      1e-16,
    );
    expect(d.lines[0]).toEqual([1, 1e-16, 1e-16, 1e-16, null, LOG_CEIL, 1e-16, 0.5]);
    expect(d.clamped).toEqual([null, 1e-16, 1e-16, 1e-16, null, LOG_CEIL, 1e-16, null]);
    expect(d.nClamped).toBe(5);
  });

  it('a floor below uPlot’s range is raised to LOG_FLOOR', () => {
    const d = drawnColumns([[0]], true, 0);
    expect(d.lines[0]).toEqual([LOG_FLOOR]);
  });

  it('linear: finite values as they are, NaN and ±∞ as gaps', () => {
    const d = drawnColumns([[0, -3, Number.NaN, Infinity, -Infinity]], false);
    expect(d.lines[0]).toEqual([0, -3, null, null, null]);
    expect(d.nClamped).toBe(0);
  });

  it('property: every drawn log value is null or inside [floor, LOG_CEIL], and the range is finite and positive', () => {
    const range = safeLogRange(1e-16);
    fc.assert(
      fc.property(fc.array(anyDouble, { maxLength: 40 }), (xs) => {
        const d = drawnColumns([xs], true, 1e-16);
        let lo: number | null = null;
        let hi: number | null = null;
        for (const v of d.lines[0]) {
          if (v === null) continue;
          expect(v).toBeGreaterThanOrEqual(1e-16);
          expect(v).toBeLessThanOrEqual(LOG_CEIL);
          lo = lo === null ? v : Math.min(lo, v);
          hi = hi === null ? v : Math.max(hi, v);
        }
        const [a, b] = range(null as never, lo, hi);
        expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
        expect(a as number).toBeGreaterThan(0);
        expect(b as number).toBeGreaterThanOrEqual(a as number);
        expect(a as number).toBeGreaterThanOrEqual(LOG_FLOOR);
        expect(b as number).toBeLessThanOrEqual(1e32);
      }),
    );
  });
});

describe('formatAboveFloor and rounding floors', () => {
  it('a gap at or below its floor reads "≤ floor", never negative', () => {
    const f = roundingFloors(2, 1.25, 'cpu').gap;
    expect(f).toBeCloseTo(8 * 2 * 2 ** -53 * 1.25, 30);
    const fmt = (x: number) => x.toPrecision(4);
    expect(formatAboveFloor(-1.674e-7, f, fmt)).toBe(`≤ ${f.toExponential(1)}`);
    expect(formatAboveFloor(f / 2, f, fmt)).toBe(`≤ ${f.toExponential(1)}`);
    expect(formatAboveFloor(0.5, f, fmt)).toBe('0.5000');
    expect(formatAboveFloor(Number.NaN, f, fmt)).toBe('—');
  });

  it('float32 floors are higher than float64 floors; none is below the chart floor', () => {
    const cpu = roundingFloors(6, 3, 'cpu');
    const gpu = roundingFloors(6, 3, 'gpu');
    expect(gpu.B).toBeGreaterThan(cpu.B);
    expect(gpu.gap).toBeGreaterThan(cpu.gap);
    expect(roundingFloors(6, 0, 'cpu').gap).toBe(LOG_FLOOR);
    expect(roundingFloors(6, null, 'gpu').gap).toBe(LOG_FLOOR);
  });
});
