/**
 * The GPU QP solvers (shaders/qp.wgsl) against the core's certificates, on random Gram matrices
 * (fresh seeds; K = 2, 5, 16; rank-deficient when the rows are fewer than K; duplicated rows), fed
 * straight into the per-world update kernel, its coefficient output poisoned (NaN) before the run.
 * The Gram matrices are float32 (what the GPU sees); the certificates are evaluated in float64 on
 * that same float32 G, normalised as the solvers normalise it, with the core's KKT tolerances
 * (test/core-methods/simplex.test.ts) at the float32 unit ε = 2^−23:
 *   tol = 64·K·ε·scale·(1 + ‖x‖₁),  scale = max Q_jj + max|b|;
 *   x ≥ 0, w = b − Qx ≤ tol, |x_j·w_j| ≤ tol·max(1, ‖x‖₁).
 * mgda: the lifted NNLS of minNormWeights (Q = G + 11ᵀ, b = 1, v = λ/(1 + λᵀGλ)), Σλ = 1.
 * upgrad: each row's NNLS (Q = G, b = −G e_i).
 * cagrad (bisection, not a QP): d = Σ_j C_jj g_j must satisfy the ball ‖d/K − g0‖ ≤ ρ(1 + 1e-3)
 * and, where the core's optimal ‖g_w‖ ≥ 0.05·max‖g_i‖ (outside the regime that cagrad.ts documents
 * as ill-conditioned: there ‖g_w‖ in Gram form carries an absolute error of √ε·max‖g_i‖, 3e-4
 * in float32), reach the core's objective: min_i g_i·d ≥ min_i g_i·d_core − 1e-3·K·max G_jj (the bisection
 * on h(t) = ρt − ‖g_w(t)‖ sees ‖g_w‖ through that same √ε error; measured gaps print below).
 */
import './webgpuNode';
import { describe, expect, it } from 'vitest';
import { cagradCoefficients } from '../../src/core/methods/cagrad';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { createRng } from '../../src/core/rng';
import type { MethodSpec } from '../../src/core/types';
import { methodUpload } from '../../src/gpu/methodUpload';
import { pairTable } from '../../src/gpu/pipelines';
import { GpuWorlds } from '../../src/gpu/worlds';
import { freshSeed } from './helpers';
import { gpuContext, withErrorScopes } from './webgpuNode';

const EPS32 = 2 ** -23;
const W = 12;

/** W random float32 Gram matrices of K gradients (some rank-deficient, some with duplicates). */
function grams(seed: number, K: number): Float64Array[] {
  const rng = createRng(seed);
  const out: Float64Array[] = [];
  for (let w = 0; w < W; w++) {
    const m = 2 + Math.floor(rng.uniform(0, K + 2));
    const rows: number[][] = [];
    for (let i = 0; i < K; i++) {
      if (i > 0 && w % 5 === 0 && i === K - 1) rows.push(rows[0].slice());
      else rows.push(Array.from({ length: m }, () => rng.uniform(-1, 1) * (1 + i)));
    }
    const G = new Float64Array(K * K);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += rows[i][k] * rows[j][k];
        G[i * K + j] = Math.fround(s);
      }
    }
    out.push(G);
  }
  return out;
}

/** The update kernel's coefficients C (W·K·K) for `spec` on the given Gram matrices. */
async function gpuCoefficients(K: number, Gs: Float64Array[], spec: MethodSpec) {
  const ctx = await gpuContext();
  const problem = createQuadraticGroups({ K, d: 3, seed: 1 });
  const worlds = new GpuWorlds(ctx, {
    problem,
    W,
    thetas: new Float32Array(W * 3).fill(0.5),
    flow: 0,
    eta: 0.01,
    epsSwitch: 0.01,
    method: methodUpload(spec, K),
    path: 'per-step',
    keepCoefficients: true,
  });
  const pairs = pairTable(K);
  const P = pairs.length;
  const part = new Float32Array(W * P);
  for (let w = 0; w < W; w++) {
    const G = Gs[w];
    for (let p = 0; p < P; p++) {
      const e = pairs[p];
      const kind = e >> 16;
      if (kind === 0) part[w * P + p] = G[(e & 0xff) * K + ((e >> 8) & 0xff)];
      else if (kind === 1) part[w * P + p] = G.reduce((s, v) => s + v, 0);
      else part[w * P + p] = 1;
    }
  }
  const { value, errors } = await withErrorScopes(ctx.device, async () => {
    worlds.writePartials(part);
    worlds.poison('weights', Number.NaN);
    worlds.updateOnly();
    return worlds.readCoefficients();
  });
  worlds.destroy();
  expect(errors).toEqual([]);
  return value;
}

function normalised(G: Float64Array, K: number): Float64Array {
  let m = 0;
  for (let i = 0; i < K; i++) m = Math.max(m, G[i * K + i]);
  const s = m > 0 ? 2 ** -Math.floor(Math.log2(m)) : 1;
  return G.map((v) => v * s);
}

