/**
 * The report's per-seed dot plot: one dot per seed with a value, coloured by whether the claim
 * holds on that seed; seeds without a value counted, not drawn; headline numbers first.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimResult } from '../../src/lab/claims/types';
import { dotPlotRows, seedDotsSvg } from '../../src/lab/seedDotPlot';
import { spread } from '../../src/lab/seedSpread';

function result(values: Record<string, (number | null)[]>, holds: boolean[], headline: string[]) {
  const seeds = holds.map((_, k) => k + 1);
  return {
    value: '',
    numbers: Object.fromEntries(headline.map((n) => [n, 0])),
    verdict: 'does not hold',
    note: '',
    definitionUsed: '',
    spread: {
      seeds,
      holds: holds.filter(Boolean).length,
      holdsBySeed: holds,
      share: 0,
      rule: '',
      quantities: Object.entries(values).map(([name, v]) => ({ name, ...spread(v), values: v })),
    },
  } satisfies ClaimResult;
}

describe('seedDotsSvg', () => {
  it('draws a dot per defined value, green where it holds, and counts the missing', () => {
    const r = result(
      {
        speedup: [1, 2, null, 4, 3],
        other: [5, 5, 5, 5, 5],
        empty: [null, null, null, null, null],
      },
      [false, true, false, true, true],
      ['speedup'],
    );
    expect(dotPlotRows(r).map((q) => q.name)).toEqual(['speedup']);
    const svg = seedDotsSvg(r);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg.match(/fill="#2ca02c"/g)).toHaveLength(3);
    expect(svg.match(/fill="#d62728"/g)).toHaveLength(1);
    expect(svg).toContain('1 without value');
    expect(svg).toContain('<title>seed 4: 4</title>');
  });

  it('falls back to every measured number when no headline has per-seed values; none → no plot', () => {
    const r = result({ a: [1, 1e4], b: [null, 2] }, [true, false], ['missing']);
    expect(dotPlotRows(r).map((q) => q.name)).toEqual(['a', 'b']);
    expect(seedDotsSvg(r)).toContain('(log)');
    expect(seedDotsSvg(result({ a: [null, null] }, [true, false], ['a']))).toBe('');
  });
});
