/**
 * The large-d Gram and step kernel (shaders/bigStep.wgsl, quadratic groups, K ≤ 16) against the
 * float64 core at the float32 θ, on WebGPU in Node (SwiftShader); fresh seeds, outputs poisoned
 * with NaN, error scopes empty. Each entry is a float32 serial sum over the n columns of one
 * invocation, then a tree over the workgroup (log2 128 levels) and over the chunks (log2 nChunks),
 * of products of float32 gradients (each rounded twice: θ − c, then q·(θ − c)), so
 *   |G_ij − G*_ij| ≤ (n + log2(128) + log2(nChunks) + 4)·ε·‖g_i‖‖g_j‖,  ε = 2^-24 (unit roundoff),
 *   |‖Σg‖² − ·*| ≤ (n + log2(128) + log2(nChunks) + K + 4)·ε·K·S   ((Σ_i|g_ik|)² ≤ K Σ_i g_ik²),
 *   |L_i − L*_i| ≤ (n + log2(128) + log2(nChunks) + 5)·ε·L*_i     (positive terms),
 * about log2(d)·ε relative at the bench's K = 16, d = 2^20 (n = 8). One loss-flow and one B-flow
 * step: ‖θ' − θ'*‖∞ ≤ 1e-5·scale, the bound of the per-step kernels in kernels.test.ts.
 */
import './webgpuNode';
import { describe, expect, it } from 'vitest';
import { balanceGrad } from '../../src/core/flows/balanceGrad';
import { lossFlowStep } from '../../src/core/flows/lossFlow';
import { gram } from '../../src/core/gram';
import { coefficients, directionWeights } from '../../src/core/methods/index';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { MethodSpec } from '../../src/core/types';
import { methodUpload } from '../../src/gpu/methodUpload';
import { BIG_WG } from '../../src/gpu/pipelines';
import { type FlowCode, GpuWorlds } from '../../src/gpu/worlds';
import { freshSeed, maxScaledError, randomPoints, toF32 } from './helpers';
import { gpuContext, withErrorScopes } from './webgpuNode';

const EPS = 2 ** -24;

async function worldsOf(
  K: number,
  d: number,
  W: number,
  seed: number,
  spec: MethodSpec,
  flow: FlowCode,
) {
  const problem = createQuadraticGroups({ K, d, groups: Math.min(3, K), spread: 1, seed });
  const starts = randomPoints(seed ^ 0x2545f491, W * d);
  const ctx = await gpuContext();
  const worlds = new GpuWorlds(ctx, {
    problem,
    W,
    thetas: Float32Array.from(starts),
    flow,
    eta: 0.05,
    epsSwitch: 1e-2,
    method: methodUpload(spec, K),
  });
  return { problem, starts, worlds };
}

describe('large-d Gram and step kernel (bigStep.wgsl)', () => {
  for (const [K, d, W] of [
    [16, 50001, 2],
    [3, 8191, 1],
  ]) {
    it(`partial sums at θ: K=${K} d=${d} W=${W}`, async () => {
      const seed = freshSeed();
      const ctx = await gpuContext();
      const { value, errors } = await withErrorScopes(ctx.device, async () => {
        const r = await worldsOf(K, d, W, seed, { id: 'sum' }, 0);
        expect(r.worlds.gramKernel).toBe('big');
        r.worlds.poison('partials', Number.NaN);
        r.worlds.measureGram();
        const p = await r.worlds.readPartials();
        const meta = { P: r.worlds.P, n: r.worlds.chunkCols / BIG_WG, chunks: r.worlds.nChunks };
        r.worlds.destroy();
        return { ...r, p, ...meta };
      });
      expect(errors).toEqual([]);
      const { problem, starts, p, P, n, chunks } = value;
      const depth = n + Math.log2(BIG_WG) + Math.ceil(Math.log2(chunks));
      const label = `seed ${seed}, n = ${n}, ${chunks} chunks`;
      for (let w = 0; w < W; w++) {
        const theta = toF32(starts.subarray(w * d, (w + 1) * d));
        const g = problem.gradients(theta);
        const G = gram({ K, d, g });
        const L = problem.losses(theta);
        let S = 0;
        for (let i = 0; i < K; i++) S += G[i * K + i];
        let ss = 0;
        for (let k = 0; k < d; k++) {
          let s = 0;
          for (let i = 0; i < K; i++) s += g[i * d + k];
          ss += s * s;
        }
        const row = p.subarray(w * P, (w + 1) * P);
        let q = 0;
        for (let i = 0; i < K; i++) {
          for (let j = i; j < K; j++, q++) {
            const sc = Math.sqrt(G[i * K + i] * G[j * K + j]);
            const err = maxScaledError([row[q]], [G[i * K + j]], () => sc);
            expect(err, `${label} G[${i},${j}]`).toBeLessThanOrEqual((depth + 4) * EPS);
          }
        }
        const e2 = maxScaledError([row[q]], [ss], () => K * S);
        expect(e2, `${label} ‖Σg‖²`).toBeLessThanOrEqual((depth + K + 4) * EPS);
        const eL = maxScaledError(row.subarray(q + 1, q + 1 + K), L, (i) => L[i]);
        expect(eL, `${label} L`).toBeLessThanOrEqual((depth + 5) * EPS);
      }
    });
  }

  for (const [spec, flow] of [
    [{ id: 'pcgrad', seed: 5 }, 0],
    [{ id: 'sum' }, 1],
  ] as [MethodSpec, FlowCode][]) {
    it(`one ${flow === 0 ? `loss-flow (${spec.id})` : 'B-flow'} step: K=16 d=20000 W=2`, async () => {
      const seed = freshSeed();
      const [K, d, W, eta] = [16, 20000, 2, 0.05];
      const ctx = await gpuContext();
      const { value, errors } = await withErrorScopes(ctx.device, async () => {
        const r = await worldsOf(K, d, W, seed, spec, flow);
        expect(r.worlds.gramKernel).toBe('big');
        r.worlds.poison('thetaNext', Number.NaN);
        r.worlds.advance(1);
        const next = await r.worlds.readThetas();
        r.worlds.destroy();
        return { ...r, next };
      });
      expect(errors).toEqual([]);
      const { problem, starts, next } = value;
      let worst = 0;
      for (let w = 0; w < W; w++) {
        const theta = toF32(starts.subarray(w * d, (w + 1) * d));
        let scale = 0;
        for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(theta[k]));
        let ref: Float64Array;
        if (flow === 0) {
          ref = lossFlowStep(problem, theta, spec, eta);
          const g = problem.gradients(theta);
          const wts = directionWeights(coefficients(gram({ K, d, g }), K, spec), K);
          for (let j = 0; j < K; j++) {
            let gn = 0;
            for (let k = 0; k < d; k++) gn = Math.max(gn, Math.abs(g[j * d + k]));
            scale += eta * Math.abs(wts[j]) * gn;
          }
        } else {
          const gB = balanceGrad(problem, theta) as Float64Array;
          ref = theta.map((x, k) => x - eta * gB[k]);
          for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(ref[k] - theta[k]));
        }
        worst = Math.max(
          worst,
          maxScaledError(next.subarray(w * d, (w + 1) * d), ref, () => scale),
        );
      }
      expect(worst, `seed ${seed}`).toBeLessThanOrEqual(1e-5);
    });
  }
});
