/** Shared helpers of the GPU parity tests: fresh seeds, random points, error measures. */
import { createRng } from '../../src/core/rng';
import { type CpuEngine, createCpuEngine } from '../../src/engine/cpuEngine';
import type { WorldsConfig } from '../../src/engine/types';

/** A fresh nonzero 32-bit seed per call (printed in failure messages to reproduce). */
export function freshSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] || 1;
}

/** W·d points with entries uniform in [lo, hi], never exactly zero. */
export function randomPoints(seed: number, n: number, lo = -3, hi = 3): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let x = 0;
    while (x === 0) x = rng.uniform(lo, hi);
    out[k] = x;
  }
  return out;
}

/** Rounds every entry to float32 (the GPU's input), returned as float64. */
export function toF32(x: Float64Array): Float64Array {
  return Float64Array.from(Float32Array.from(x));
}

/** max_k |a_k − b_k| / scale_k. */
export function maxScaledError(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  scale: (k: number) => number,
): number {
  let e = 0;
  for (let k = 0; k < b.length; k++) {
    const r = Math.abs(a[k] - b[k]) / scale(k);
    if (!(r <= e)) e = Number.isNaN(r) ? Number.POSITIVE_INFINITY : Math.max(e, r);
  }
  return e;
}

/**
 * The float64 run of `cfg` with θ rounded to float32 after every step, as a GPU engine stores it:
 * where it parts from the plain float64 run, the flow amplifies that rounding (a tiny gradient
 * projected on, a log singularity crossed), and no float32 engine can follow the float64 one.
 */
export function float32Shadow(cfg: WorldsConfig) {
  let engine: CpuEngine = createCpuEngine(cfg);
  return {
    async advance(n: number): Promise<void> {
      for (let k = 0; k < n; k++) {
        await engine.advance(1);
        const st = engine.lastState();
        engine.dispose();
        engine = createCpuEngine(cfg, { ...st, thetas: st.thetas.map(Math.fround) });
      }
    },
    thetas: () => engine.thetas(),
    summaries: () => engine.summaries(),
    dispose: () => engine.dispose(),
  };
}

/**
 * True when the min-norm weights w of MGDA (C = diag(K·w), the core's coefficients at Gram G) sit
 * next to a change of their active set, closer than the GPU's float32 solver can tell apart: the
 * GPU solves the NNLS on Q = s·G + 11ᵀ, b = 1 (qp.wgsl, s = the power of two putting max G_jj in
 * [1, 2)), whose optimum is v = c·w with c = 1 / (1 + s·wᵀGw), and takes an inactive objective j
 * in when its multiplier c·s·(wᵀGw − (Gw)_j) exceeds tol = 64·K·ε₃₂·(1 + max Q_jj·(1 + c)). An
 * inactive multiplier within `factor`·tol of 0 may go either way in float32, and the two runs then
 * take different directions from there on: no float32 engine can follow the float64 one.
 */
export function mgdaNearFace(G: ArrayLike<number>, C: ArrayLike<number>, K: number, factor = 4) {
  const w = Array.from({ length: K }, (_, i) => C[i * K + i] / K);
  let m = 0;
  for (let i = 0; i < K; i++) m = Math.max(m, G[i * K + i]);
  const s = m > 0 ? 2 ** -Math.floor(Math.log2(m)) : 1;
  const Gw = w.map((_, j) => w.reduce((acc, wi, i) => acc + G[j * K + i] * wi, 0));
  const wGw = w.reduce((acc, wi, i) => acc + wi * Gw[i], 0);
  const c = 1 / (1 + s * wGw);
  let qmax = 0;
  for (let i = 0; i < K; i++) qmax = Math.max(qmax, s * G[i * K + i] + 1);
  const tol = 64 * K * 1.1920929e-7 * (1 + qmax * (1 + c));
  return w.some((wj, j) => wj === 0 && Math.abs(c * s * (wGw - Gw[j])) <= factor * tol);
}
