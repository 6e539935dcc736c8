/**
 * Every kernel against the float64 core on random inputs (fresh seeds), on WebGPU in Node.
 * Outputs are poisoned (NaN or 1e30) before each run; validation, internal and out-of-memory
 * error scopes must stay empty. The GPU sees θ rounded to float32, and the reference is computed
 * at that same rounded θ, so the bounds measure the kernels' own float32 arithmetic:
 *   Gram kernel: |G_ij − G*_ij| ≤ 3e-5·‖g_i‖‖g_j‖, |‖Σg‖² − ·*| ≤ 3e-5·S, |L_i − L*_i| ≤ 3e-5·L*_i
 *   (1e-4 for d = 2^20, where the blocked float32 sums are about 110 additions deep; measured
 *   errors are typically 1e-6 to 2e-5);
 *   direction weights: |w_j − w*_j| ≤ 1e-4·(1 + max|w*|) (the conflict tests see float32 G);
 *   one loss-flow step: ‖θ' − θ'*‖∞ ≤ 1e-5·(‖θ‖∞ + η·Σ_j|w*_j|·‖g_j‖∞) (d = Σ_j w_j g_j may
 *   cancel); one B-flow step: ‖θ' − θ'*‖∞ ≤ 1e-5·(‖θ‖∞ + η‖∇B*‖∞).
 */
import './webgpuNode';
import { describe, expect, it } from 'vitest';
import { balanceGrad } from '../../src/core/flows/balanceGrad';
import { lossFlowStep } from '../../src/core/flows/lossFlow';
import { gram } from '../../src/core/gram';
import { coefficients, directionWeights } from '../../src/core/methods/index';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createConvexPair } from '../../src/core/problems/convexPair';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { Problem } from '../../src/core/problems/types';
import type { MethodSpec } from '../../src/core/types';
import { worldSpec } from '../../src/engine/config';
import { methodUpload } from '../../src/gpu/methodUpload';
import { type FlowCode, GpuWorlds } from '../../src/gpu/worlds';
import { freshSeed, maxScaledError, randomPoints, toF32 } from './helpers';
import { gpuContext, withErrorScopes } from './webgpuNode';

interface Case {
  K: number;
  d: number;
  W: number;
}

const GRAM_CASES: Case[] = [
  { K: 2, d: 2, W: 1000 },
  { K: 32, d: 3, W: 1000 },
  { K: 2, d: 1000, W: 1 },
  { K: 32, d: 1200, W: 2 },
  // More workgroups than one dispatch row holds (2-D dispatch), and d = 2^20 split into chunks.
  { K: 2, d: 2, W: 40000 },
  { K: 2, d: 1 << 20, W: 1 },
];

function quadratic(K: number, d: number, seed: number): Problem {
  return createQuadraticGroups({ K, d, groups: Math.min(3, K), spread: 1, seed });
}

async function makeWorlds(
  problem: Problem,
  starts: Float64Array,
  spec: MethodSpec,
  flow: FlowCode,
  eta: number,
  alpha?: Float64Array,
  A?: Float64Array,
): Promise<GpuWorlds> {
  const ctx = await gpuContext();
  return new GpuWorlds(ctx, {
    problem,
    W: starts.length / problem.d,
    thetas: Float32Array.from(starts),
    flow,
    eta,
    epsSwitch: 1e-2,
    method: methodUpload(spec, problem.K, alpha, A),
  });
}

