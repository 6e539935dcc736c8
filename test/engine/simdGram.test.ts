/**
 * The WebAssembly SIMD measure (src/engine/simdGram.ts) and its worker-thread split
 * (src/cli/simdGramThreads.ts, bit-identical to one thread) against the core (gram, balance) and the blocked JavaScript pass:
 * float64 sums in another order, so |x − x*| ≤ 1e-12·scale (scale = √(G_ii G_jj) for G, S for S,
 * 1 for B and I, max|Σg| for Σg), also at 1e200 and 1e-200 where an unscaled Gram over- or
 * underflows; K not a multiple of 4 (padded row blocks), odd d and d below one pair of columns.
 * Output memory is poisoned with NaN before each run so that a missed write cannot pass.
 */
import { describe, expect, it } from 'vitest';
import { SimdGramThreads } from '../../src/cli/simdGramThreads';
import { gram } from '../../src/core/gram';
import { balance } from '../../src/core/metrics/balance';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { BlockedMeasure } from '../../src/engine/blockedGram';
import { BLOCKED_MIN_D, blockedMeasure } from '../../src/engine/blockedGram';
import { PART_COLS, SimdGram, simdGramAvailable } from '../../src/engine/simdGram';
import { measure } from '../../src/engine/worldStep';
import { freshSeed, randomPoints } from '../gpu/helpers';

function expectMatches(b: BlockedMeasure, g: Float64Array, K: number, d: number, label: string) {
  const ref = balance({ K, d, g });
  expect(Math.abs(b.B - (ref.B as number)), label).toBeLessThanOrEqual(1e-12);
  expect(Math.abs(b.I - (ref.I as number)), label).toBeLessThanOrEqual(1e-12);
  if (Number.isFinite(ref.S)) {
    expect(Math.abs(b.S - ref.S), label).toBeLessThanOrEqual(1e-12 * ref.S);
  } else expect(b.S).toBe(ref.S);
  const bl = blockedMeasure(g, K, d);
  let smax = 0;
  for (let k = 0; k < d; k++) smax = Math.max(smax, Math.abs(bl.sum[k]));
  for (let k = 0; k < d; k++) {
    expect(Math.abs(b.sum[k] - bl.sum[k]), `${label} Σg[${k}]`).toBeLessThanOrEqual(1e-12 * smax);
  }
  const G = Number.isFinite(ref.S) ? gram({ K, d, g }) : bl.G;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const sc = Math.sqrt(G[i * K + i] * G[j * K + j]);
      const err = Math.abs(b.G[i * K + j] - G[i * K + j]);
      if (Number.isFinite(sc)) expect(err, `${label} G[${i},${j}]`).toBeLessThanOrEqual(1e-12 * sc);
      else expect(b.G[i * K + j]).toBe(G[i * K + j]);
    }
  }
}

/** Rows with NaN everywhere in the kernel's memory beyond them (tiles, Gram, Σg). */
function poisoned(sg: { rowsView(): Float64Array }, g: Float64Array): void {
  const v = sg.rowsView();
  new Float64Array(v.buffer).fill(Number.NaN);
  v.set(g);
}

describe('WebAssembly SIMD measure', () => {
  it('compiles here', () => expect(simdGramAvailable()).toBe(true));

  for (const [K, d, mag] of [
    [16, 5003, 1],
    [16, 5003, 1e200],
    [16, 5003, 1e-200],
    [5, 1301, 1],
    [1, 3, 1],
    [3, 1, 1],
    [9, 260, 1],
  ]) {
    it(`equals the core at K = ${K}, d = ${d} (entries ~${mag})`, () => {
      const seed = freshSeed();
      const g = randomPoints(seed, K * d).map((x) => x * mag);
      const sg = new SimdGram(K, d);
      poisoned(sg, g);
      expectMatches(sg.measure(), g, K, d, `seed ${seed}`);
      // Twice on one instance: the parts are cleared between runs.
      expectMatches(sg.measure(g), g, K, d, `seed ${seed}, second run`);
    });
  }

  it('a non-finite entry gives σ = 1 and non-finite sums, as the blocked pass', () => {
    const K = 4;
    const d = 100;
    const g = randomPoints(freshSeed(), K * d);
    g[57] = Number.POSITIVE_INFINITY;
    const b = new SimdGram(K, d).measure(g);
    const ref = blockedMeasure(g, K, d);
    expect(b.S).toBe(ref.S);
    expect(Number.isFinite(b.S)).toBe(false);
  });

  it("the CPU engine's measure at d ≥ BLOCKED_MIN_D equals the core (K = 6, d = 6001)", () => {
    const seed = freshSeed();
    const problem = createQuadraticGroups({ K: 6, d: 6001, seed });
    expect(problem.d).toBeGreaterThanOrEqual(BLOCKED_MIN_D);
    const theta = randomPoints(seed ^ 0x9e3779b9, problem.d);
    const m = measure(problem, theta);
    const g = problem.gradients(theta);
    expectMatches(
      { G: m.G, S: m.S, B: m.B, I: m.I, sum: (m.balance as { sum: Float64Array }).sum },
      g,
      6,
      problem.d,
      `seed ${seed}`,
    );
  });

  // Several parts (PART_COLS columns each) and a tail of d mod 4 columns; entries near 1e±300
  // take the second pass (σ ≠ 1).
  for (const [K, threads, mag] of [
    [7, 2, 1],
    [16, 3, 1e300],
    [5, 2, 1e-300],
  ]) {
    const d = 3 * PART_COLS + 6;
    it(`on ${threads} worker threads is bit-identical to one thread (K = ${K}, d = ${d}, ~${mag})`, async () => {
      const seed = freshSeed();
      const g = randomPoints(seed, K * d).map((x) => x * mag);
      const one = new SimdGram(K, d);
      poisoned(one, g);
      const ref = one.measure();
      const th = new SimdGramThreads(K, d, threads);
      try {
        poisoned(th, g);
        const got = await th.measure();
        expect(th.threadsUsed).toBe(threads);
        expectSameBits(got, ref, `seed ${seed}`);
        if (mag === 1) expectMatches(got, g, K, d, `seed ${seed}`);
        // A second set on the same threads: the parts are cleared between passes.
        const g2 = randomPoints(seed ^ 0x5bd1e995, K * d).map((x) => x * mag);
        expectSameBits(await th.measure(g2), one.measure(g2), `seed ${seed}, second set`);
      } finally {
        await th.destroy();
      }
    });
  }
});

/** Every float64 of a and b has the same bits (NaN payloads included). */
function expectSameBits(a: BlockedMeasure, b: BlockedMeasure, label: string): void {
  const bits = (x: number[] | Float64Array) =>
    Array.from(new BigUint64Array(Float64Array.from(x).buffer));
  expect(bits([a.S, a.B, a.I]), `${label} S, B, I`).toEqual(bits([b.S, b.B, b.I]));
  expect(bits(a.G), `${label} G`).toEqual(bits(b.G));
  expect(bits(a.sum), `${label} Σg`).toEqual(bits(b.sum));
}
