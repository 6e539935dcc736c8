import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import {
  evaluateMeta,
  evaluateMetaLosses,
  metaGradientFromLosses,
  metaPerturbations,
  resolveMetaOptions,
  rollout,
} from '../../src/core/meta';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { createRng } from '../../src/core/rng';
import { lineProblem } from './fixtures';

describe('metaPerturbations', () => {
  it('lists 2K(K−1) matrices, each A ± h at one off-diagonal entry, in row-major order', () => {
    const K = 3;
    const h = 0.01;
    const A = Float64Array.from({ length: 9 }, (_, k) => 0.1 * k);
    const p = metaPerturbations(A, K, h);
    expect(p.matrices.length).toBe(2 * K * (K - 1));
    expect(Array.from(p.entries)).toEqual([1, 2, 3, 5, 6, 7]);
    p.matrices.forEach((M, m) => {
      const e = p.entries[m >> 1];
      for (let k = 0; k < 9; k++) {
        const expected = k === e ? A[k] + (m % 2 === 0 ? h : -h) : A[k];
        expect(M[k]).toBe(expected);
      }
    });
  });

  it('keeps every matrix in the box with the inside stencil, one-sided at the edges', () => {
    const K = 2;
    const h = 0.1;
    const p = metaPerturbations(Float64Array.of(0, 0.05, 0.95, 0), K, h, {
      stencil: 'inside',
      Amax: 1,
    });
    // Entry (0,1) = 0.05 < h: forward pair (0.15, 0.05); entry (1,0) = 0.95 > 1 − h: (0.95, 0.85).
    const at = (m: number, e: number) => p.matrices[m][p.entries[e]];
    expect([at(0, 0), at(1, 0), at(2, 0), at(3, 0)].map((v) => v.toFixed(12))).toEqual([
      '0.150000000000',
      '0.050000000000',
      '0.050000000000',
      '0.050000000000',
    ]);
    expect([at(0, 1), at(1, 1), at(2, 1), at(3, 1)].map((v) => v.toFixed(12))).toEqual([
      '0.950000000000',
      '0.950000000000',
      '0.950000000000',
      '0.850000000000',
    ]);
    expect(Array.from(p.spacing)).toEqual([h, h]);
    // A quadratic ℓ = (A_01 − 0.3)² + (A_10 − 0.3)²: forward/backward differences by hand.
    const ell = (M: Float64Array) => (M[1] - 0.3) ** 2 + (M[2] - 0.3) ** 2;
    const g = metaGradientFromLosses(p.matrices.map(ell), p);
    expect(g[1]).toBeCloseTo(((0.15 - 0.3) ** 2 - (0.05 - 0.3) ** 2) / h, 12);
    expect(g[2]).toBeCloseTo(((0.95 - 0.3) ** 2 - (0.85 - 0.3) ** 2) / h, 12);
  });

  it('rejects a bad h or A naming the field', () => {
    expect(() => metaPerturbations(new Float64Array(4), 2, 0)).toThrow(/^h/);
    expect(() => metaPerturbations(new Float64Array(3), 2, 0.1)).toThrow(/^A/);
  });
});

describe('metaGradientFromLosses', () => {
  it('recovers the coefficients of a linear meta-loss exactly', () => {
    const K = 4;
    const rng = createRng(3);
    const c = Float64Array.from({ length: 16 }, () => rng.normal());
    const A = Float64Array.from({ length: 16 }, () => rng.next());
    const h = 1e-3;
    const p = metaPerturbations(A, K, h);
    const losses = p.matrices.map((M) => M.reduce((s, v, k) => s + c[k] * v, 0));
    const g = metaGradientFromLosses(losses, p);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const expected = i === j ? 0 : c[i * K + j];
        expect(Math.abs(g[i * K + j] - expected)).toBeLessThan(1e-9);
      }
    }
  });

  it('rejects a list of the wrong length or with a non-finite loss', () => {
    const p = metaPerturbations(new Float64Array(4), 2, 0.1);
    expect(p.spacing).toEqual(Float64Array.of(0.2, 0.2));
    expect(() => metaGradientFromLosses([1, 2], p)).toThrow(InputError);
    expect(() => metaGradientFromLosses([1, 2, 3, Number.NaN], p)).toThrow(/losses/);
  });
});