/** Checks the Gram partial sums of every world against the core at the float32 θ. */
async function checkGram(
  problem: Problem,
  starts: Float64Array,
  label: string,
  lossFloor = 0,
): Promise<number> {
  const { K, d } = problem;
  const W = starts.length / d;
  const ctx = await gpuContext();
  const { value: parts, errors } = await withErrorScopes(ctx.device, async () => {
    const worlds = await makeWorlds(problem, starts, { id: 'sum' }, 0, 0.01);
    worlds.poison('partials', Number.NaN);
    worlds.measureGram();
    const p = await worlds.readPartials();
    worlds.destroy();
    return { p, P: worlds.P };
  });
  expect(errors, label).toEqual([]);
  let worst = 0;
  for (let w = 0; w < W; w++) {
    const theta = toF32(starts.subarray(w * d, (w + 1) * d));
    const g = problem.gradients(theta);
    const G = gram({ K, d, g });
    const L = problem.losses(theta);
    const s = new Float64Array(d);
    for (let i = 0; i < K; i++) for (let k = 0; k < d; k++) s[k] += g[i * d + k];
    let ss = 0;
    let S = 0;
    for (let k = 0; k < d; k++) ss += s[k] * s[k];
    for (let i = 0; i < K; i++) S += G[i * K + i];
    const row = parts.p.subarray(w * parts.P, (w + 1) * parts.P);
    let p = 0;
    for (let i = 0; i < K; i++) {
      for (let j = i; j < K; j++, p++) {
        const scale = Math.sqrt(G[i * K + i] * G[j * K + j]) + 1e-30;
        worst = Math.max(
          worst,
          maxScaledError([row[p]], [G[i * K + j]], () => scale),
        );
      }
    }
    worst = Math.max(
      worst,
      maxScaledError([row[p]], [ss], () => S + 1e-30),
    );
    worst = Math.max(
      worst,
      maxScaledError(
        row.subarray(p + 1, p + 1 + K),
        L,
        (i) => Math.max(Math.abs(L[i]), lossFloor) + 1e-30,
      ),
    );
  }
  // Float32 sums of d terms run in blocks (64 per tile, tiles per chunk, then chunks), up to
  // about 110 additions deep for d = 2^20; ‖Σg‖² also carries the rounding of Σ_i g_ik (K terms).
  expect(worst, `${label}: relative error`).toBeLessThanOrEqual(d > 65536 ? 1e-4 : 3e-5);
  return worst;
}

describe('Gram kernel (G, ‖Σg‖², losses per world)', () => {
  for (const c of GRAM_CASES) {
    it(`quadratic groups K=${c.K} d=${c.d} W=${c.W}`, async () => {
      const seed = freshSeed();
      const problem = quadratic(c.K, c.d, seed);
      // Losses are compared with an absolute floor of 1: the GPU holds the centres c_i in float32,
      // so a world whose θ falls next to some c_i has a tiny L_i known only to about 1e-7
      // absolute (among 40000 random worlds that happens).
      await checkGram(problem, randomPoints(seed ^ 0x5bd1e995, c.W * c.d), `seed ${seed}`, 1);
    });
  }
  it('CAGrad toy and convex pair, W=1000 random points', async () => {
    const seed = freshSeed();
    const pts = toyPoints(seed, 1000);
    await checkGram(createCagradToy(), pts, `cagrad seed ${seed}`, 1);
    await checkGram(createConvexPair(), pts, `convex seed ${seed}`);
  });
});

/**
 * n random points of [−9.5, 9.5]² away from the CAGrad toy's kinks and poles: |x2| ≥ 0.5 (the
 * gate line) and |a1|, |a2| ≥ 0.5 (g ∝ 1/a: float32 rounding of a, about 1e-6, is amplified by
 * 1/|a| there). Loss values near 0 are compared with an absolute floor of 1 for the same reason.
 */
function toyPoints(seed: number, n: number): Float64Array {
  const raw = randomPoints(seed, 8 * n, -9.5, 9.5);
  const out = new Float64Array(2 * n);
  let m = 0;
  for (let r = 0; r < 4 * n && m < n; r++) {
    const x1 = raw[2 * r];
    const x2 = raw[2 * r + 1];
    const a1 = -x1 / 2 - 3.5 + Math.tanh(x2);
    const a2 = -x1 / 2 + 3.5 - Math.tanh(x2);
    if (Math.abs(x2) < 0.5 || Math.abs(a1) < 0.5 || Math.abs(a2) < 0.5) continue;
    out[2 * m] = x1;
    out[2 * m + 1] = x2;
    m++;
  }
  expect(m).toBe(n);
  return out;
}

const METHODS: { spec: MethodSpec; perWorld?: 'alpha' | 'A' }[] = [
  { spec: { id: 'sum' } },
  { spec: { id: 'pcgrad', seed: 7 } },
  { spec: { id: 'pcgrad', seed: 7, shuffle: 'once' } },
  { spec: { id: 'pcgrad', order: 'fixed' } },
  { spec: { id: 'cosine', alpha: 0.8 } },
  { spec: { id: 'cosine', mode: 'sequential', seed: 3 }, perWorld: 'alpha' },
  { spec: { id: 'interaction' }, perWorld: 'A' },
  { spec: { id: 'interaction', gating: 'all' }, perWorld: 'A' },
];

