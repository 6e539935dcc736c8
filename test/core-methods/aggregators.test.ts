/**
 * The aggregators added with the method atlas: TorchJD's documented examples as golden values
 * (the docstring example of each aggregator: J = [[−4, 1, 1], [6, 1, 1]], Krum's 5×3 matrix,
 * TrimmedMean's 4×2 matrix), each method's defining identity on random sets, the scaling
 * convention, the seeded draws and the state kept across steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { coefficients, project, validateSpec } from '../../src/core/methods/index';
import { nashWeights } from '../../src/core/methods/nashmtl';
import { createRng } from '../../src/core/rng';
import {
  createMethodState,
  type GradSet,
  gradSetFromRows,
  type MethodSpec,
} from '../../src/core/types';

const J = gradSetFromRows([
  [-4, 1, 1],
  [6, 1, 1],
]);

function dir(gs: GradSet, spec: MethodSpec): number[] {
  return Array.from(project(gs, spec).direction);
}

/** TorchJD prints 4 decimals: agreement to half a unit in the last printed digit. */
function expectPrinted(actual: number[], printed: number[], tol = 5e-5) {
  expect(actual.length).toBe(printed.length);
  for (let k = 0; k < printed.length; k++)
    expect(Math.abs(actual[k] - printed[k])).toBeLessThan(tol);
}

function randomSet(seed: number, K: number, d: number): GradSet {
  const rng = createRng(seed);
  const g = new Float64Array(K * d);
  for (let k = 0; k < g.length; k++) g[k] = rng.normal() * (1 + (k % 3));
  return { K, d, g };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
};
const rowOf = (gs: GradSet, i: number) => gs.g.subarray(i * gs.d, (i + 1) * gs.d);

