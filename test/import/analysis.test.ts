/**
 * importAnalysis: S, B, I and conflicts from G and ‖Σg‖² against hand-computed values and the
 * core's balance(); principal coordinates reproduce G (X Xᵀ = G) and the projected view equals
 * the core's projection in those coordinates; the method table equals resolution() per method.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { project, VECTOR_METHODS } from '../../src/core/methods/index';
import { balance } from '../../src/core/metrics/balance';
import { resolution } from '../../src/core/metrics/resolution';
import { createRng } from '../../src/core/rng';
import { METHOD_IDS, type MethodSpec } from '../../src/core/types';
import { sumRows } from '../../src/core/vec';
import {
  importedView,
  methodTable,
  principalCoordinates,
  summarizeGram,
} from '../../src/lab/importAnalysis';

/** g_1 = (1, 0, 0, 0, 0), g_2 = (−1, 1, 0, 0, 0), g_3 = (0, 0, 2, 0, 0). */
const HAND = { K: 3, d: 5, g: Float64Array.from([1, 0, 0, 0, 0, -1, 1, 0, 0, 0, 0, 0, 2, 0, 0]) };

function sumSq(gs: { K: number; d: number; g: Float64Array }): number {
  return sumRows(gs.g, gs.K, gs.d).reduce((a, x) => a + x * x, 0);
}

function randomSet(seed: number, K: number, d: number) {
  const rng = createRng(seed);
  return { K, d, g: Float64Array.from({ length: K * d }, () => rng.normal()) };
}