describe('method coefficients → direction weights per world', () => {
  for (const K of [2, 32]) {
    it(`every closed-form method, K=${K}, W=${K === 2 ? 1000 : 300}, d=3`, async () => {
      const seed = freshSeed();
      const W = K === 2 ? 1000 : 300;
      const d = 3;
      const problem = quadratic(K, d, seed);
      const starts = randomPoints(seed ^ 0x2545f491, W * d);
      const ctx = await gpuContext();
      for (const m of METHODS) {
        const alpha = m.perWorld === 'alpha' ? randomPoints(seed + 1, W, 0, 1) : undefined;
        const A = m.perWorld === 'A' ? randomPoints(seed + 2, W * K * K, 0, 1) : undefined;
        const { value: wts, errors } = await withErrorScopes(ctx.device, async () => {
          const worlds = await makeWorlds(problem, starts, m.spec, 0, 0.01, alpha, A);
          worlds.poison('weights', 1e30);
          worlds.updateOnly();
          const out = await worlds.readWeights();
          worlds.destroy();
          return out;
        });
        const label = `${JSON.stringify(m.spec)} seed ${seed}`;
        expect(errors, label).toEqual([]);
        // Reference with the float32-rounded per-world parameters the GPU holds.
        const a32 = alpha ? toF32(alpha) : undefined;
        const A32 = A ? toF32(A) : undefined;
        let worst = 0;
        for (let w = 0; w < W; w++) {
          const theta = toF32(starts.subarray(w * d, (w + 1) * d));
          const G = gram({ K, d, g: problem.gradients(theta) });
          // Step 0 (the per-step random order depends on the seed and the step).
          const at = { ...worldSpec(m.spec, a32, A32, K, w), step: 0 };
          const ref = directionWeights(coefficients(G, K, at), K);
          let scale = 1;
          for (let j = 0; j < K; j++) scale = Math.max(scale, 1 + Math.abs(ref[j]));
          const got = wts.subarray(w * K, (w + 1) * K);
          worst = Math.max(
            worst,
            maxScaledError(got, ref, () => scale),
          );
        }
        // float32 bound: the sequential methods make K − 1 dependent updates per row, each
        // through K-term Gram-form dot products, so rounding grows like K²·ε₃₂ (ε₃₂ = 2⁻²⁴);
        // measured worst cases reach 1.0e-4 at K = 32.
        expect(worst, label).toBeLessThanOrEqual(Math.max(1e-4, 4 * K * K * 2 ** -24));
      }
    });
  }
});

describe('PCGrad per-step permutation on the GPU', () => {
  it('at step t the shader draws the same order as the core for every world (K=8, W=64)', async () => {
    const seed = freshSeed();
    const K = 8;
    const W = 64;
    const d = 3;
    const problem = quadratic(K, d, seed);
    const starts = randomPoints(seed ^ 0x51ed270b, W * d);
    const ctx = await gpuContext();
    const spec: MethodSpec = { id: 'pcgrad', seed: seed ^ 0x9e3779b9 };
    const t = 12345 + (seed % 1000);
    const state = new Uint32Array(4 * W);
    for (let w = 0; w < W; w++) {
      state[4 * w + 2] = 0xffffffff;
      state[4 * w + 3] = t;
    }
    const { value: wts, errors } = await withErrorScopes(ctx.device, async () => {
      const worlds = new GpuWorlds(ctx, {
        problem,
        W,
        thetas: Float32Array.from(starts),
        flow: 0,
        eta: 0.01,
        epsSwitch: 1e-2,
        method: methodUpload(spec, K),
        state,
      });
      worlds.poison('weights', 1e30);
      worlds.updateOnly();
      const out = await worlds.readWeights();
      worlds.destroy();
      return out;
    });
    expect(errors).toEqual([]);
    let worst = 0;
    let differs = 0;
    for (let w = 0; w < W; w++) {
      const theta = toF32(starts.subarray(w * d, (w + 1) * d));
      const G = gram({ K, d, g: problem.gradients(theta) });
      const ref = directionWeights(coefficients(G, K, { ...spec, step: t }), K);
      const at0 = directionWeights(coefficients(G, K, { ...spec, step: 0 }), K);
      let scale = 1;
      for (let j = 0; j < K; j++) scale = Math.max(scale, 1 + Math.abs(ref[j]));
      const got = wts.subarray(w * K, (w + 1) * K);
      worst = Math.max(
        worst,
        maxScaledError(got, ref, () => scale),
      );
      if (maxScaledError(at0, ref, () => scale) > 1e-3) differs++;
    }
    expect(worst, `seed ${seed}`).toBeLessThanOrEqual(Math.max(1e-4, 4 * K * K * 2 ** -24));
    // The step matters: most worlds with conflicts project in a different order at step t.
    expect(differs, `seed ${seed}`).toBeGreaterThan(0);
  });
});

