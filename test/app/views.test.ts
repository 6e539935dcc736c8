import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/state/configSchema';
import { useRunStore } from '../../src/state/runStore';
import { appendSeries, createSeries } from '../../src/state/series';
import { decodeConfig } from '../../src/state/urlCodec';
import { runToCsv, runToJson } from '../../src/ui/exportRun';
import { tickLabel } from '../../src/ui/LiveChart';
import { groupOrder } from '../../src/ui/Matrices';
import {
  divergingColor,
  groupFamilyColor,
  objectiveColor,
  severityColor,
} from '../../src/ui/palette';

describe('palette', () => {
  it('gives K distinct objective colours for every K ≤ 32', () => {
    for (let K = 1; K <= 32; K++) {
      const cs = Array.from({ length: K }, (_, i) => objectiveColor(i, K));
      expect(new Set(cs).size, `K=${K}`).toBe(K);
    }
  });

  it('diverging scale: red below 0, white-ish at 0, blue above, clamped, grey for NaN', () => {
    const rgb = (c: string) => c.match(/\d+/g)!.map(Number);
    const [r0, , b0] = rgb(divergingColor(-1, 1));
    expect(r0).toBeGreaterThan(b0);
    const [r1, , b1] = rgb(divergingColor(1, 1));
    expect(b1).toBeGreaterThan(r1);
    const mid = rgb(divergingColor(0, 1));
    for (const x of mid) expect(x).toBeGreaterThan(230);
    expect(divergingColor(-5, 1)).toBe(divergingColor(-1, 1));
    expect(divergingColor(Number.NaN, 1)).toBe('#555b66');
    expect(severityColor(1)).toBe(divergingColor(-1, 1));
    expect(groupFamilyColor(-1)).toBe('#8a8f98');
    expect(groupFamilyColor(0)).not.toBe(groupFamilyColor(1));
  });
});

describe('view helpers', () => {
  it('groupOrder sorts objectives by label, stably, and is a permutation', () => {
    expect(groupOrder(Int32Array.from([0, 1, 2, 0, 1, 2]), 6)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(groupOrder(null, 3)).toBeNull();
    expect(groupOrder(Int32Array.from([0, 1]), 3)).toBeNull();
  });

  it('tick labels switch to exponent form outside [1e-3, 1e5)', () => {
    expect(tickLabel(0)).toBe('0');
    expect(tickLabel(1e-16)).toBe('1e-16');
    expect(tickLabel(0.5)).toBe('0.5');
    expect(tickLabel(12345.678)).toBe('12300');
    expect(tickLabel(1e6)).toBe('1e+6');
    expect(tickLabel(null)).toBe('');
  });
});

describe('export', () => {
  it('CSV has one row per sample with the objectives as columns; NaN left empty', () => {
    let s = createSeries(2, 8);
    s = appendSeries(s, { step: 0, B: 0.5, I: -0.25, F: 3, gap: Number.NaN, losses: [1, 2] });
    s = appendSeries(s, { step: 4, B: 1e-17, I: -0.5, F: 2.5, gap: 0.1, losses: [1.25, 1.25] });
    const run = { ...useRunStore.getState(), K: 2, series: s };
    expect(runToCsv(run)).toBe(
      'step,B,I,F,gap,L1,L2\n0,0.5,-0.25,3,,1,2\n4,1e-17,-0.5,2.5,0.1,1.25,1.25\n',
    );
  });

  it('JSON holds the configuration, its link and the series; non-finite numbers become null', () => {
    let s = createSeries(1, 4);
    s = appendSeries(s, { step: 1, B: Number.NaN, I: 0, F: 1, gap: 2, losses: [1] });
    const run = { ...useRunStore.getState(), K: 1, series: s, step: 1 };
    const c = { ...defaultConfig(), alpha: 0.3 };
    const doc = JSON.parse(runToJson(run, c, 'http://x/#alpha=0.3'));
    expect(doc.config).toEqual(c);
    expect(doc.link).toBe('http://x/#alpha=0.3');
    expect(doc.series.B).toEqual([null]);
    expect(doc.series.L1).toEqual([1]);
    expect(decodeConfig(new URL(doc.link).hash).config.alpha).toBe(0.3);
  });
});