describe('summarizeGram', () => {
  it('hand-computed S, B, I and conflicts', () => {
    // G = [[1, −1, 0], [−1, 2, 0], [0, 0, 4]]; Σg = (0, 1, 2, 0, 0), ‖Σg‖² = 5; S = 7.
    const G = gram(HAND);
    expect(Array.from(G)).toEqual([1, -1, 0, -1, 2, 0, 0, 0, 4]);
    const s = summarizeGram(G, 3, sumSq(HAND), 1e-9);
    expect(s).toEqual({ S: 7, log10S: Math.log10(7), B: 5 / 7, I: -1 / 7, conflicts: 1 });
  });

  it('B undefined (null) when every gradient is zero', () => {
    expect(summarizeGram(new Float64Array(4), 2, 0, 1e-9)).toEqual({
      S: 0,
      log10S: Number.NEGATIVE_INFINITY,
      B: null,
      I: null,
      conflicts: 0,
    });
  });

  it('rejects a negative or non-finite ‖Σg‖² and a malformed G', () => {
    // The message names the user's field (the gradients), not the internal ‖Σg‖².
    expect(() => summarizeGram(new Float64Array(4), 2, -1, 0)).toThrow(/^gradients: ‖Σ g_i‖²/);
    expect(() => summarizeGram(new Float64Array(4), 2, Number.NaN, 0)).toThrow(/^gradients/);
    expect(() => summarizeGram(new Float64Array(3), 2, 0, 0)).toThrow(/G/);
  });

  it('agrees with the core balance() on random sets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 8 }),
        (seed, K) => {
          const gs = randomSet(seed, K, 7);
          const s = summarizeGram(gram(gs), K, sumSq(gs), 1e-9);
          const b = balance(gs);
          expect(Math.abs(s.S - b.S) / b.S).toBeLessThan(1e-13);
          expect(Math.abs((s.B as number) - (b.B as number))).toBeLessThan(1e-12 * K);
          expect(Math.abs((s.I as number) - (b.I as number))).toBeLessThan(1e-12 * K);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('principalCoordinates and importedView', () => {
  it('X Xᵀ reproduces G, and C·X is the projection in those coordinates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 4, max: 40 }),
        fc.constantFrom(...METHOD_IDS),
        (seed, K, d, id) => {
          // GradDrop and the trimmed mean are not in Gram form (their C is only a summary);
          // Krum needs K ≥ 3.
          if (VECTOR_METHODS.includes(id) || (id === 'krum' && K < 3)) return;
          const gs = randomSet(seed, K, d);
          const G = gram(gs);
          const pc = principalCoordinates(G, K, d);
          expect(pc.m).toBe(Math.min(K, d));
          const scale = Math.max(...Array.from({ length: K }, (_, i) => G[i * K + i]));
          for (let i = 0; i < K; i++) {
            for (let j = 0; j < K; j++) {
              let s = 0;
              for (let c = 0; c < pc.m; c++) s += pc.X[i * pc.m + c] * pc.X[j * pc.m + c];
              expect(Math.abs(s - G[i * K + j])).toBeLessThan(1e-10 * scale);
            }
          }
          const spec: MethodSpec = { id, alpha: 0.7, c: 0.4 };
          const proj = project(gs, spec);
          const v = importedView(G, proj.C, pc.X, K, pc.m);
          // Inner products are frame-independent: g'_i·g_j in coordinates = in R^d.
          for (let i = 0; i < K; i++) {
            for (let j = 0; j < K; j++) {
              let a = 0;
              let b = 0;
              for (let c = 0; c < pc.m; c++) a += v.projected[i * pc.m + c] * pc.X[j * pc.m + c];
              for (let k = 0; k < d; k++) b += proj.projected[i * d + k] * gs.g[j * d + k];
              expect(Math.abs(a - b)).toBeLessThan(1e-9 * scale * (1 + Math.abs(b)));
            }
          }
          let dd = 0;
          let dr = 0;
          for (let c = 0; c < pc.m; c++) dd += v.direction[c] ** 2;
          for (let k = 0; k < d; k++) dr += proj.direction[k] ** 2;
          expect(Math.abs(dd - dr)).toBeLessThan(1e-9 * scale * K * K * (1 + dr));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('share of the top three directions: 1 for rank ≤ 3, the eigenvalue ratio otherwise', () => {
    expect(principalCoordinates(gram(HAND), 3, 5).share3).toBe(1);
    // Orthogonal rows of norms 1, 2, 3, 4: λ = 16, 9, 4, 1, share = 29/30.
    const g = new Float64Array(16);
    for (let i = 0; i < 4; i++) g[i * 4 + i] = i + 1;
    const pc = principalCoordinates(gram({ K: 4, d: 4, g }), 4, 4);
    expect(pc.share3).toBeCloseTo(29 / 30, 14);
    expect(Array.from(pc.eigenvalues)).toEqual([16, 9, 4, 1].map((x) => expect.closeTo(x, 12)));
  });
});

describe('methodTable', () => {
  it('equals the core resolution() of every method', () => {
    for (const seed of [3, 17, 91]) {
      const gs = randomSet(seed, 6, 5);
      const G = gram(gs);
      const specFor = (id: MethodSpec['id']): MethodSpec => ({ id, alpha: 0.5, c: 0.5 });
      const rows = methodTable(G, 6, specFor, 1e-9, gs);
      expect(rows.map((r) => r.id)).toEqual([...METHOD_IDS]);
      for (const r of rows) {
        expect(r.error).toBeNull();
        expect(r.result).toEqual(resolution(gs, project(gs, specFor(r.id)), 1e-9));
      }
    }
  });

  it('reports a method that cannot run instead of throwing', () => {
    const G = gram(HAND);
    const rows = methodTable(G, 3, (id) => ({ id, alpha: id === 'cosine' ? 2 : 0.5 }), 1e-9);
    const cosine = rows.find((r) => r.id === 'cosine')!;
    expect(cosine.result).toBeNull();
    expect(cosine.error).toMatch(/alpha/);
    expect(rows.find((r) => r.id === 'sum')!.result!.conflictingOrderedPairs).toBe(2);
  });
});

describe('importer at extreme magnitudes (regressions)', () => {
  it('a set near 1e-20 (float32-sized) and one near 1e200: S, B and conflicts as at unit scale', async () => {
    const { gramChunkedCpu } = await import('../../src/gpu/gramChunked');
    const unitG = await gramChunkedCpu(HAND);
    const unit = summarizeGram(unitG.G, 3, unitG.sumSq, 1e-9, {
      E: unitG.E,
      rowGram: unitG.rowGram,
    });
    for (const s of [1e-20, 1e200, 1e-200]) {
      const g = HAND.g.map((x) => x * s);
      const r = await gramChunkedCpu({ K: 3, d: 5, g });
      const sum = summarizeGram(r.G, 3, r.sumSq, 1e-9, { E: r.E, rowGram: r.rowGram });
      expect(sum.B).toBeCloseTo(unit.B as number, 14);
      expect(sum.conflicts).toBe(unit.conflicts);
      expect(sum.log10S).toBeCloseTo(Math.log10(7) + 2 * Math.log10(s), 10);
      if (s === 1e-20) expect(sum.S / (7 * s * s)).toBeCloseTo(1, 14);
    }
  });
});
