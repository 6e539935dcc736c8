/**
 * The shared property assertions of the method atlas, run over every method: the properties a
 * method promises (methods.ts) are required on random conflict sets and Pareto-stationary sets;
 * the others are reported (printed as a table), and every reported failure must be a real one:
 * its counterexample, re-checked from what the atlas shows, fails again.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { gradSetFromRows } from '../../src/core/types';
import { HARD_FAMILIES, hardSet } from '../../src/lab/atlas/hardSets';
import { atlasInputs, measureMethod, measureOnSet } from '../../src/lab/atlas/measure';
import { atlasMethods, PROPERTY_IDS } from '../../src/lab/atlas/methods';
import { recheck } from '../../src/lab/atlas/properties';

const CASES = [
  { K: 4, d: 8, sets: 40, seed: 11 },
  { K: 3, d: 2, sets: 40, seed: 12 },
];

describe('method atlas: promised properties hold, the others are measured and real', () => {
  for (const params of CASES) {
    it(`K = ${params.K}, d = ${params.d}, ${params.sets} sets, seed ${params.seed}`, () => {
      const inputs = atlasInputs(params);
      const report: string[] = [];
      for (const m of atlasMethods(params.K, params.seed)) {
        const row = measureMethod(m, inputs);
        expect(row.error, m.key).toBeNull();
        const cells: string[] = [];
        for (const p of PROPERTY_IDS) {
          const r = row.properties[p];
          expect(r, `${m.key} ${p}`).not.toBeNull();
          if (!r) continue;
          // Fixed points on the stationary sets; the others on the random and the hard sets.
          expect(r.checked).toBe(p === 'paretoFixedPoints' ? params.sets : 2 * params.sets);
          if (m.promises.includes(p)) {
            expect(r.failures, `${m.key} promises ${p}: ${r.counterexample?.text}`).toBe(0);
          }
          if (r.counterexample) {
            expect(recheck(r.counterexample, m.spec).holds, `${m.key} ${p} recheck`).toBe(false);
          }
          cells.push(r.failures === 0 ? 'yes' : `no (${r.failures})`);
        }
        expect(row.rates?.setsWithConflict).toBe(params.sets);
        report.push(`${m.key.padEnd(18)} ${cells.map((c) => c.padEnd(9)).join(' ')}`);
      }
      console.log(`atlas K=${params.K} d=${params.d}\n${report.join('\n')}`);
    }, 120_000);
  }

  it('draws the hard families it states, reproducibly from the seed', () => {
    const draw = () => {
      const rng = createRng(3);
      return Array.from({ length: 4 * HARD_FAMILIES.length }, (_, n) => hardSet(rng, 4, 5, n));
    };
    const sets = draw();
    expect(sets.map((s) => Array.from(s.g))).toEqual(draw().map((s) => Array.from(s.g)));
    const row = (g: Float64Array, i: number) => Array.from(g.subarray(i * 5, i * 5 + 5));
    const cos = (a: number[], b: number[]) =>
      a.reduce((t, x, k) => t + x * b[k], 0) / (Math.hypot(...a) * Math.hypot(...b));
    sets.forEach((s, n) => {
      const family = HARD_FAMILIES[n % HARD_FAMILIES.length];
      const [g1, g2] = [row(s.g, 0), row(s.g, 1)];
      if (family === 'antiparallel') {
        expect(1 + cos(g1, g2)).toBeLessThan(1e-3);
        expect(1 + cos(g1, g2)).toBeGreaterThan(1e-12);
      }
      if (family === 'duplicated') expect(g2).toEqual(g1);
      if (family === 'zero row') expect(row(s.g, 3).every((x) => x === 0)).toBe(true);
      if (family === 'magnitudes') {
        const norms = [0, 1, 2, 3].map((i) => Math.hypot(...row(s.g, i)));
        expect(Math.max(...norms) / Math.min(...norms)).toBeGreaterThan(10);
      }
    });
  });

  it('finds the failures the literature states: sum conflicts, MGDA is not linear, GradDrop leaves the span', () => {
    const params = { K: 4, d: 8, sets: 20, seed: 5 };
    const inputs = atlasInputs(params);
    const byKey = new Map(atlasMethods(4, 5).map((m) => [m.key, m]));
    const get = (key: string) => {
      const m = byKey.get(key);
      if (!m) throw new Error(key);
      return measureMethod(m, inputs);
    };
    expect(get('sum').properties.nonConflicting?.failures).toBeGreaterThan(0);
    expect(get('mgda').properties.linearUnderScaling?.failures).toBeGreaterThan(0);
    expect(get('graddrop').properties.weighted?.failures).toBeGreaterThan(0);
    expect(get('rlw').properties.permutationInvariant?.failures).toBeGreaterThan(0);
    const cx = get('sum').properties.nonConflicting?.counterexample;
    expect(cx?.gradients.length).toBe(4);
    expect(cx?.numbers.defect).toBeGreaterThan(1e-9);
  });

  it('on one given set: the fixed-point property is not measurable, the rest is', () => {
    const gs = gradSetFromRows([
      [1, 0, 0],
      [-1, 1e-1, 0],
      [-0.1, -1, 1],
    ]);
    const [upgrad] = atlasMethods(3, 1).filter((m) => m.key === 'upgrad');
    const row = measureOnSet(upgrad, gs, 1);
    expect(row.properties.paretoFixedPoints).toBeNull();
    expect(row.properties.nonConflicting?.failures).toBe(0);
    expect(row.properties.permutationInvariant?.checked).toBe(8);
    expect(row.rates?.directionSafe.rate).toBe(1);
    const [krum] = atlasMethods(2, 1).filter((m) => m.key === 'krum');
    expect(
      measureOnSet(
        krum,
        gradSetFromRows([
          [1, 0],
          [0, 1],
        ]),
        1,
      ).error,
    ).toMatch(/K ≥/);
  });
});
