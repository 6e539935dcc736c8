import { describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { buildSnapshot, frameCaption } from '../../src/scene/sceneData';
import type { WorldView } from '../../src/state/runStore';

/** A world view of gradients g (K×d) under coefficients C: g' = C g, d = Σ g'. */
function view(g: number[][], C: number[][]): WorldView {
  const K = g.length;
  const d = g[0].length;
  const flat = Float64Array.from(g.flat());
  const projected = new Float64Array(K * d);
  for (let i = 0; i < K; i++)
    for (let j = 0; j < K; j++)
      for (let c = 0; c < d; c++) projected[i * d + c] += C[i][j] * g[j][c];
  const direction = new Float64Array(d);
  for (let i = 0; i < K; i++) for (let c = 0; c < d; c++) direction[c] += projected[i * d + c];
  return {
    theta: new Float64Array(d),
    gradients: flat,
    projected,
    direction,
    G: gram({ K, d, g: flat }),
    C: Float64Array.from(C.flat()),
  };
}

describe('buildSnapshot', () => {
  it('draws the largest raw gradient at length 1 and the direction as d/K', () => {
    // g1 = (4, 0), g2 = (−3, 3): ‖g2‖ = 3√2 ≈ 4.24 is the largest; pair angle 135°.
    const v = view(
      [
        [4, 0],
        [-3, 3],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    );
    const s = buildSnapshot(v, 2, 2, 1e-9, null);
    const m = 3 * Math.SQRT2;
    expect(s.maxNorm).toBeCloseTo(m, 14);
    expect(Array.from(s.raw)).toEqual(
      [4 / m, 0, 0, -3 / m, 3 / m, 0].map((x) => expect.closeTo(x, 14)),
    );
    expect(Math.hypot(s.raw[3], s.raw[4], s.raw[5])).toBeCloseTo(1, 14);
    expect(s.direction[0]).toBeCloseTo(1 / m / 2, 14);
    expect(s.direction[1]).toBeCloseTo(3 / m / 2, 14);
    expect(s.pairs).toHaveLength(1);
    expect(s.pairs[0].angleDeg).toBeCloseTo(135, 12);
    expect(frameCaption(s)).toBe('Gradients in R², drawn directly');
  });

  it('states the principal subspace and its share for d > 3', () => {
    // Four orthogonal gradients in R⁴ with norms 4, 3, 2, 1: top three carry 29/30 of G's trace.
    const g = [
      [4, 0, 0, 0],
      [0, 3, 0, 0],
      [0, 0, 2, 0],
      [0, 0, 0, 1],
    ];
    const I = g.map((_, i) => g.map((__, j) => (i === j ? 1 : 0)));
    const s = buildSnapshot(view(g, I), 4, 4, 1e-9, null);
    expect(s.frame.share).toBeCloseTo(29 / 30, 14);
    expect(frameCaption(s)).toBe(
      '3-D principal subspace of the gradients (d = 4), 97% of variance',
    );
    // g4 lies outside the subspace: its tip collapses to the origin.
    expect(Math.hypot(s.raw[9], s.raw[10], s.raw[11])).toBeLessThan(1e-12);
    expect(Math.hypot(s.raw[0], s.raw[1], s.raw[2])).toBeCloseTo(1, 14);
  });

  it('reuses the previous frame when asked, and refreshes it otherwise', () => {
    const g = [
      [4, 0, 0, 0, 1],
      [0, 3, 0, 1, 0],
      [0, 0, 2, 0, 0],
      [1, 0, 0, 1, 0],
    ];
    const I = g.map((_, i) => g.map((__, j) => (i === j ? 1 : 0)));
    const first = buildSnapshot(view(g, I), 4, 5, 1e-9, null);
    const moved = g.map((r) => r.map((x, c) => (c === 4 ? x + 2 : x)));
    const kept = buildSnapshot(view(moved, I), 4, 5, 1e-9, first.frame, false);
    expect(kept.frame).toBe(first.frame);
    const fresh = buildSnapshot(view(moved, I), 4, 5, 1e-9, first.frame, true);
    expect(fresh.frame).not.toBe(first.frame);
    expect(fresh.frame.share).not.toBeCloseTo(first.frame.share, 6);
  });

  it('rejects a non-finite view naming the field', () => {
    const v = view(
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    );
    v.gradients[1] = Number.NaN;
    expect(() => buildSnapshot(v, 2, 2, 1e-9, null)).toThrow(/^gradients\[1\]:/);
    const w = view(
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    );
    w.projected[3] = Number.POSITIVE_INFINITY;
    expect(() => buildSnapshot(w, 2, 2, 1e-9, null)).toThrow(/^projected\[3\]:/);
  });
});
