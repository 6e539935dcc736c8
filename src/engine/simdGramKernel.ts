/**
 * The WebAssembly SIMD (f64x2) kernels of the CPU engine's large-d Gram pass (simdGram.ts),
 * emitted with wasmEncoder.ts. One export:
 *
 *   gram(g, d, K, K4, c0, c1, tile, sum, G, ss, σ, 1/σ): for the columns [c0, c1) (c1 − c0 a
 *   multiple of 4)
 *   of the K×d row-major float64 rows at g, in chunks of CHUNK columns:
 *     copy pass   y_ik = σ·g_ik into the tile (K rows of CHUNK, rows K..K4−1 left zero),
 *                 ŝ_k = Σ_i y_ik (rows in order), ss[0] += ŝ_k², sum[k] = ŝ_k·(1/σ),
 *                 ss[1] = max(ss[1], max |y_ik|) (so the caller can choose σ after one pass);
 *     block pass  Ĝ_ij += Σ_k y_ik y_jk for i in a pair of rows 2I, 2I+1 and j in a quad of rows
 *                 4J..4J+3, every block with 2I ≤ 4J + 3 (so each i ≤ j falls in exactly one
 *                 block), eight f64x2 accumulators per block (registers, no spills), added to
 *                 the K4×K4 row-major G (entries with i > j are partial and ignored by callers).
 *   The chunk (K rows of CHUNK doubles, 16 kB at K = 16) stays in the L1 cache for every block,
 *   so each gradient entry is read from memory once. Lanes are summed as (G + lane₀) + lane₁:
 *   the float64 sums of the core in another order.
 */
import { op as o, T, type WasmFunction } from './wasmEncoder';

/** Columns per chunk; the tile's row stride is CHUNK·8 bytes. */
export const CHUNK = 128;
const TR = CHUNK * 8;

/** Local indices of gram (parameters first). */
const [g, dd, K, K4, c0, c1, tile, sum, G, ss, sigma, inv] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const [c, m, q, i, I, J, rs, pa, pb, a, Imax, half] = [
  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
];
const [sv, iv, s, ssacc, v, x0, x1, y] = [24, 25, 26, 27, 28, 29, 30, 31];
const acc = [32, 33, 34, 35, 36, 37, 38, 39];
const [s1, v1, mx] = [40, 41, 42];

const shrU = [0x76];
const eqz = [0x45];
const f64Const0 = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
const zeroV = [...f64Const0, ...o.f64x2Splat];

/** local += constant (i32). */
const inc = (l: number, k: number) => [...o.get(l), ...o.i32(k), ...o.add, ...o.set(l)];
/** get l; get r; lt_u; br_if depth (continue the loop while l < r). */
const whileLt = (l: readonly number[], r: readonly number[]) => [
  ...l,
  ...r,
  ...o.ltU,
  ...o.brIf(0),
];

