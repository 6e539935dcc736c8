/**
 * fast-check generators of the near-degenerate gradient sets that real training produces and
 * that broke the QP methods (issue inputs and their families): nearly antiparallel pairs
 * (1 + cos down to ~1e-15), exact duplicates, rank-deficient sets with K > d, rows scaled over
 * 1e±10, near-Pareto-stationary sets (0 within 1e-12 of the hull, TorchJD's "strictly weak"
 * kind: u > 0 with uᵀJ ≈ 0), and zero rows.
 */
import fc from 'fast-check';

const entry = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 250);
const vec = (d: number) => fc.array(entry, { minLength: d, maxLength: d });
const norm = (v: number[]) => Math.hypot(...v);

/** g_2 = −g_1 + 10^−e·‖g_1‖·v (e ∈ [0, 7.5]: 1 + cos ≈ 10^−2e/2) plus K − 2 generic rows. */
export const arbAntiparallel = fc
  .record({ K: fc.integer({ min: 2, max: 5 }), d: fc.integer({ min: 2, max: 5 }) })
  .chain(({ K, d }) =>
    fc.record({
      g1: vec(d),
      v: vec(d),
      e: fc.double({ min: 0, max: 7.5, noNaN: true }),
      f: fc.double({ min: 0.25, max: 4, noNaN: true }),
      rest: fc.array(vec(d), { minLength: K - 2, maxLength: K - 2 }),
    }),
  )
  .filter(({ g1, v }) => norm(g1) > 0.1 && norm(v) > 0.1)
  .map(({ g1, v, e, f, rest }) => {
    const s = 10 ** -e * norm(g1);
    return [g1, g1.map((x, k) => f * (-x + s * v[k])), ...rest];
  });

/** Rows with exact duplicates (each row repeated 1–3 times). */
export const arbDuplicated = fc
  .record({ d: fc.integer({ min: 2, max: 4 }), n: fc.integer({ min: 2, max: 3 }) })
  .chain(({ d, n }) =>
    fc.record({
      base: fc.array(vec(d), { minLength: n, maxLength: n }),
      reps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ base, reps }) => base.flatMap((r, i) => Array.from({ length: reps[i] }, () => [...r])))
  .filter((rows) => rows.length >= 2 && rows.length <= 8);

/** K > d: more objectives than dimensions (Gram matrix singular). */
export const arbWide = fc
  .record({ d: fc.integer({ min: 1, max: 3 }), extra: fc.integer({ min: 1, max: 4 }) })
  .chain(({ d, extra }) => fc.array(vec(d), { minLength: d + extra, maxLength: d + extra }));

/**
 * Near-Pareto-stationary ("strictly weak"): rows J = U·B with U's columns orthogonal to some
 * u > 0 (so uᵀJ = 0: 0 lies in the relative interior of the hull), rank r < K, plus noise of
 * 1e-12 relative.
 */
export const arbStrictlyWeak = fc
  .record({ K: fc.integer({ min: 3, max: 7 }), r: fc.integer({ min: 1, max: 4 }) })
  .map(({ K, r }) => ({ K, r: Math.min(r, K - 1) }))
  .chain(({ K, r }) =>
    fc.record({
      u: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: K, maxLength: K }),
      U: fc.array(vec(K), { minLength: r, maxLength: r }),
      B: fc.array(vec(r + 1), { minLength: r, maxLength: r }),
      noise: fc.array(vec(r + 1), { minLength: K, maxLength: K }),
    }),
  )
  .map(({ u, U, B, noise }) => {
    const K = u.length;
    const cols: number[][] = [];
    for (const c0 of U) {
      let c = [...c0];
      for (const p of [u, ...cols]) {
        const pp = p.reduce((s, x) => s + x * x, 0);
        const f = c.reduce((s, x, k) => s + x * p[k], 0) / pp;
        c = c.map((x, k) => x - f * p[k]);
      }
      cols.push(c);
    }
    const d = B[0].length;
    return Array.from({ length: K }, (_, i) =>
      Array.from(
        { length: d },
        (_, k) => cols.reduce((s, c, a) => s + c[i] * B[a][k], 0) + 1e-12 * noise[i][k],
      ),
    );
  })
  .filter((rows) => rows.some((r) => norm(r) > 1e-3));

/** Any family above, rows optionally scaled by 10^±10 and a zero row optionally inserted. */
export const arbHard = fc
  .record({
    rows: fc.oneof(arbAntiparallel, arbDuplicated, arbWide, arbStrictlyWeak),
    scale: fc.boolean(),
    zero: fc.boolean(),
    exps: fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 9, maxLength: 9 }),
  })
  .map(({ rows, scale, zero, exps }) => {
    let out = scale ? rows.map((r, i) => r.map((x) => x * 10 ** exps[i])) : rows;
    if (zero && out.length < 8) out = [...out, out[0].map(() => 0)];
    return out;
  })
  .filter((rows) => rows.length >= 2 && rows.some((r) => norm(r) > 0));
