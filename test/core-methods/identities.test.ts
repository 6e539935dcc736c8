/**
 * The identities of MATH.md §2 that pin the definitions down, as fast-check properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosineFromGram, gram } from '../../src/core/gram';
import { coefficients, project } from '../../src/core/methods/index';
import { arbRows, dotv, expectClose, gs, rowOf } from './support';

const TAU = 1e-9;

/** Simultaneous PCGrad on vectors: g'_i = g_i − Σ_{j conflicting with i} (G_ij/G_jj)·g_j. */
function simultaneousPcgrad(rows: number[][]): number[] {
  const out: number[] = [];
  for (const gi of rows) {
    const p = gi.slice();
    for (const gj of rows) {
      if (gj === gi) continue;
      const gij = dotv(gi, gj);
      const gjj = dotv(gj, gj);
      if (gij < -TAU * Math.sqrt(dotv(gi, gi) * gjj)) {
        for (let k = 0; k < p.length; k++) p[k] -= (gij / gjj) * gj[k];
      }
    }
    out.push(...p);
  }
  return out;
}

describe('MATH.md §2 identities', () => {
  it('interaction with A_ij = α|cos_ij| (conflicting gating) equals simultaneous cosine', () => {
    fc.assert(
      fc.property(arbRows(), fc.double({ min: 0, max: 1, noNaN: true }), (rows, alpha) => {
        const set = gs(rows);
        const G = gram(set);
        const K = set.K;
        const cos = cosineFromGram(G, K);
        const A = new Float64Array(K * K);
        for (let k = 0; k < K * K; k++) A[k] = alpha * Math.abs(cos[k]);
        const Ci = coefficients(G, K, { id: 'interaction', A });
        const Cc = coefficients(G, K, { id: 'cosine', alpha });
        expectClose(Ci, Cc, 1e-13);
      }),
    );
  });

  it('interaction with A = 1 equals a simultaneous PCGrad computed on vectors', () => {
    fc.assert(
      fc.property(arbRows(), (rows) => {
        const K = rows.length;
        const A = new Float64Array(K * K).fill(1);
        const p = project(gs(rows), { id: 'interaction', A });
        expectClose(p.projected, simultaneousPcgrad(rows), 1e-11);
      }),
    );
  });

  it('pcgrad (either order) and upgrad equal interaction with A = 1 when K = 2', () => {
    fc.assert(
      fc.property(arbRows(2, 2), fc.integer(), (rows, seed) => {
        const set = gs(rows);
        const G = gram(set);
        const ref = coefficients(G, 2, { id: 'interaction', A: new Float64Array(4).fill(1) });
        expectClose(coefficients(G, 2, { id: 'pcgrad', seed }), ref, 1e-12);
        expectClose(coefficients(G, 2, { id: 'pcgrad', order: 'fixed' }), ref, 1e-12);
        // upgrad projects onto the exact dual cone (no τ): it matches when cos_12 is not in the
        // band (−τ, 0) where §1 calls the pair non-conflicting but the cone constraint binds.
        const cos = G[1] / Math.sqrt(G[0] * G[3]);
        if (cos < 0 && cos > -1e-6) return;
        expectClose(
          project(set, { id: 'upgrad' }).projected,
          project(set, { id: 'pcgrad' }).projected,
          1e-11,
        );
      }),
    );
  });

  it('α = 0 (both cosine modes) and A = 0 (both gatings) equal sum', () => {
    fc.assert(
      fc.property(arbRows(), fc.integer(), (rows, seed) => {
        const set = gs(rows);
        const G = gram(set);
        const K = set.K;
        const I = coefficients(G, K, { id: 'sum' });
        const zero = new Float64Array(K * K);
        expect(Array.from(coefficients(G, K, { id: 'cosine', alpha: 0 }))).toEqual(Array.from(I));
        expect(
          Array.from(coefficients(G, K, { id: 'cosine', alpha: 0, mode: 'sequential', seed })),
        ).toEqual(Array.from(I));
        for (const gating of ['conflicting', 'all'] as const) {
          expect(Array.from(coefficients(G, K, { id: 'interaction', A: zero, gating }))).toEqual(
            Array.from(I),
          );
        }
        expect(Array.from(coefficients(G, K, { id: 'interaction' }))).toEqual(Array.from(I));
      }),
    );
  });

  it('a single conflicting pair keeps the residual g_i′·g_j = G_ij(1 − α|cos_ij|) under cosine', () => {
    const conflictingPair = arbRows(2, 2).filter(
      (r) => dotv(r[0], r[1]) < -1e-3 * Math.sqrt(dotv(r[0], r[0]) * dotv(r[1], r[1])),
    );
    fc.assert(
      fc.property(
        conflictingPair,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('simultaneous' as const, 'sequential' as const),
        (rows, alpha, mode) => {
          const set = gs(rows);
          const p = project(set, { id: 'cosine', alpha, mode });
          const g12 = dotv(rows[0], rows[1]);
          const cos = g12 / Math.sqrt(dotv(rows[0], rows[0]) * dotv(rows[1], rows[1]));
          const expected = g12 * (1 - alpha * Math.abs(cos));
          for (const [i, j] of [
            [0, 1],
            [1, 0],
          ]) {
            const r = dotv(rowOf(p.projected, i, set.d), rows[j]);
            expect(Math.abs(r - expected)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(g12)) * 16);
            if (alpha * Math.abs(cos) < 1 - 1e-9) expect(r).toBeLessThan(0);
          }
        },
      ),
    );
  });
});
