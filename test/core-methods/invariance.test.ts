/**
 * Properties shared by the methods: permutation of objectives, positive scaling, and the
 * non-conflict guarantees of mgda, upgrad and cagrad.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import {
  coefficients,
  pcgradOrders,
  project,
  sequentialCoefficients,
} from '../../src/core/methods/index';
import { normalizeGram } from '../../src/core/metrics/scaled';
import { minNormWeights, quadForm } from '../../src/core/simplex';
import type { MethodSpec } from '../../src/core/types';
import {
  ALL_SPECS,
  arbGeneralRows,
  arbPerm,
  arbRows,
  arbSpreadRows,
  dotv,
  expectClose,
  gs,
  permuteMatrix,
  permuteRows,
  relErr,
  rowOf,
} from './support';

const withPerm = arbGeneralRows().chain((rows) =>
  fc.tuple(fc.constant(rows), arbPerm(rows.length)),
);

describe('permutation invariance: permuting the objectives permutes g′ and keeps d', () => {
  const specs: MethodSpec[] = [
    { id: 'sum' },
    { id: 'cosine', alpha: 0.6 },
    { id: 'mgda' },
    { id: 'cagrad', c: 0.5 },
    { id: 'upgrad' },
  ];
  for (const spec of specs) {
    it(spec.id, () => {
      fc.assert(
        fc.property(withPerm, ([rows, perm]) => {
          const a = project(gs(rows), spec);
          const b = project(gs(permuteRows(rows, perm)), spec);
          const d = rows[0].length;
          const expected = perm.flatMap((p) => Array.from(rowOf(a.projected, p, d)));
          expect(relErr(b.projected, expected)).toBeLessThan(1e-8);
          expect(relErr(b.direction, a.direction)).toBeLessThan(1e-8);
        }),
      );
    });
  }

  it('interaction, with A permuted the same way (both gatings)', () => {
    fc.assert(
      fc.property(
        withPerm.chain(([rows, perm]) =>
          fc.tuple(
            fc.constant(rows),
            fc.constant(perm),
            fc.array(fc.double({ min: 0, max: 2, noNaN: true }), {
              minLength: rows.length ** 2,
              maxLength: rows.length ** 2,
            }),
            fc.constantFrom('conflicting' as const, 'all' as const),
          ),
        ),
        ([rows, perm, Araw, gating]) => {
          const K = rows.length;
          const A = new Float64Array(Araw);
          const Ga = gram(gs(rows));
          const Gb = gram(gs(permuteRows(rows, perm)));
          const Ca = coefficients(Ga, K, { id: 'interaction', A, gating });
          const Cb = coefficients(Gb, K, {
            id: 'interaction',
            A: permuteMatrix(A, K, perm),
            gating,
          });
          expectClose(Cb, permuteMatrix(Ca, K, perm), 1e-12);
        },
      ),
    );
  });

  it('pcgrad and sequential cosine, with the order table permuted appropriately', () => {
    fc.assert(
      fc.property(withPerm, fc.integer(), fc.boolean(), ([rows, perm], seed, cos) => {
        const K = rows.length;
        const inv = new Array<number>(K);
        perm.forEach((p, a) => {
          inv[p] = a;
        });
        const orders = pcgradOrders(K, seed);
        // Row a of the permuted problem is objective perm[a]; its order visits inv[·] of the
        // original row perm[a].
        const permOrders = new Int32Array(K * (K - 1));
        for (let a = 0; a < K; a++) {
          for (let s = 0; s < K - 1; s++) {
            permOrders[a * (K - 1) + s] = inv[orders[perm[a] * (K - 1) + s]];
          }
        }
        const alpha = cos ? 0.9 : null;
        const Ga = normalizeGram(gram(gs(rows)), K);
        const Gb = permuteMatrix(Ga, K, perm);
        const Ca = sequentialCoefficients(Ga, K, orders, 1e-9, alpha);
        const Cb = sequentialCoefficients(Gb, K, permOrders, 1e-9, alpha);
        expectClose(Cb, permuteMatrix(Ca, K, perm), 1e-10);
      }),
    );
  });
});

describe('positive scaling g → s·g gives g′ → s·g′', () => {
  for (const spec of ALL_SPECS) {
    it(`${spec.id}${spec.mode ? ` ${spec.mode}` : ''}${spec.order ? ` ${spec.order}` : ''}`, () => {
      fc.assert(
        fc.property(arbGeneralRows(), fc.double({ min: -60, max: 60, noNaN: true }), (rows, e) => {
          const s = 10 ** e;
          const K = rows.length;
          const sp: MethodSpec =
            spec.id === 'interaction' ? { ...spec, A: new Float64Array(K * K).fill(0.7) } : spec;
          const a = project(gs(rows), sp);
          const b = project(gs(rows.map((r) => r.map((x) => x * s))), sp);
          const scaled = Array.from(a.projected, (x) => x * s);
          expect(relErr(b.projected, scaled)).toBeLessThan(1e-8);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('non-conflict guarantees', () => {
  it('mgda: d·g_i ≥ ‖d‖²/K for every i (min-norm optimality), general position', () => {
    fc.assert(
      fc.property(arbGeneralRows(2, 7), (rows) => {
        const p = project(gs(rows), { id: 'mgda' });
        const K = rows.length;
        const dd = dotv(p.direction, p.direction);
        const scale = Math.max(...rows.map((r) => dotv(r, r)));
        for (const r of rows) {
          expect(dotv(p.direction, r)).toBeGreaterThanOrEqual(dd / K - 1e-11 * K * scale);
        }
      }),
    );
  });

  it('mgda: d never conflicts with a g_i (d·g_i ≥ −tol), any input, also K > d', () => {
    fc.assert(
      fc.property(fc.oneof(arbRows(2, 8, 1, 4), arbSpreadRows(3, 8, 4)), (rows) => {
        const p = project(gs(rows), { id: 'mgda' });
        const scale = Math.max(...rows.map((r) => dotv(r, r)));
        for (const r of rows) expect(dotv(p.direction, r)).toBeGreaterThanOrEqual(-1e-9 * scale);
      }),
    );
  });

  it('mgda: no simplex point has a smaller norm than u (random trial points and vertices)', () => {
    fc.assert(
      fc.property(
        arbSpreadRows(3, 7, 5),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (rows, raw) => {
          const K = rows.length;
          const G = gram(gs(rows));
          const w = minNormWeights(G, K);
          expect(w.every((x) => x >= 0)).toBe(true);
          expect(Math.abs(w.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
          const best = quadForm(G, K, w);
          const scale = Math.max(...rows.map((r) => dotv(r, r)));
          const v = raw.slice(0, K);
          const sv = v.reduce((s, x) => s + x, 0);
          if (sv > 0) {
            expect(
              quadForm(
                G,
                K,
                v.map((x) => x / sv),
              ),
            ).toBeGreaterThanOrEqual(best - 1e-10 * scale);
          }
          for (let i = 0; i < K; i++) {
            expect(G[i * K + i]).toBeGreaterThanOrEqual(best - 1e-10 * scale);
          }
        },
      ),
    );
  });

  it('upgrad: every g′_i lies in the dual cone (g′_i·g_j ≥ −tol) and so does d', () => {
    fc.assert(
      fc.property(arbSpreadRows(2, 8, 6), (rows) => {
        const set = gs(rows);
        const p = project(set, { id: 'upgrad' });
        const scale = Math.max(...rows.map((r) => dotv(r, r)));
        let tolD = 0;
        for (let i = 0; i < set.K; i++) {
          const gi = rowOf(p.projected, i, set.d);
          // Gram-form accuracy (upgrad.ts): ε·(Σ_j |C_ij|)² relative to the gradients' scale.
          let m = 0;
          for (let j = 0; j < set.K; j++) m += Math.abs(p.C[i * set.K + j]);
          const tol = 1e-10 * scale + 64 * 2 ** -52 * m * m * scale;
          tolD += tol;
          for (const r of rows) expect(dotv(gi, r)).toBeGreaterThanOrEqual(-tol);
        }
        for (const r of rows) expect(dotv(p.direction, r)).toBeGreaterThanOrEqual(-tolD);
      }),
    );
  });

  it('upgrad: g′_i is the projection (g_i − g′_i is orthogonal to g′_i and ≥ 0 on the cone)', () => {
    // Moreau: g′_i = P(g_i) iff g′_i in the cone, r = g′_i − g_i = Σ μ_j g_j with μ ≥ 0, and
    // r·g′_i = 0.
    fc.assert(
      fc.property(arbSpreadRows(2, 6, 6), (rows) => {
        const set = gs(rows);
        const p = project(set, { id: 'upgrad' });
        const K = set.K;
        const scale = Math.max(...rows.map((r) => dotv(r, r)));
        for (let i = 0; i < K; i++) {
          for (let j = 0; j < K; j++) {
            if (i !== j) expect(p.C[i * K + j]).toBeGreaterThanOrEqual(0);
          }
          const gi = rowOf(p.projected, i, set.d);
          const r = gi.map((x, k) => x - rows[i][k]);
          let m = 0;
          for (let j = 0; j < K; j++) m += Math.abs(p.C[i * K + j]);
          const tol = 1e-9 * scale + 64 * 2 ** -52 * m * m * scale;
          expect(Math.abs(dotv(r, gi))).toBeLessThanOrEqual(tol);
        }
      }),
    );
  });

  it('cagrad: strong duality min_i g_i·d = F(w), ‖d − g0‖ = c‖g0‖ (d unscaled), F(w) minimal', () => {
    fc.assert(
      fc.property(
        arbSpreadRows(2, 6, 6),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (rows, c) => {
          const set = gs(rows);
          const K = set.K;
          const p = project(set, { id: 'cagrad', c });
          const N = Math.sqrt(Math.max(...rows.map((r) => dotv(r, r))));
          let cmax = 1;
          for (let j = 0; j < K; j++) cmax = Math.max(cmax, p.C[j * K + j]);
          // Large weights mean a nearly zero optimal g_w: the ill-posed region (see cagrad.ts).
          fc.pre(cmax < 1e3);
          const dc = Array.from(p.direction, (x) => x / K);
          const g0 = rows[0].map((_, k) => rows.reduce((s, r) => s + r[k], 0) / K);
          const rho = c * Math.sqrt(dotv(g0, g0));
          fc.pre(rho > 1e-3 * N);
          const diff = dc.map((x, k) => x - g0[k]);
          const primal = Math.min(...rows.map((r) => dotv(r, dc)));
          const w = Array.from({ length: K }, (_, j) => p.C[j * K + j] - 1);
          const sw = w.reduce((s, x) => s + x, 0);
          if (Math.abs(Math.sqrt(dotv(diff, diff)) - rho) > 1e-9 * N) {
            // Only the dual-cone limit may leave the sphere: then d is in the dual cone and 0 is
            // in the hull (primal value 0).
            expect(Math.abs(primal)).toBeLessThanOrEqual(1e-9 * N * N);
            return;
          }
          const gw = g0.map((_, k) => rows.reduce((s, r, j) => s + (w[j] / sw) * r[k], 0));
          const F = dotv(gw, g0) + rho * Math.sqrt(dotv(gw, gw));
          expect(Math.abs(primal - F)).toBeLessThanOrEqual(1e-9 * N * N);
          const G = gram(set);
          const b = Array.from(
            { length: K },
            (_, i) => rows.reduce((s, r) => s + dotv(rows[i], r), 0) / K,
          );
          for (let t = 0; t < 20; t++) {
            const v = Array.from({ length: K }, (_, i) => (((i + 1) * (t + 3)) % 7) + 0.5);
            const sv = v.reduce((s, x) => s + x, 0);
            const vn = v.map((x) => x / sv);
            const Fv = dotv(vn, b) + rho * Math.sqrt(quadForm(G, K, vn));
            expect(Fv).toBeGreaterThanOrEqual(F - 1e-9 * N * N);
          }
        },
      ),
    );
  });
});