describe("TorchJD's documented examples (mean convention where TorchJD's weights sum to 1)", () => {
  it('UPGrad with TorchJD Gram: [0.2929, 1.9004, 1.9004]', () => {
    expectPrinted(dir(J, { id: 'upgrad', torchjd: true, scale: 'mean' }), [0.2929, 1.9004, 1.9004]);
  });
  it('DualProj with TorchJD Gram: [0.5563, 1.1109, 1.1109]', () => {
    expectPrinted(
      dir(J, { id: 'dualproj', torchjd: true, scale: 'mean' }),
      [0.5563, 1.1109, 1.1109],
    );
  });
  it('the exact (unregularised) UPGrad and DualProj differ from TorchJD by O(1e-4) only', () => {
    expectPrinted(dir(J, { id: 'upgrad', scale: 'mean' }), [0.2929, 1.9004, 1.9004], 1e-3);
    expectPrinted(dir(J, { id: 'dualproj', scale: 'mean' }), [0.5563, 1.1109, 1.1109], 1e-3);
  });
  it("TorchJD's pref_vector: uniform 1/K is the default, and scaling it scales d", () => {
    for (const id of ['upgrad', 'dualproj'] as const) {
      const base = dir(J, { id, torchjd: true });
      expect(dir(J, { id, torchjd: true, pref: [0.5, 0.5] })).toEqual(base);
      const twice = dir(J, { id, torchjd: true, pref: [1, 1] });
      for (let k = 0; k < 3; k++) expect(twice[k]).toBeCloseTo(2 * base[k], 12);
      // An uneven preference moves d towards the preferred objective.
      const d = dir(J, { id, torchjd: true, pref: [0.9, 0.1] });
      expect(d[0]).toBeLessThan(base[0]);
    }
  });
  it('IMTL-G: [0.0767, 1.0000, 1.0000]', () => {
    expectPrinted(dir(J, { id: 'imtlg', scale: 'mean' }), [0.0767, 1, 1]);
  });
  it('Aligned-MTL: [0.2133, 0.9673, 0.9673]', () => {
    expectPrinted(dir(J, { id: 'alignedmtl', scale: 'mean' }), [0.2133, 0.9673, 0.9673]);
  });
  it('ConFIG (sum-like as published): [0.1588, 2.0706, 2.0706]', () => {
    expectPrinted(dir(J, { id: 'config' }), [0.1588, 2.0706, 2.0706]);
  });
  it('Constant([1, 2]): [8, 3, 3]', () => {
    expect(dir(J, { id: 'constant', weights: [1, 2] })).toEqual([8, 3, 3]);
  });
  it('Mean: the average; in the sum convention it is Sum', () => {
    expect(dir(J, { id: 'mean', scale: 'mean' })).toEqual([1, 1, 1]);
    expect(dir(J, { id: 'mean' })).toEqual(dir(J, { id: 'sum' }));
  });
  it('GradVac(target = 0.5): [0.0596, 4.4696, 4.4696]; target 0 is PCGrad: [0.5848, 3.8012, 3.8012]', () => {
    expectPrinted(dir(J, { id: 'gradvac', target: 0.5 }), [0.0596, 4.4696, 4.4696]);
    expectPrinted(dir(J, { id: 'gradvac', target: 0 }), [0.5848, 3.8012, 3.8012]);
    expectPrinted(dir(J, { id: 'pcgrad' }), [0.5848, 3.8012, 3.8012]);
  });
  it('Nash-MTL: TorchJD caps ‖d‖ at max_norm = 1 and prints [0.0542, 0.7061, 0.7061]', () => {
    const d = dir(J, { id: 'nashmtl' });
    const n = Math.hypot(...d);
    expect(n).toBeGreaterThan(1);
    // TorchJD's ECOS iterations stop at ‖Gα − 1/α‖ < 1e-3: agreement to 2e-4.
    expectPrinted(
      d.map((x) => x / n),
      [0.0542, 0.7061, 0.7061],
      2e-4,
    );
  });
  it('Krum(n_byzantine = 1, n_selected = 4): [1.25, 0.75, 1.5]', () => {
    const K5 = gradSetFromRows([
      [1, 1, 1],
      [1, 0, 1],
      [75, -666, 23],
      [1, 2, 3],
      [2, 0, 1],
    ]);
    expectPrinted(
      dir(K5, { id: 'krum', byzantine: 1, selected: 4, scale: 'mean' }),
      [1.25, 0.75, 1.5],
      1e-14,
    );
  });
  it('TrimmedMean(trim_number = 1): [1.5, 2.5]', () => {
    const T = gradSetFromRows([
      [1e11, 3],
      [1, -1e11],
      [-1e10, 1e10],
      [2, 2],
    ]);
    expect(dir(T, { id: 'trimmedmean', trim: 1, scale: 'mean' })).toEqual([1.5, 2.5]);
  });
  it('GradDrop: every column keeps one sign; column 1 keeps the positive 6 with probability P = 0.6', () => {
    let keptPositive = 0;
    const N = 2000;
    for (let step = 0; step < N; step++) {
      const d = Array.from(
        project(J, { id: 'graddrop', seed: 3 }, { ...createMethodState(), step }).direction,
      );
      expect(d[1]).toBe(2);
      expect(d[2]).toBe(2);
      expect([6, -4]).toContain(d[0]);
      if (d[0] === 6) keptPositive++;
    }
    // Binomial(2000, 0.6): standard deviation 0.011.
    expect(Math.abs(keptPositive / N - 0.6)).toBeLessThan(0.04);
  });
});

