/**
 * The CPU engine's blocked large-d measure and step (src/engine/blockedGram.ts) against the core
 * (gram, balance, sumRows): the same float64 quantities in another summation order, so they agree
 * to |x − x*| ≤ 1e-12·scale (scale = √(G_ii G_jj) for G, S for S, 1 for B and I, max|Σg| for Σg),
 * also at magnitudes where the unscaled Gram would overflow (1e200) or underflow (1e-200).
 */
import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { balance } from '../../src/core/metrics/balance';
import { blockedMeasure, blockedStep } from '../../src/engine/blockedGram';
import { freshSeed, randomPoints } from '../gpu/helpers';

describe('blocked measure and step', () => {
  for (const mag of [1, 1e200, 1e-200]) {
    it(`equals the core at K = 16, d = 5003 (entries ~${mag})`, () => {
      const seed = freshSeed();
      const K = 16;
      const d = 5003;
      const g = randomPoints(seed, K * d).map((x) => x * mag);
      const b = blockedMeasure(g, K, d);
      const ref = balance({ K, d, g });
      const label = `seed ${seed}`;
      expect(Math.abs(b.B - (ref.B as number)), label).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(b.I - (ref.I as number)), label).toBeLessThanOrEqual(1e-12);
      // S itself overflows at 1e200 in both (B and I do not).
      if (Number.isFinite(ref.S)) {
        expect(Math.abs(b.S - ref.S), label).toBeLessThanOrEqual(1e-12 * ref.S);
      } else expect(b.S).toBe(ref.S);
      let smax = 0;
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let i = 0; i < K; i++) s += g[i * d + k];
        smax = Math.max(smax, Math.abs(s));
      }
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let i = 0; i < K; i++) s += g[i * d + k];
        expect(Math.abs(b.sum[k] - s), label).toBeLessThanOrEqual(1e-12 * smax);
      }
      if (mag === 1) {
        const G = gram({ K, d, g });
        for (let i = 0; i < K; i++) {
          for (let j = 0; j < K; j++) {
            const sc = Math.sqrt(G[i * K + i] * G[j * K + j]);
            expect(Math.abs(b.G[i * K + j] - G[i * K + j]), label).toBeLessThanOrEqual(1e-12 * sc);
          }
        }
      }
    });
  }

  it('blocked step equals the row-by-row update', () => {
    const seed = freshSeed();
    const K = 5;
    const d = 1301;
    const g = randomPoints(seed, K * d);
    const f = randomPoints(seed + 1, K);
    f[2] = 0;
    const theta = randomPoints(seed + 2, d);
    const ref = theta.slice();
    for (let j = 0; j < K; j++) for (let k = 0; k < d; k++) ref[k] -= f[j] * g[j * d + k];
    const next = theta.slice();
    blockedStep(next, g, f, K);
    for (let k = 0; k < d; k++) expect(next[k]).toBeCloseTo(ref[k], 12);
  });
});