/** One step of `flow` on the GPU against the core, with the scales of the file comment. */
async function checkStep(
  problem: Problem,
  starts: Float64Array,
  spec: MethodSpec,
  flow: FlowCode,
  eta: number,
  label: string,
): Promise<void> {
  const { d } = problem;
  const W = starts.length / d;
  const ctx = await gpuContext();
  const { value: next, errors } = await withErrorScopes(ctx.device, async () => {
    const worlds = await makeWorlds(problem, starts, spec, flow, eta);
    worlds.poison('thetaNext', Number.NaN);
    worlds.advance(1);
    const out = await worlds.readThetas();
    worlds.destroy();
    return out;
  });
  expect(errors, label).toEqual([]);
  let worst = 0;
  for (let w = 0; w < W; w++) {
    const theta = toF32(starts.subarray(w * d, (w + 1) * d));
    let ref: Float64Array;
    let scale = 0;
    for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(theta[k]));
    if (flow === 0) {
      ref = lossFlowStep(problem, theta, spec, eta);
      // The direction Σ_j w_j g_j may cancel: scale by η·Σ_j |w_j|·‖g_j‖∞.
      const g = problem.gradients(theta);
      const K = problem.K;
      const wts = directionWeights(coefficients(gram({ K, d, g }), K, spec), K);
      let mag = 0;
      for (let j = 0; j < K; j++) {
        let gn = 0;
        for (let k = 0; k < d; k++) gn = Math.max(gn, Math.abs(g[j * d + k]));
        mag += Math.abs(wts[j]) * gn;
      }
      scale += eta * mag;
    } else {
      const gB = balanceGrad(problem, theta);
      expect(gB, label).not.toBeNull();
      ref = theta.map((x, k) => x - eta * (gB as Float64Array)[k]);
      for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(ref[k] - theta[k]));
    }
    worst = Math.max(
      worst,
      maxScaledError(next.subarray(w * d, (w + 1) * d), ref, () => scale),
    );
  }
  expect(worst, `${label}: relative error`).toBeLessThanOrEqual(1e-5);
}

describe('loss-flow and B-flow step kernels', () => {
  it('quadratic groups: K=2 d=1000 W=1, K=32 d=3 W=1000, K=8 d=3000 W=2 (chunked)', async () => {
    const seed = freshSeed();
    for (const [K, d, W] of [
      [2, 1000, 1],
      [32, 3, 1000],
      [8, 3000, 2],
    ]) {
      const problem = quadratic(K, d, seed);
      const starts = randomPoints(seed ^ 0x68e31da4, W * d);
      const label = `K=${K} d=${d} W=${W} seed ${seed}`;
      await checkStep(problem, starts, { id: 'pcgrad', seed: 5 }, 0, 0.05, `loss ${label}`);
      await checkStep(problem, starts, { id: 'sum' }, 1, 0.05, `bflow ${label}`);
    }
  });
  it('CAGrad toy and convex pair: loss-flow (cosine) and B-flow, W=1000', async () => {
    const seed = freshSeed();
    const pts = toyPoints(seed, 1000);
    for (const problem of [createCagradToy(), createConvexPair()]) {
      const label = `${problem.id} seed ${seed}`;
      await checkStep(problem, pts, { id: 'cosine', alpha: 0.9 }, 0, 0.01, `loss ${label}`);
      await checkStep(problem, pts, { id: 'sum' }, 1, 0.01, `bflow ${label}`);
    }
  });
});
