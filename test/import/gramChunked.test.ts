/**
 * gramChunked against the float64 core Gram on random data: fresh seeds, several chunks with a
 * ragged last one; the partial sums are poisoned with NaN before the kernel runs (a missed write
 * rejects), and the run is inside validation, internal and out-of-memory error scopes.
 */
import '../gpu/webgpuNode';
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { ldexp } from '../../src/core/metrics/rowScaled';
import { sumRows } from '../../src/core/vec';
import {
  COLS_PER_GROUP,
  chunkColumns,
  Float32RangeError,
  gramChunkedCpu,
  gramChunkedGpu,
} from '../../src/gpu/gramChunked';
import { freshSeed, randomPoints, toF32 } from '../gpu/helpers';
import { gpuContext, withErrorScopes } from '../gpu/webgpuNode';

/** ‖Σ_i g_i‖² in float64. */
function sumSq(g: Float64Array, K: number, d: number): number {
  const s = sumRows(g, K, d);
  let v = 0;
  for (const x of s) v += x * x;
  return v;
}

/** G and ‖Σg‖² of a result in the original units (they come on the scale 2^(2E)). */
function unscaled(r: { G: Float64Array; sumSq: number; E: number }) {
  return { G: r.G.map((x) => ldexp(x, -2 * r.E)), sumSq: ldexp(r.sumSq, -2 * r.E) };
}

/** Relative error of every entry against √(G_ii G_jj) (the natural scale of G_ij). */
function gramError(G: Float64Array, ref: Float64Array, K: number): number {
  let e = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const scale = Math.sqrt(ref[i * K + i] * ref[j * K + j]);
      const r = Math.abs(G[i * K + j] - ref[i * K + j]) / scale;
      e = Number.isNaN(r) ? Number.POSITIVE_INFINITY : Math.max(e, r);
    }
  }
  return e;
}

