/**
 * The atlas's hard sets: near-degenerate gradient sets of the kind real training produces and
 * that broke the QP methods (the families of test/core-methods/hardInputs.ts, drawn here from the
 * atlas's seed for its K and d). Set n is of family n mod 4, the other rows g_i ~ N(0, I_d):
 * - nearly antiparallel: g_2 = f·(−g_1 + s·‖g_1‖·v), v ~ N(0, I_d)/√d, s = 10^−U(2, 5) (so
 *   1 + cos(g_1, g_2) down to ~1e-10), f = e^U(−1.4, 1.4);
 * - duplicated: g_2 = g_1 exactly (and g_3 = −g_1 + the same wedge when K ≥ 3);
 * - rows over 1e±8: g_i scaled by 10^U(−8, 8);
 * - a zero row: g_K = 0.
 * The wedge stops at s = 1e-5 because the properties' thresholds (properties.ts, 1e-9·‖d‖ for
 * permutations and scalings) sit above the exact solvers' floor ε/s (qpFactor.ts) only down to
 * there; the solvers' own tests (test/core-methods/certificates.test.ts) go to s ≈ 3e-8.
 */
import type { Rng } from '../../core/rng';
import type { GradSet } from '../../core/types';

export const HARD_FAMILIES = ['antiparallel', 'duplicated', 'magnitudes', 'zero row'] as const;

function normalRow(rng: Rng, d: number): Float64Array {
  return Float64Array.from({ length: d }, () => rng.normal());
}

const norm = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return Math.sqrt(s);
};

/** −g + s·‖g‖·v (v ~ N(0, I_d)/√d): within angle ~s of −g. */
function wedge(rng: Rng, g: Float64Array, s: number): Float64Array {
  const d = g.length;
  const v = normalRow(rng, d);
  const scale = (s * norm(g)) / Math.sqrt(d);
  return g.map((x, k) => -x + scale * v[k]);
}

/** The n-th hard set for K objectives in ℝ^d (module comment). */
export function hardSet(rng: Rng, K: number, d: number, n: number): GradSet {
  const rows = Array.from({ length: K }, () => normalRow(rng, d));
  const family = HARD_FAMILIES[n % HARD_FAMILIES.length];
  if (family === 'antiparallel') {
    const s = 10 ** -rng.uniform(2, 5);
    const f = Math.exp(rng.uniform(-1.4, 1.4));
    rows[1] = wedge(rng, rows[0], s).map((x) => f * x);
  } else if (family === 'duplicated') {
    rows[1] = Float64Array.from(rows[0]);
    if (K >= 3) rows[2] = wedge(rng, rows[0], 10 ** -rng.uniform(2, 5));
  } else if (family === 'magnitudes') {
    for (const r of rows) {
      const f = 10 ** rng.uniform(-8, 8);
      for (let k = 0; k < d; k++) r[k] *= f;
    }
  } else {
    rows[K - 1].fill(0);
  }
  const g = new Float64Array(K * d);
  for (let i = 0; i < K; i++) g.set(rows[i], i * d);
  return { K, d, g };
}
