/**
 * `lab project` on the CPU on the near-degenerate sets that broke the QP methods: the command
 * solves them on the QR factor of the gradients, as project() does (a Gram matrix alone is
 * resolved to ε/s² only, simplex.ts), and returns the exact answers (rational arithmetic,
 * exactQP.ts) to the factor's accuracy.
 */
import { describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import type { MethodId } from '../../src/core/types';
import { cagradExact, combine, dualprojExact, upgradExact } from '../core-methods/exactQP';
import { dotv, gs } from '../core-methods/support';
import { labIn } from './inProcess';

const EPS = 2 ** -52;
const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const dist = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  norm(Array.from(a, (v, k) => v - b[k]));

async function cliDirection(rows: number[][], method: MethodId): Promise<number[]> {
  const r = await labIn(
    ['project', '--input', '-', '--json'],
    JSON.stringify({ gradients: rows, method }),
  );
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.backend).toBe('cpu');
  return out.direction;
}

/** The UPGrad set: 1 + cos(g_1, g_2) ≈ 5e-15. */
const UPGRAD = [
  [1, 0, 0],
  [-1, 1e-7, 0],
  [-0.1, -1, 1],
];
/** Nearly antiparallel g_1, g_2 (1 + cos ≈ 1e-12): CAGrad's exact maximiser conflicts with nothing. */
const CAGRAD = [
  [0.768, 2.768, -0.424],
  [-0.7679991637071543, -2.767999709009214, 0.4239975620351836],
  [3.704, 0.296, 1.56],
];
/** 1 + cos(g_1, g_2) ≈ 1e-15 beside a third gradient. */
const WEDGE = [
  [-1.32, -0.85, -0.96],
  [1.3199999390000001, 0.850000052, 0.960000077],
  [0.59, -0.24, -0.56],
];

describe('lab project on hard inputs (CPU, QR factor)', () => {
  it("upgrad on the issue's set: d = (5e-15, 1e-7, 1 + 1e-7) to 1e-9 of ‖d‖", async () => {
    // Through G alone the command returned d = (−3.7e-10, 8.0e-4, 1.0000001).
    const exact = combine(UPGRAD, upgradExact(UPGRAD).w);
    const d = await cliDirection(UPGRAD, 'upgrad');
    expect(dist(d, exact) / norm(exact)).toBeLessThan(1e-9);
    expect(Math.abs(d[1] - 1e-7)).toBeLessThan(1e-12);
  });

  it('cagrad on the 3×3 set: the exact maximiser to 1e-9, min_i g_i·d > 0, inside the ball', async () => {
    // Through G alone: min_i g_i·d = −3.1e-4 and 2.1e-4 of the radius outside the ball.
    const ex = cagradExact(CAGRAD, 0.5);
    const d = await cliDirection(CAGRAD, 'cagrad');
    expect(dist(d, ex.d) / norm(ex.d)).toBeLessThan(1e-9);
    expect(Math.min(...CAGRAD.map((g) => dotv(g, d)))).toBeGreaterThan(0);
    const g0 = CAGRAD[0].map((_, k) => CAGRAD.reduce((s, r) => s + r[k], 0) / 3);
    const off = dist(
      d.map((v) => v / 3),
      g0,
    );
    expect(off).toBeLessThanOrEqual(0.5 * norm(g0) * (1 + 1e-9));
  });

  it.each(['upgrad', 'dualproj'] as const)(
    '%s on a wedge of 1e-15: the exact answer, no conflict beyond rounding',
    async (method) => {
      // Through G alone the command's upgrad conflicted with g_3 at cos −0.63.
      const exact =
        method === 'upgrad'
          ? combine(WEDGE, upgradExact(WEDGE).w)
          : combine(WEDGE, dualprojExact(WEDGE));
      const d = await cliDirection(WEDGE, method);
      const scale = WEDGE.reduce((s, r) => s + norm(r), 0);
      expect(dist(d, exact) / scale).toBeLessThan(1e-9);
      const C = project(gs(WEDGE), { id: method }).C;
      const sizeC =
        Array.from(C).reduce((s, c) => s + Math.abs(c), 0) * Math.max(...WEDGE.map(norm));
      for (const g of WEDGE) {
        expect(dotv(d, g)).toBeGreaterThanOrEqual(-256 * 3 * EPS * sizeC * norm(g));
      }
    },
  );

  it.each(['mgda', 'upgrad', 'cagrad', 'dualproj'] as const)(
    '%s: the command gives project()’s direction bit for bit',
    async (method) => {
      for (const rows of [UPGRAD, CAGRAD, WEDGE]) {
        const d = await cliDirection(rows, method);
        expect(d).toEqual(Array.from(project(gs(rows), { id: method }).direction));
      }
    },
  );
});
