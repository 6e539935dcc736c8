/** The claim cards' plot: which tables become plots, their series and scale. */
import { describe, expect, it } from 'vitest';
import { cellNumber, claimPlot } from '../../src/ui/lab/claimPlot';

describe('cellNumber', () => {
  it('reads numbers and numeric strings, nothing else', () => {
    expect(cellNumber(3)).toBe(3);
    expect(cellNumber('0.42')).toBe(0.42);
    expect(cellNumber('1.2e-3')).toBe(0.0012);
    expect(cellNumber('85.8%')).toBe(85.8);
    expect(cellNumber('—')).toBeNaN();
    expect(cellNumber('stalled at 53')).toBeNaN();
    expect(cellNumber(null)).toBeNaN();
  });
});

describe('claimPlot', () => {
  it('plots numeric columns against a numeric first column, log when spanning decades', () => {
    const p = claimPlot({
      header: ['cycle', 'seed', 'measured', 'note'],
      rows: [
        [1, '—', '0.5', 'a'],
        [2, '0.42', '0.05', 'b'],
        [3, '0.11', '0.001', 'c'],
      ],
    });
    expect(p).not.toBeNull();
    if (!p) return;
    expect(Array.from(p.x)).toEqual([1, 2, 3]);
    expect(p.series.map((s) => s.label)).toEqual(['seed', 'measured']);
    expect(Number.isNaN(p.series[0].values[0])).toBe(true);
    expect(Array.from(p.series[1].values)).toEqual([0.5, 0.05, 0.001]);
    expect(p.log).toBe(true);
  });
  it('uses a linear scale when values are not all positive', () => {
    const p = claimPlot({
      header: ['t', 'v'],
      rows: [
        [0, -1],
        [1, 200],
      ],
    });
    expect(p?.log).toBe(false);
  });
  it('is null without a numeric x column or without series', () => {
    expect(claimPlot(undefined)).toBeNull();
    expect(
      claimPlot({
        header: ['flow', 'B'],
        rows: [
          ['loss', 1],
          ['bflow', 2],
        ],
      }),
    ).toBeNull();
    expect(
      claimPlot({
        header: ['t', 'v'],
        rows: [
          [0, 'x'],
          [1, 'y'],
        ],
      }),
    ).toBeNull();
  });
});