describe('gramChunkedGpu', { timeout: 120_000 }, () => {
  for (const [K, chunkCols, d] of [
    [2, COLS_PER_GROUP, 3 * COLS_PER_GROUP + 17],
    [5, 2 * COLS_PER_GROUP, 5 * COLS_PER_GROUP + 1000],
    [16, COLS_PER_GROUP, 4 * COLS_PER_GROUP + 1],
    [32, 3 * COLS_PER_GROUP, 7 * COLS_PER_GROUP - 5],
  ] as const) {
    it(`K = ${K}, d = ${d} in chunks of ${chunkCols} (ragged last chunk)`, async () => {
      const seed = freshSeed();
      const g64 = toF32(randomPoints(seed, K * d));
      const g = Float32Array.from(g64);
      const ctx = await gpuContext();
      // The partial sums start as NaN (poisoned by gramChunkedGpu): a missed write rejects.
      const fractions: number[] = [];
      const { value: r, errors } = await withErrorScopes(ctx.device, () =>
        gramChunkedGpu(
          ctx.device,
          { K, d, g },
          { chunkCols, onProgress: (f) => fractions.push(f) },
        ),
      );
      expect(errors, `seed ${seed}`).toEqual([]);
      expect(r.chunks).toBe(Math.ceil(d / chunkCols));
      expect(fractions.length).toBe(r.chunks);
      expect(fractions.at(-1)).toBe(1);
      const ref = gram({ K, d, g: g64 });
      // float32 sums over at most COLS_PER_GROUP columns: error ≲ 1024·ε₃₂·‖g_i‖‖g_j‖.
      const u = unscaled(r);
      expect(gramError(u.G, ref, K), `seed ${seed}`).toBeLessThan(1e-4);
      const ss = sumSq(g64, K, d);
      expect(Math.abs(u.sumSq - ss) / ss, `seed ${seed}`).toBeLessThan(1e-4);
    });
  }

  it('takes float64 input (packed to float32 per chunk)', async () => {
    const seed = freshSeed();
    const K = 3;
    const d = 2 * COLS_PER_GROUP + 3;
    const g = randomPoints(seed, K * d);
    const ctx = await gpuContext();
    const r = await gramChunkedGpu(ctx.device, { K, d, g }, { chunkCols: COLS_PER_GROUP });
    expect(gramError(unscaled(r).G, gram({ K, d, g }), K), `seed ${seed}`).toBeLessThan(1e-4);
  });

  it('float32 data near 1e-20 and 1e30: rows rescaled before float32, G in original units', async () => {
    // Before rescaling, 1e-20² underflowed float32 (S = 0, "B undefined") and 1e30² overflowed.
    const seed = freshSeed();
    const K = 3;
    const d = 2 * COLS_PER_GROUP + 7;
    const base = toF32(randomPoints(seed, K * d));
    const ctx = await gpuContext();
    for (const s of [1e-20, 1e30]) {
      const g = Float32Array.from(base, (x) => x * s);
      const g64 = Float64Array.from(g);
      const r = await gramChunkedGpu(ctx.device, { K, d, g }, { chunkCols: COLS_PER_GROUP });
      const u = unscaled(r);
      expect(gramError(u.G, gram({ K, d, g: g64 }), K), `seed ${seed}, ×${s}`).toBeLessThan(1e-4);
      const ss = sumSq(g64, K, d);
      expect(Math.abs(u.sumSq - ss) / ss, `seed ${seed}, ×${s}`).toBeLessThan(1e-12);
      // The row-scaled Gram matrix gives the cosines directly.
      const c = r.rowGram.G;
      const ref = gram({ K, d, g: g64 });
      const cos01 = c[1] / Math.sqrt(c[0] * c[K + 1]);
      expect(cos01).toBeCloseTo(ref[1] / Math.sqrt(ref[0] * ref[K + 1]), 4);
    }
  });

  it('a row spanning more than float32 holds is refused (the caller then uses the CPU)', async () => {
    const ctx = await gpuContext();
    const K = 2;
    const d = 4;
    const g = Float64Array.from([1, 1e-45, 0, 0.5, -1, 1, 0, 0]);
    await expect(gramChunkedGpu(ctx.device, { K, d, g })).rejects.toBeInstanceOf(Float32RangeError);
  });

  it('a lost device rejects (the app then computes on the CPU) instead of hanging', async () => {
    const ctx = await gpuContext(true);
    ctx.device.destroy();
    const K = 2;
    const d = 2 * COLS_PER_GROUP;
    await expect(
      gramChunkedGpu(ctx.device, { K, d, g: new Float32Array(K * d).fill(1) }),
    ).rejects.toThrow(/GPU Gram failed/);
  });

  it('rejects K beyond the kernel and malformed sets', async () => {
    const ctx = await gpuContext();
    await expect(
      gramChunkedGpu(ctx.device, { K: 33, d: 1, g: new Float32Array(33) }),
    ).rejects.toThrow(/K/);
    await expect(
      gramChunkedGpu(ctx.device, { K: 2, d: 3, g: new Float32Array(5) }),
    ).rejects.toThrow(/gradients/);
  });
});

describe('gramChunkedCpu', () => {
  it('equals the core Gram in float64 over ragged chunks', async () => {
    const seed = freshSeed();
    const K = 7;
    const d = 1003;
    const g = randomPoints(seed, K * d);
    const r = await gramChunkedCpu({ K, d, g }, { chunkCols: 100 });
    expect(r.chunks).toBe(11);
    const u = unscaled(r);
    expect(gramError(u.G, gram({ K, d, g }), K), `seed ${seed}`).toBeLessThan(1e-13);
    const ss = sumSq(g, K, d);
    expect(Math.abs(u.sumSq - ss) / ss).toBeLessThan(1e-13);
  });

  it('float64 data of 1e-300 and 1e300 keeps every digit (no underflow, no Infinity)', async () => {
    const seed = freshSeed();
    const K = 4;
    const d = 257;
    const base = randomPoints(seed, K * d);
    const ref = await gramChunkedCpu({ K, d, g: base }, { chunkCols: 100 });
    for (const k of [-997, 997]) {
      const g = base.map((x) => ldexp(x, k));
      const r = await gramChunkedCpu({ K, d, g }, { chunkCols: 100 });
      expect(Array.from(r.G)).toEqual(Array.from(ref.G));
      expect(r.sumSq).toBe(ref.sumSq);
      expect(r.E).toBe(ref.E - k);
    }
  });

  it('chunkColumns respects the byte limit and covers d', () => {
    expect(chunkColumns(16, 10_000_000, 64 * 2 ** 20)).toBe(1_048_576);
    expect(4 * 16 * chunkColumns(16, 10_000_000, 1e6)).toBeLessThanOrEqual(1e6);
    expect(chunkColumns(4, 10, 2 ** 26)).toBe(COLS_PER_GROUP);
  });
});