describe('meta-gradient on rollouts', () => {
  it('matches the hand derivative for one step of two conflicting 1-D quadratics', () => {
    // L_i = ½ q_i (θ − c_i)²; at θ_0 between c_1 and c_2 the gradients conflict, and in 1-D
    // g'_1 = (1 − A_12)·g_1, g'_2 = (1 − A_21)·g_2, so θ_1 = θ_0 − η((1 − a)g_1 + (1 − b)g_2)
    // and ∂L_k(θ_1)/∂a = g_k(θ_1)·η·g_1(θ_0), ∂L_k(θ_1)/∂b = g_k(θ_1)·η·g_2(θ_0).
    const q = [1, 3];
    const c = [-1, 2];
    const th0 = 0.25;
    const prob = lineProblem(q, c, [th0]);
    const eta = 0.1;
    const a = 0.3;
    const b = 0.6;
    const A = Float64Array.of(0, a, b, 0);
    const g0 = q.map((qi, i) => qi * (th0 - c[i]));
    const th1 = th0 - eta * ((1 - a) * g0[0] + (1 - b) * g0[1]);
    const [r] = rollout(prob, A, prob.starts(), { T: 1, eta });
    expect(r.theta[0]).toBeCloseTo(th1, 15);
    const L1 = q.map((qi, i) => 0.5 * qi * (th1 - c[i]) ** 2);
    const k = L1[0] > L1[1] ? 0 : 1;
    const gk = q[k] * (th1 - c[k]);
    const o = resolveMetaOptions(prob, { T: 1, eta, loss: 'worst-objective' });
    const h = 1e-3;
    const p = metaPerturbations(A, 2, h);
    const grad = metaGradientFromLosses(evaluateMetaLosses(o, p.matrices), p);
    expect(grad[1]).toBeCloseTo(gk * eta * g0[0], 10);
    expect(grad[2]).toBeCloseTo(gk * eta * g0[1], 10);
    expect(evaluateMeta(o, A).metaLoss).toBeCloseTo(L1[k], 15);
  });

  it('assembles the same entries as direct central differences, and predicts a directional change', () => {
    const prob = createQuadraticGroups({ K: 3, d: 2, groups: 2, seed: 4 });
    const o = resolveMetaOptions(prob, { T: 8, gating: 'all', loss: 'final-log-b' });
    const K = 3;
    const A = Float64Array.of(0, 0.2, 0.5, 0.4, 0, 0.1, 0.3, 0.6, 0);
    const h = 1e-5;
    const p = metaPerturbations(A, K, h);
    const grad = metaGradientFromLosses(evaluateMetaLosses(o, p.matrices), p);
    for (const e of p.entries) {
      const up = Float64Array.from(A);
      const dn = Float64Array.from(A);
      up[e] += h;
      dn[e] -= h;
      const direct = (evaluateMeta(o, up).metaLoss - evaluateMeta(o, dn).metaLoss) / (2 * h);
      expect(grad[e]).toBe(direct);
    }
    // Along a random off-diagonal direction V: (ℓ(A + εV) − ℓ(A − εV))/2ε ≈ ⟨∇ℓ, V⟩.
    const rng = createRng(9);
    const V = new Float64Array(9);
    for (const e of p.entries) V[e] = rng.normal();
    const eps = 1e-4;
    const lp = evaluateMeta(
      o,
      A.map((v, k) => v + eps * V[k]),
    ).metaLoss;
    const lm = evaluateMeta(
      o,
      A.map((v, k) => v - eps * V[k]),
    ).metaLoss;
    const dirFd = (lp - lm) / (2 * eps);
    const dirGrad = grad.reduce((s, g, k) => s + g * V[k], 0);
    expect(Math.abs(dirGrad)).toBeGreaterThan(1e-3);
    expect(Math.abs(dirFd - dirGrad)).toBeLessThan(1e-4 * Math.abs(dirGrad));
  });
});

describe('rollout', () => {
  it('reports divergence as an error on eta, not as NaN', () => {
    const prob = createQuadraticGroups({ K: 2, d: 2, groups: 2, seed: 1 });
    expect(() => rollout(prob, new Float64Array(4), prob.starts(), { T: 2000, eta: 50 })).toThrow(
      /^eta/,
    );
  });
});
