/**
 * Golden values computed by hand (derivations in the comments) for K = 2 and K = 3.
 */
import { describe, expect, it } from 'vitest';
import { pcgradOrders, project } from '../../src/core/methods/index';
import type { MethodSpec } from '../../src/core/types';
import { expectClose, gs } from './support';

// Set A (K = 2): g1 = (1, 0), g2 = (−1, 1); G = [[1, −1], [−1, 2]], cos = −1/√2.
const SET_A = [
  [1, 0],
  [-1, 1],
];
// Set B (K = 3): g1 = e1, g2 = e2, g3 = (−1, −1, 1); G = [[1, 0, −1], [0, 1, −1], [−1, −1, 3]].
const SET_B = [
  [1, 0, 0],
  [0, 1, 0],
  [-1, -1, 1],
];
const r2 = Math.SQRT2;
const r3 = Math.sqrt(3);

function check(rows: number[][], spec: MethodSpec, C: number[], d: number[], tol = 1e-14) {
  const p = project(gs(rows), spec);
  expectClose(p.C, C, tol);
  expectClose(p.direction, d, tol);
}

describe('golden values, K = 2 (set A)', () => {
  it('sum: C = I, d = g1 + g2', () => check(SET_A, { id: 'sum' }, [1, 0, 0, 1], [0, 1]));

  it('pcgrad: g1′ = g1 + ½g2 = (½, ½), g2′ = g2 + g1 = (0, 1)', () => {
    for (const order of ['fixed', 'random'] as const) {
      check(SET_A, { id: 'pcgrad', order, seed: 11 }, [1, 0.5, 1, 1], [0.5, 1.5]);
    }
  });

  it('cosine (both modes): C12 = α/(2√2), C21 = α/√2', () => {
    for (const alpha of [1, 0.5]) {
      const C = [1, alpha / (2 * r2), alpha / r2, 1];
      const d = [1 - alpha / (2 * r2) - 1 + alpha / r2, alpha / (2 * r2) + 1];
      check(SET_A, { id: 'cosine', alpha }, C, d);
      check(SET_A, { id: 'cosine', alpha, mode: 'sequential', order: 'fixed' }, C, d);
    }
  });

  it('interaction: C12 = −A12·G12/G22 = ¼, C21 = −A21·G21/G11 = 2', () => {
    const A = new Float64Array([7, 0.5, 2, 7]); // diagonal ignored
    for (const gating of ['conflicting', 'all'] as const) {
      check(SET_A, { id: 'interaction', A, gating }, [1, 0.25, 2, 1], [1.75, 1.25]);
    }
  });

  it('mgda: w1 = (G22 − G12)/(G11 + G22 − 2G12) = 3/5, d = 2u = (0.4, 0.8)', () => {
    check(SET_A, { id: 'mgda' }, [1.2, 0, 0, 0.8], [0.4, 0.8]);
  });

  it('mgda: clamped (w = (1, 0)) and symmetric cases', () => {
    // g1 = (1, 0), g2 = (3, 1): (G22 − G12)/(…) = 7/5 > 1, so u = g1, d = 2g1.
    check(
      [
        [1, 0],
        [3, 1],
      ],
      { id: 'mgda' },
      [2, 0, 0, 0],
      [2, 0],
    );
    // g1 = (2, 0), g2 = (0, 1): w1 = 1/5, u = (0.4, 0.8).
    check(
      [
        [2, 0],
        [0, 1],
      ],
      { id: 'mgda' },
      [0.4, 0, 0, 1.6],
      [0.8, 1.6],
    );
  });

  it('cagrad c = 0.5: w = (1, 0), λ = ρ/‖g1‖ = ¼, C = diag(1.5, 1)', () => {
    // g0 = (0, ½), ρ = ¼; F(x) = (1 − x)/2 + ¼√(5x² − 6x + 2) is minimal at x = w1 = 1.
    check(SET_A, { id: 'cagrad', c: 0.5 }, [1.5, 0, 0, 1], [0.5, 1], 1e-12);
  });

  it('cagrad c = 0.8: w1 = (13.2 + √8.8)/22 from F′(w1) = 0', () => {
    // ρ = 0.4; F′ = 0 ⇔ 0.8(5x − 3) = √(5x² − 6x + 2) ⇔ 11x² − 13.2x + 3.76 = 0, root ≥ 0.6.
    const x = (13.2 + Math.sqrt(8.8)) / 22;
    const gw = Math.hypot(2 * x - 1, 1 - x);
    const lam = 0.4 / gw;
    const C = [1 + 2 * lam * x, 0, 0, 1 + 2 * lam * (1 - x)];
    check(SET_A, { id: 'cagrad', c: 0.8 }, C, [C[0] - C[3], C[3]], 1e-12);
  });

  it('cagrad orthogonal unit pair: w = (½, ½), d = (1 + c)·(g1 + g2)', () => {
    check(
      [
        [1, 0],
        [0, 1],
      ],
      { id: 'cagrad', c: 0.5 },
      [1.5, 0, 0, 1.5],
      [1.5, 1.5],
      1e-12,
    );
  });

  it('upgrad (K = 2 equals pcgrad): C = [[1, ½], [1, 1]]', () => {
    check(SET_A, { id: 'upgrad' }, [1, 0.5, 1, 1], [0.5, 1.5]);
  });
});

