/**
 * A minimal WebAssembly binary writer for the CPU engine's hand-written SIMD kernels
 * (simdGramKernel.ts): LEB128 numbers, the opcodes those kernels use, and a module of one imported
 * memory and a few exported functions. The kernels are a few hundred bytes, so Concord emits them
 * at load time instead of shipping a WAT toolchain; the engine validates the bytes with
 * WebAssembly.validate before use and falls back to plain JavaScript where compilation is refused.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export const T = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;
type ValType = (typeof T)[keyof typeof T];

/** The instructions the kernels use; each returns its bytes. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  ltU: [0x49],
  select: [0x1b],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  f64Load: (offset = 0) => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset = 0) => [0x39, 3, ...uleb(offset)],
  f64Add: [0xa0],
  f64Max: [0xa5],
  v128Load: (offset = 0) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Store: (offset = 0) => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  f64x2Splat: [0xfd, ...uleb(0x14)],
  f64x2Lane: (lane: 0 | 1) => [0xfd, ...uleb(0x21), lane],
  f64x2Abs: [0xfd, ...uleb(0xec)],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
  f64x2Max: [0xfd, ...uleb(0xf5)],
  f64x2Pmax: [0xfd, ...uleb(0xf7)],
} as const;

export interface WasmFunction {
  name: string;
  params: ValType[];
  results: ValType[];
  /** Extra locals after the parameters, in order. */
  locals: ValType[];
  body: number[];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

/**
 * A module importing memory `env.mem` (at least `minPages` pages of 64 KiB; shared memories
 * declare their maximum) and exporting `fns`.
 */
export function wasmModule(
  fns: WasmFunction[],
  memory: { minPages: number; maxPages: number; shared: boolean },
): Uint8Array {
  const types = section(
    1,
    vec(
      fns.map((f) => [
        0x60,
        ...uleb(f.params.length),
        ...f.params,
        ...uleb(f.results.length),
        ...f.results,
      ]),
    ),
  );
  const limits = memory.shared
    ? [0x03, ...uleb(memory.minPages), ...uleb(memory.maxPages)]
    : [0x00, ...uleb(memory.minPages)];
  const imports = section(2, vec([[...name('env'), ...name('mem'), 0x02, ...limits]]));
  const funcs = section(3, vec(fns.map((_, i) => uleb(i))));
  const exports = section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])));
  const code = section(
    10,
    vec(
      fns.map((f) => {
        const locals = vec(f.locals.map((t) => [1, t]));
        const body = [...locals, ...f.body, ...op.end];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...types,
    ...imports,
    ...funcs,
    ...exports,
    ...code,
  ]);
}
