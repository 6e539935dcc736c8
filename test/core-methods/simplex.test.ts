/**
 * The small QP solvers of simplex.ts: NNLS in Gram form (KKT conditions, finite termination on
 * singular Q) and the min-norm simplex weights (against a brute-force search).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { minNormWeights, nnlsGram, quadForm, splitDuplicates } from '../../src/core/simplex';
import { arbSpreadRows, dotv, expectClose, gs } from './support';

describe('nnlsGram', () => {
  it('golden: min ½xᵀQx − bᵀx, x ≥ 0 with one active bound', () => {
    // Q = I, b = (1, −2): x = (1, 0).
    expectClose(nnlsGram(new Float64Array([1, 0, 0, 1]), new Float64Array([1, -2]), 2), [1, 0], 0);
    // Q = [[2, 1], [1, 2]], b = (1, 1): unconstrained x = (⅓, ⅓) ≥ 0.
    expectClose(
      nnlsGram(new Float64Array([2, 1, 1, 2]), new Float64Array([1, 1]), 2),
      [1 / 3, 1 / 3],
      1e-15,
    );
  });

  it('KKT: x ≥ 0, w = b − Qx ≤ tol, x_j·w_j ≈ 0, for singular Q = AᵀA (K > d)', () => {
    fc.assert(
      fc.property(
        arbSpreadRows(2, 8, 4),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 4, maxLength: 4 }),
        (rows, yraw) => {
          const K = rows.length;
          const d = rows[0].length;
          const y = yraw.slice(0, d).map((v) => v / 250);
          const Q = gram(gs(rows));
          const b = new Float64Array(rows.map((r) => dotv(r, y)));
          const x = nnlsGram(Q, b, K);
          const scale = Math.max(...rows.map((r) => dotv(r, r))) * (1 + dotv(y, y));
          // w = b − Qx is computed with an error of order ε·max Q_jj·‖x‖₁ (large x: nearly
          // dependent active columns), so the tolerances follow ‖x‖₁.
          const l1 = x.reduce((s, v) => s + v, 0);
          const tolW = 1e-9 * scale + 64 * K * 2 ** -52 * scale * (1 + l1);
          for (let j = 0; j < K; j++) {
            expect(x[j]).toBeGreaterThanOrEqual(0);
            let wj = b[j];
            for (let k = 0; k < K; k++) wj -= Q[j * K + k] * x[k];
            expect(wj).toBeLessThanOrEqual(tolW);
            expect(Math.abs(x[j] * wj)).toBeLessThanOrEqual(tolW * Math.max(1, l1));
          }
        },
      ),
    );
  });
});

describe('minNormWeights', () => {
  it('matches a brute-force search over a fine simplex grid (K = 3)', () => {
    fc.assert(
      fc.property(arbSpreadRows(3, 3, 4), (rows) => {
        const G = gram(gs(rows));
        const w = minNormWeights(G, 3);
        const best = quadForm(G, 3, w);
        let brute = Number.POSITIVE_INFINITY;
        const n = 200;
        for (let a = 0; a <= n; a++) {
          for (let b = 0; a + b <= n; b++) {
            brute = Math.min(brute, quadForm(G, 3, [a / n, b / n, (n - a - b) / n]));
          }
        }
        expect(best).toBeLessThanOrEqual(brute + 1e-12);
        expect(w.every((x) => x >= 0)).toBe(true);
        expect(Math.abs(w[0] + w[1] + w[2] - 1)).toBeLessThan(1e-14);
      }),
      { numRuns: 40 },
    );
  });

  it('K = 1 gives (1); all-zero Gram gives uniform weights', () => {
    expectClose(minNormWeights(new Float64Array([4]), 1), [1], 0);
    expectClose(minNormWeights(new Float64Array(9), 3), [1 / 3, 1 / 3, 1 / 3], 0);
  });

  it('is invariant under G → s·G', () => {
    const G = gram(
      gs([
        [1, 0, 0],
        [0, 1, 0],
        [-1, -1, 1],
      ]),
    );
    const w = minNormWeights(G, 3);
    expectClose(w, [4 / 11, 4 / 11, 3 / 11], 1e-15);
    expectClose(
      minNormWeights(
        G.map((x) => x * 1e-250),
        3,
      ),
      w,
      1e-15,
    );
    expectClose(
      minNormWeights(
        G.map((x) => x * 1e250),
        3,
      ),
      w,
      1e-15,
    );
  });

  it('splitDuplicates shares weight among identical gradients only', () => {
    const G = gram(
      gs([
        [1, 2],
        [3, 0],
        [1, 2],
      ]),
    );
    expectClose(splitDuplicates(G, 3, new Float64Array([0.6, 0.4, 0])), [0.3, 0.4, 0.3], 1e-16);
  });
});