describe('golden values, K = 3 (set B)', () => {
  it('sum', () => check(SET_B, { id: 'sum' }, [1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 1]));

  it('pcgrad fixed order: rows (1, 0, ⅓), (0, 1, ⅓), (1, 1, 1)', () => {
    const C = [1, 0, 1 / 3, 0, 1, 1 / 3, 1, 1, 1];
    check(SET_B, { id: 'pcgrad', order: 'fixed' }, C, [1 / 3, 1 / 3, 5 / 3]);
  });

  it('pcgrad random order: each row follows its row of pcgradOrders', () => {
    // Row 1: order (2, 3) → (1, 0, ⅓); order (3, 2) → g1 + g3/3 then + g2/3 → (1, ⅓, ⅓).
    // Row 2 symmetric; row 3: (1, 1, 1) in either order.
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const o = pcgradOrders(3, seed);
      const row1 = o[0] === 1 ? [1, 0, 1 / 3] : [1, 1 / 3, 1 / 3];
      const row2 = o[2] === 0 ? [0, 1, 1 / 3] : [1 / 3, 1, 1 / 3];
      const C = [...row1, ...row2, 1, 1, 1];
      const d = [0, 1, 2].map((k) =>
        [0, 1, 2].reduce((s, j) => s + (C[j] + C[3 + j] + C[6 + j]) * SET_B[j][k], 0),
      );
      check(SET_B, { id: 'pcgrad', seed }, C, d);
    }
  });

  it('cosine simultaneous α = 1: C13 = C23 = 1/(3√3), C31 = C32 = 1/√3', () => {
    const a = 1 / (3 * r3);
    const b = 1 / r3;
    const C = [1, 0, a, 0, 1, a, b, b, 1];
    check(
      SET_B,
      { id: 'cosine' },
      C,
      [0, 1, 2].map((k) => dOf(C, k)),
    );
  });

  it('cosine sequential fixed order α = 1', () => {
    // Row 3: p = g3 + g1/√3 after j = 1; then p·g2 = −1, ‖p‖² = 10/3 − 2/√3, f = 1/‖p‖.
    const a = 1 / (3 * r3);
    const f = 1 / Math.sqrt(10 / 3 - 2 / r3);
    const C = [1, 0, a, 0, 1, a, 1 / r3, f, 1];
    check(
      SET_B,
      { id: 'cosine', mode: 'sequential', order: 'fixed' },
      C,
      [0, 1, 2].map((k) => dOf(C, k)),
    );
  });

  it('interaction on g1 = e1, g2 = (1, 1, 0), g3 = (−1, 0, 1), both gatings', () => {
    // G11 = 1, G12 = 1, G13 = −1, G22 = 2, G23 = −1, G33 = 2; conflicts (1, 3), (2, 3).
    const rows = [
      [1, 0, 0],
      [1, 1, 0],
      [-1, 0, 1],
    ];
    const A = new Float64Array([0, 0.5, 0.25, 0.5, 0, 0.75, 1, 0.2, 0]);
    const Cc = [1, 0, 1 / 8, 0, 1, 3 / 8, 1, 0.1, 1];
    const Ca = [1, -1 / 4, 1 / 8, -1 / 2, 1, 3 / 8, 1, 0.1, 1];
    const dirOf = (C: number[]) =>
      [0, 1, 2].map((k) =>
        [0, 1, 2].reduce((s, j) => s + (C[j] + C[3 + j] + C[6 + j]) * rows[j][k], 0),
      );
    check(rows, { id: 'interaction', A }, Cc, dirOf(Cc));
    check(rows, { id: 'interaction', A, gating: 'all' }, Ca, dirOf(Ca));
  });

  it('mgda: w = (4/11, 4/11, 3/11), u = (1, 1, 3)/11, d = 3u', () => {
    // Symmetry w1 = w2 = a: ‖u‖² = 2(3a − 1)² + (1 − 2a)², minimal at a = 4/11.
    check(
      SET_B,
      { id: 'mgda' },
      [12 / 11, 0, 0, 0, 12 / 11, 0, 0, 0, 9 / 11],
      [3 / 11, 3 / 11, 9 / 11],
    );
  });

  it('mgda: a vertex-free face (e1, e2, e1 + e2 → w = (½, ½, 0)) and 0 in the hull', () => {
    check(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      { id: 'mgda' },
      [1.5, 0, 0, 0, 1.5, 0, 0, 0, 0],
      [1.5, 1.5],
    );
    // (2, 0), (0, 1), (0, −1): 0 = ½g2 + ½g3 is in the hull, d = 0.
    check(
      [
        [2, 0],
        [0, 1],
        [0, -1],
      ],
      { id: 'mgda' },
      [0, 0, 0, 0, 1.5, 0, 0, 0, 1.5],
      [0, 0],
    );
  });

  it('cagrad on orthonormal e1, e2, e3: w uniform, λ = c, C = (1 + c)·I', () => {
    const rows = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const c = 0.3;
    const C = [1 + c, 0, 0, 0, 1 + c, 0, 0, 0, 1 + c];
    check(rows, { id: 'cagrad', c }, C, [1 + c, 1 + c, 1 + c], 1e-12);
  });

  it('cagrad c = 0.5 on e1, e2, e2 (a duplicate): w1 = (1 + √(2/3))/2, λ = 1/√6', () => {
    // g0 = (⅓, ⅔), ρ = √5/6. With g_w = (a, 1 − a): F(a) = (2 − a)/3 + ρ√(2a² − 2a + 1);
    // F′ = 0 with u = 2a − 1 gives u² = 2/3, ‖g_w‖ = √(5/6), λ = ρ/‖g_w‖ = 1/√6. The duplicate
    // pair shares its weight 1 − a equally.
    const a = (1 + Math.sqrt(2 / 3)) / 2;
    const lam = 1 / Math.sqrt(6);
    const c1 = 1 + 3 * lam * a;
    const c2 = 1 + (3 * lam * (1 - a)) / 2;
    const rows = [
      [1, 0],
      [0, 1],
      [0, 1],
    ];
    check(rows, { id: 'cagrad', c: 0.5 }, [c1, 0, 0, 0, c2, 0, 0, 0, c2], [c1, 2 * c2], 1e-12);
  });

  it('upgrad: g1′ = g1 + ½g2 + ½g3 = (½, 0, ½) (two active constraints), g3′ = (0, 0, 1)', () => {
    // For g1: active set {g2, g3}: v = (1 − μ3, μ2 − μ3, μ3), v·g2 = 0 and v·g3 = 0 ⇒ μ = ½.
    const C = [1, 0.5, 0.5, 0.5, 1, 0.5, 1, 1, 1];
    check(SET_B, { id: 'upgrad' }, C, [0.5, 0.5, 2]);
  });
});

/** d_k = Σ_j w_j (g_j)_k for set B, w_j = column sums of C. */
function dOf(C: number[], k: number): number {
  let s = 0;
  for (let j = 0; j < 3; j++) s += (C[j] + C[3 + j] + C[6 + j]) * SET_B[j][k];
  return s;
}

describe('golden values are what the Projection carries', () => {
  it('projected rows equal C·g (upgrad, set B)', () => {
    const p = project(gs(SET_B), { id: 'upgrad' });
    expectClose(p.projected, [0.5, 0, 0.5, 0, 0.5, 0.5, 0, 0, 1], 1e-14);
    expect(p.projected.length).toBe(9);
  });
});