describe('defining identities on random sets', () => {
  const arb = fc.record({
    seed: fc.integer({ min: 1, max: 1e6 }),
    K: fc.integer({ min: 2, max: 6 }),
    extra: fc.integer({ min: 0, max: 4 }),
  });

  it('IMTL-G: d has the same projection on every unit gradient (independent gradients)', () => {
    fc.assert(
      fc.property(arb, ({ seed, K, extra }) => {
        const gs = randomSet(seed, K, K + extra);
        const d = project(gs, { id: 'imtlg' }).direction;
        const proj = Array.from(
          { length: K },
          (_, i) => dot(d, rowOf(gs, i)) / Math.sqrt(dot(rowOf(gs, i), rowOf(gs, i))),
        );
        for (const p of proj)
          expect(Math.abs(p - proj[0])).toBeLessThan(1e-8 * Math.abs(proj[0]) + 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('ConFIG: equal cosines to every g_i, and Σ_i g_i·d = ‖d‖·Σ_i g_i·u', () => {
    fc.assert(
      fc.property(arb, ({ seed, K, extra }) => {
        const gs = randomSet(seed, K, K + extra);
        const d = project(gs, { id: 'config' }).direction;
        const nd = Math.sqrt(dot(d, d));
        const cos = Array.from(
          { length: K },
          (_, i) => dot(d, rowOf(gs, i)) / (nd * Math.sqrt(dot(rowOf(gs, i), rowOf(gs, i)))),
        );
        for (const c of cos) expect(Math.abs(c - cos[0])).toBeLessThan(1e-8);
        let len = 0;
        for (let i = 0; i < K; i++) len += dot(rowOf(gs, i), d) / nd;
        expect(Math.abs(len - nd) / nd).toBeLessThan(1e-8);
      }),
      { numRuns: 60 },
    );
  });

  it('Nash-MTL: α > 0 solves (G/‖G‖_F)α = 1/α to rounding, from any warm start', () => {
    fc.assert(
      fc.property(arb, ({ seed, K, extra }) => {
        const gs = randomSet(seed, K, K + extra);
        const G = gram(gs);
        let fro = 0;
        for (const x of G) fro += x * x;
        fro = Math.sqrt(fro);
        const start = Float64Array.from({ length: K }, (_, i) => 0.1 + i);
        for (const a of [nashWeights(G, K, null), nashWeights(G, K, start)]) {
          for (let i = 0; i < K; i++) {
            expect(a[i]).toBeGreaterThan(0);
            let r = 0;
            let size = 1 / a[i] + 1e-8 * a[i];
            for (let j = 0; j < K; j++) {
              r += (G[i * K + j] / fro) * a[j];
              size += Math.abs((G[i * K + j] / fro) * a[j]);
            }
            // The 1e-8 ridge of nashmtl.ts: (Q + 1e-8 I)α = 1/α, to the rounding of row i's terms
            // (a near-singular G gives α ~ 1e4 and a cancelling (Qα)_i: seed 976050, K = 4).
            expect(Math.abs(r + 1e-8 * a[i] - 1 / a[i])).toBeLessThan(16 * K * 2 ** -52 * size);
          }
        }
      }),
      { numRuns: 60, examples: [[{ seed: 976050, K: 4, extra: 0 }]] },
    );
  });

  it('Aligned-MTL: the combined matrix diag(α)·J has equal nonzero singular values... via its Gram', () => {
    // With u = 1/K: B = √λ_r V Λ^{-1/2} Vᵀ, so Bᵀ G B = λ_r V_r V_rᵀ: all its nonzero eigenvalues equal λ_r.
    fc.assert(
      fc.property(arb, ({ seed, K, extra }) => {
        const gs = randomSet(seed, K, K + extra);
        const G = gram(gs);
        // B itself from the weights of unit preference vectors e_k (α is linear in u).
        const B = new Float64Array(K * K);
        for (let k = 0; k < K; k++) {
          const pref = new Float64Array(K);
          pref[k] = 1;
          const C = coefficients(G, K, { id: 'alignedmtl', pref, scale: 'mean' });
          for (let i = 0; i < K; i++) B[i * K + k] = C[i * K + i];
        }
        // M = Bᵀ G B
        const M = new Float64Array(K * K);
        for (let a = 0; a < K; a++)
          for (let b = 0; b < K; b++) {
            let s = 0;
            for (let i = 0; i < K; i++)
              for (let j = 0; j < K; j++) s += B[i * K + a] * G[i * K + j] * B[j * K + b];
            M[a * K + b] = s;
          }
        // M = λ_r·I for full-rank G (K ≤ d): check M is a multiple of the identity.
        const lam = M[0];
        for (let a = 0; a < K; a++)
          for (let b = 0; b < K; b++)
            expect(Math.abs(M[a * K + b] - (a === b ? lam : 0))).toBeLessThan(1e-9 * lam);
      }),
      { numRuns: 40 },
    );
  });

  it('DualProj: d is the projection of Σ g_i onto the dual cone (KKT: feasible, complementary)', () => {
    fc.assert(
      fc.property(arb, ({ seed, K, extra }) => {
        const gs = randomSet(seed, K, 2 + extra);
        const p = project(gs, { id: 'dualproj' });
        const s = new Float64Array(gs.d);
        for (let i = 0; i < K; i++) for (let k = 0; k < gs.d; k++) s[k] += gs.g[i * gs.d + k];
        const scale = dot(s, s) + 1;
        for (let i = 0; i < K; i++) {
          const dg = dot(p.direction, rowOf(gs, i));
          expect(dg).toBeGreaterThanOrEqual(-1e-9 * scale);
          // Complementarity: μ_i > 0 only where the constraint is active.
          const mu = p.C[i * K + i] - 1;
          expect(mu).toBeGreaterThanOrEqual(0);
          if (mu > 1e-9) expect(Math.abs(dg)).toBeLessThan(1e-8 * scale);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("scale 'mean' is C/K for every Gram-form method and g'/K for the vector ones", () => {
    const gs = randomSet(4, 4, 6);
    const specs: MethodSpec[] = [
      { id: 'dualproj' },
      { id: 'imtlg' },
      { id: 'alignedmtl' },
      { id: 'nashmtl' },
      { id: 'config' },
      { id: 'krum' },
      { id: 'rlw', seed: 2 },
      { id: 'mean' },
      { id: 'constant', weights: [1, 2, 3, 4] },
      { id: 'gradvac', target: 0.2 },
      { id: 'graddrop', seed: 2 },
      { id: 'trimmedmean' },
    ];
    for (const spec of specs) {
      const a = project(gs, spec).projected;
      const b = project(gs, { ...spec, scale: 'mean' }).projected;
      for (let k = 0; k < a.length; k++) expect(b[k]).toBeCloseTo(a[k] / 4, 12);
    }
  });
});

describe('seeded draws and state across steps', () => {
  it('RLW: softmax weights (positive, summing to K in the sum convention), fresh per step and world, reproducible', () => {
    const gs = randomSet(9, 5, 3);
    const G = gram(gs);
    const w = (step: number, stream: number, seed = 1) => {
      const C = coefficients(G, 5, { id: 'rlw', seed }, { ...createMethodState(stream), step });
      return Array.from({ length: 5 }, (_, i) => C[i * 5 + i]);
    };
    const w0 = w(0, 0);
    expect(w0.every((x) => x > 0)).toBe(true);
    expect(w0.reduce((a, b) => a + b)).toBeCloseTo(5, 12);
    expect(w(0, 0)).toEqual(w0);
    expect(w(1, 0)).not.toEqual(w0);
    expect(w(0, 1)).not.toEqual(w0);
    expect(w(0, 0, 2)).not.toEqual(w0);
  });

  it('GradVac: the running targets follow φ̂ ← (1 − β)φ̂ + βφ and change the next step', () => {
    const state = createMethodState();
    const G = gram(J);
    const phi = G[1] / Math.sqrt(G[0] * G[3]);
    const first = coefficients(G, 2, { id: 'gradvac', beta: 0.5 }, state);
    // Step 1 starts from φ̂ = 0: PCGrad's rule.
    expect(Array.from(first)).toEqual(Array.from(coefficients(G, 2, { id: 'gradvac', target: 0 })));
    expect(state.gradvacTargets?.[1]).toBeCloseTo(0.5 * phi, 15);
    const second = coefficients(G, 2, { id: 'gradvac', beta: 0.5 }, state);
    expect(state.gradvacTargets?.[1]).toBeCloseTo(0.75 * phi, 15);
    // With φ̂ = φ/2 < 0 the correction is milder than PCGrad's.
    expect(second[1]).toBeLessThan(first[1]);
    expect(second[1]).toBeGreaterThan(0);
  });

  it('Nash-MTL keeps its weights as the warm start of the next step', () => {
    const state = createMethodState();
    coefficients(gram(J), 2, { id: 'nashmtl' }, state);
    expect(state.nashAlpha?.length).toBe(2);
    expect(state.nashAlpha?.every((x) => x > 0)).toBe(true);
  });

  it('GradDrop and TrimmedMean have no Gram form: coefficients() says so, project() runs', () => {
    for (const id of ['graddrop', 'trimmedmean'] as const) {
      expect(() => coefficients(gram(J), 2, { id })).toThrow(/not in Gram form/);
      expect(project(J, { id }).vectorOnly).toBe(true);
    }
  });
});

describe('validation names the field', () => {
  it.each([
    ['krum at K = 2', { id: 'krum' }, 2, 'gradients'],
    ['krum f too large', { id: 'krum', byzantine: 2 }, 4, 'gradients'],
    ['krum m > K', { id: 'krum', selected: 5 }, 4, 'selected'],
    ['trim too large', { id: 'trimmedmean', trim: 2 }, 4, 'trim'],
    ['weights count', { id: 'constant', weights: [1, 2] }, 3, 'weights'],
    ['pref non-finite', { id: 'config', pref: [1, Number.NaN] }, 2, 'pref'],
    ['beta 0', { id: 'gradvac', beta: 0 }, 2, 'beta'],
    ['target 1', { id: 'gradvac', target: 1 }, 2, 'target'],
    ['scale', { id: 'sum', scale: 'avg' }, 2, 'scale'],
  ] as const)('%s', (_, spec, K, field) => {
    expect(() => validateSpec(spec as unknown as MethodSpec, K)).toThrow(
      expect.objectContaining({ field }),
    );
  });
});