/** Checks the NNLS certificate of x for (Q, b); returns the worst w_j/tol seen. */
function nnlsCertificate(
  Q: Float64Array,
  b: Float64Array,
  x: Float64Array,
  n: number,
  tag: string,
) {
  let qmax = 0;
  let bmax = 0;
  for (let j = 0; j < n; j++) {
    qmax = Math.max(qmax, Q[j * n + j]);
    bmax = Math.max(bmax, Math.abs(b[j]));
  }
  const l1 = x.reduce((s, v) => s + v, 0);
  const tol = 64 * n * EPS32 * (qmax + bmax) * (1 + l1);
  let worstRatio = 0;
  for (let j = 0; j < n; j++) {
    expect(x[j], `${tag} x_${j}`).toBeGreaterThanOrEqual(0);
    let wj = b[j];
    for (let k = 0; k < n; k++) wj -= Q[j * n + k] * x[k];
    expect(wj, `${tag} w_${j}`).toBeLessThanOrEqual(tol);
    expect(Math.abs(x[j] * wj), `${tag} x·w_${j}`).toBeLessThanOrEqual(tol * Math.max(1, l1));
    worstRatio = Math.max(worstRatio, wj / tol);
  }
  return worstRatio;
}

describe('GPU QP solvers satisfy the core certificates (float32 tolerances)', () => {
  it('mgda, upgrad and cagrad for K = 2, 5, 16', async () => {
    const seen: Record<string, number> = {};
    for (const K of [2, 5, 16]) {
      const seed = freshSeed();
      const Gs = grams(seed, K);
      const tag = `K=${K} seed ${seed}`;
      const mg = await gpuCoefficients(K, Gs, { id: 'mgda' });
      const up = await gpuCoefficients(K, Gs, { id: 'upgrad' });
      const ca = await gpuCoefficients(K, Gs, { id: 'cagrad', c: 0.5 });
      for (let w = 0; w < W; w++) {
        const G = normalised(Gs[w], K);
        const worldC = (src: Float32Array) =>
          Float64Array.from(src.subarray(w * K * K, (w + 1) * K * K));
        // mgda: C = diag(K·λ).
        const cm = worldC(mg);
        const lam = Float64Array.from({ length: K }, (_, i) => cm[i * K + i] / K);
        expect(Math.abs(lam.reduce((s, v) => s + v, 0) - 1), `${tag} world ${w} Σλ`).toBeLessThan(
          1e-5,
        );
        if (K > 2) {
          let q = 0;
          for (let i = 0; i < K; i++)
            for (let j = 0; j < K; j++) q += lam[i] * G[i * K + j] * lam[j];
          const v = lam.map((l) => l / (1 + q));
          const Q = G.map((g) => g + 1);
          const r = nnlsCertificate(Q, new Float64Array(K).fill(1), v, K, `${tag} mgda world ${w}`);
          seen[`mgda K=${K}`] = Math.max(seen[`mgda K=${K}`] ?? 0, r);
        }
        // upgrad: row i of C is e_i + μ_i.
        const cu = worldC(up);
        for (let i = 0; i < K; i++) {
          const mu = Float64Array.from({ length: K }, (_, j) => cu[i * K + j] - (i === j ? 1 : 0));
          const b = Float64Array.from({ length: K }, (_, j) => -G[j * K + i]);
          const r = nnlsCertificate(G, b, mu, K, `${tag} upgrad world ${w} row ${i}`);
          seen[`upgrad K=${K}`] = Math.max(seen[`upgrad K=${K}`] ?? 0, r);
        }
        // cagrad: the ball constraint and the core's objective value.
        const cc = worldC(ca);
        const core = cagradCoefficients(G, K, { id: 'cagrad', c: 0.5 });
        const gd = (D: Float64Array) =>
          Math.min(
            ...Array.from({ length: K }, (_, i) => {
              let s = 0;
              for (let j = 0; j < K; j++) s += G[i * K + j] * D[j * K + j];
              return s;
            }),
          );
        let maxG = 0;
        let g0sq = 0;
        for (let i = 0; i < K; i++) maxG = Math.max(maxG, G[i * K + i]);
        for (let k = 0; k < K * K; k++) g0sq += G[k] / (K * K);
        const rho = 0.5 * Math.sqrt(Math.max(0, g0sq));
        // ‖d/K − g0‖² with d/K − g0 = Σ_j (C_jj/K − 1/K) g_j.
        let ball = 0;
        for (let i = 0; i < K; i++) {
          for (let j = 0; j < K; j++)
            ball += ((cc[i * K + i] - 1) * (cc[j * K + j] - 1) * G[i * K + j]) / (K * K);
        }
        expect(Math.sqrt(Math.max(0, ball)), `${tag} cagrad world ${w} ball`).toBeLessThanOrEqual(
          rho * (1 + 1e-3) + 1e-6 * Math.sqrt(maxG),
        );
        let lamK = 0;
        for (let j = 0; j < K; j++) lamK += core[j * K + j] - 1;
        const gw = lamK > 0 ? (rho * K) / lamK : Number.POSITIVE_INFINITY;
        if (gw < 0.05 * Math.sqrt(maxG)) continue;
        const gap = gd(core) - gd(cc);
        expect(gap, `${tag} cagrad world ${w} objective`).toBeLessThanOrEqual(1e-3 * K * maxG);
        seen[`cagrad gap/scale K=${K}`] = Math.max(
          seen[`cagrad gap/scale K=${K}`] ?? 0,
          gap / (K * maxG),
        );
      }
    }
    console.log('GPU QP certificates, worst w_j/tol (≤ 1 required) and CAGrad gaps:', seen);
  }, 300_000); // pipeline compilation of the QP kernels takes minutes on a loaded SwiftShader
});