function gramBody(): number[] {
  const b: number[] = [];
  const p = (...xs: (readonly number[])[]) => {
    for (const x of xs) b.push(...x);
  };
  p(o.get(dd), o.i32(3), o.shl, o.set(rs));
  p(o.get(sigma), o.f64x2Splat, o.set(sv), o.get(inv), o.f64x2Splat, o.set(iv));
  p(
    zeroV,
    o.set(mx),
    zeroV,
    o.set(ssacc),
    o.get(K4),
    o.i32(1),
    shrU,
    o.set(half),
    o.get(c0),
    o.set(c),
  );
  p(o.block, o.loop);
  p(o.get(c), o.get(c1), o.ltU, eqz, o.brIf(1));
  // m = min(c1 − c, CHUNK)·8 bytes
  p(o.get(c1), o.get(c), o.sub, o.tee(m), o.i32(CHUNK), o.get(m), o.i32(CHUNK), o.ltU);
  p(o.select, o.i32(3), o.shl, o.set(m));
  // Copy pass, two column pairs at a time (independent sums s, s1).
  p(o.i32(0), o.set(q), o.loop);
  p(zeroV, o.set(s), zeroV, o.set(s1), o.i32(0), o.set(i));
  p(o.get(g), o.get(c), o.i32(3), o.shl, o.add, o.get(q), o.add, o.set(a));
  p(o.get(tile), o.get(q), o.add, o.set(pa), o.loop);
  p(o.get(a), o.v128Load(0), o.get(sv), o.f64x2Mul, o.set(v));
  p(o.get(a), o.v128Load(16), o.get(sv), o.f64x2Mul, o.set(v1));
  p(o.get(pa), o.get(v), o.v128Store(0), o.get(pa), o.get(v1), o.v128Store(16));
  p(o.get(s), o.get(v), o.f64x2Add, o.set(s), o.get(s1), o.get(v1), o.f64x2Add, o.set(s1));
  p(o.get(mx), o.get(v), o.f64x2Abs, o.get(v1), o.f64x2Abs, o.f64x2Pmax, o.f64x2Pmax, o.set(mx));
  p(o.get(a), o.get(rs), o.add, o.set(a), inc(pa, TR), inc(i, 1));
  p(whileLt(o.get(i), o.get(K)), o.end);
  p(o.get(ssacc), o.get(s), o.get(s), o.f64x2Mul, o.f64x2Add);
  p(o.get(s1), o.get(s1), o.f64x2Mul, o.f64x2Add, o.set(ssacc));
  p(o.get(sum), o.get(c), o.i32(3), o.shl, o.add, o.get(q), o.add, o.tee(a));
  p(o.get(s), o.get(iv), o.f64x2Mul, o.v128Store(0));
  p(o.get(a), o.get(s1), o.get(iv), o.f64x2Mul, o.v128Store(16));
  p(inc(q, 32), whileLt(o.get(q), o.get(m)), o.end);
  // Block pass.
  p(o.i32(0), o.set(J), o.loop);
  // Imax = min(2J + 2, K4/2)
  p(o.get(J), o.i32(1), o.shl, o.i32(2), o.add, o.tee(Imax), o.get(half), o.get(Imax));
  p(o.get(half), o.ltU, o.select, o.set(Imax));
  p(o.get(tile), o.get(J), o.i32(12), o.shl, o.add, o.set(pb), o.i32(0), o.set(I), o.loop);
  p(o.get(tile), o.get(I), o.i32(11), o.shl, o.add, o.set(pa));
  for (const l of acc) p(zeroV, o.set(l));
  p(o.i32(0), o.set(q), o.loop);
  p(o.get(pa), o.get(q), o.add, o.tee(a), o.v128Load(0), o.set(x0));
  p(o.get(a), o.v128Load(TR), o.set(x1), o.get(pb), o.get(q), o.add, o.set(a));
  for (let t = 0; t < 4; t++) {
    p(o.get(a), o.v128Load(t * TR), o.set(y));
    p(o.get(acc[t]), o.get(x0), o.get(y), o.f64x2Mul, o.f64x2Add, o.set(acc[t]));
    p(o.get(acc[4 + t]), o.get(x1), o.get(y), o.f64x2Mul, o.f64x2Add, o.set(acc[4 + t]));
  }
  p(inc(q, 16), whileLt(o.get(q), o.get(m)), o.end);
  // a = G + ((2I·K4 + 4J)·8): row 2I of the block; then row 2I + 1.
  p(o.get(G), o.get(I), o.i32(1), o.shl, o.get(K4), o.mul, o.get(J), o.i32(2), o.shl);
  p(o.add, o.i32(3), o.shl, o.add, o.set(a));
  for (let r = 0; r < 2; r++) {
    for (let t = 0; t < 4; t++) {
      const l = acc[4 * r + t];
      p(o.get(a), o.get(a), o.f64Load(8 * t), o.get(l), o.f64x2Lane(0), o.f64Add);
      p(o.get(l), o.f64x2Lane(1), o.f64Add, o.f64Store(8 * t));
    }
    if (r === 0) p(o.get(a), o.get(K4), o.i32(3), o.shl, o.add, o.set(a));
  }
  p(inc(I, 1), whileLt(o.get(I), o.get(Imax)), o.end);
  p(inc(J, 1), whileLt(o.get(J), [...o.get(K4), ...o.i32(2), ...shrU]), o.end);
  p(inc(c, CHUNK), o.br(0));
  p(o.end, o.end);
  p(o.get(ss), o.get(ss), o.f64Load(), o.get(ssacc), o.f64x2Lane(0), o.f64Add);
  p(o.get(ssacc), o.f64x2Lane(1), o.f64Add, o.f64Store());
  // ss[1] = max(ss[1], max|σ·g| over the range) (pmax: a NaN entry is skipped here and shows in G).
  p(o.get(ss), o.get(ss), o.f64Load(8), o.get(mx), o.f64x2Lane(0), o.f64Max);
  p(o.get(mx), o.f64x2Lane(1), o.f64Max, o.f64Store(8));
  return b;
}

const i32x = (n: number) => new Array<typeof T.i32>(n).fill(T.i32);

/** The kernels' functions (the module is built by wasmModule with the caller's memory). */
export function simdGramFunctions(): WasmFunction[] {
  return [
    {
      name: 'gram',
      params: [...i32x(10), T.f64, T.f64],
      results: [],
      locals: [...i32x(12), ...new Array(19).fill(T.v128)],
      body: gramBody(),
    },
  ];
}
