/**
 * What every gradient reader shares: the decoded K×d matrix type, the float decoders for the
 * binary formats, and the final checks an imported gradient set must pass.
 *
 * Memory: a float64 result holds K·d·8 bytes; a float32 result K·d·4 bytes, or nothing beyond
 * the input when it can view little-endian, aligned float32 data in place. The input bytes stay
 * alive as long as the caller keeps them.
 */
import { InputError } from '../errors';

/** A K×d gradient matrix, row-major: g_i occupies entries [i·d, (i+1)·d). */
export interface GradMatrix<T extends Float64Array | Float32Array = Float64Array> {
  readonly K: number;
  readonly d: number;
  readonly g: T;
}

/** A decoded gradient file: the matrix, one name per row, and non-fatal remarks. */
export interface Decoded<T extends Float64Array | Float32Array = Float64Array> {
  gs: GradMatrix<T>;
  names: string[];
  warnings: string[];
  /** Element type stored in the file (binary formats), 'mixed' when tensors differ. */
  stored?: FloatKind | 'mixed';
}

/** Precision of the decoded values: float64 (default) or float32 for large inputs. */
export type Precision = 'float64' | 'float32';

/**
 * Options shared by the readers. `file` names the input in every error message. precision
 * 'stored': float64 when any stored element is float64, float32 otherwise (halves the memory of
 * a float32/float16 file without losing a digit of a float64 one).
 */
export interface ReadOptions {
  file?: string;
  precision?: Precision | 'stored';
}

/** The precision a reader decodes to (see ReadOptions). */
export function resolvePrecision(
  p: Precision | 'stored' | undefined,
  kinds: readonly FloatKind[],
): Precision {
  if (p !== 'stored') return p ?? 'float64';
  return kinds.includes('f64') ? 'float64' : 'float32';
}

/** Element types the binary readers decode. */
export type FloatKind = 'f16' | 'bf16' | 'f32' | 'f64';

export const KIND_BYTES: Record<FloatKind, number> = { f16: 2, bf16: 2, f32: 4, f64: 8 };

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * IEEE 754 binary16 → number: (−1)^s · 2^(e−15) · (1 + m/1024) for 0 < e < 31,
 * (−1)^s · 2^−14 · m/1024 for e = 0 (subnormal), ±Infinity or NaN for e = 31.
 */
export function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m === 0 ? s * Number.POSITIVE_INFINITY : Number.NaN;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Allocates the output array of the requested precision. */
export function allocate(precision: Precision, n: number): Float64Array | Float32Array {
  return precision === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Returns a reader of element j of `count` contiguous values of `kind` starting at byte `offset`
 * of `bytes`. The caller has checked that offset + count·size ≤ bytes.length.
 */
export function elementReader(
  bytes: Uint8Array,
  offset: number,
  kind: FloatKind,
  littleEndian: boolean,
): (j: number) => number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
  switch (kind) {
    case 'f64':
      return (j) => view.getFloat64(j * 8, littleEndian);
    case 'f32':
      return (j) => view.getFloat32(j * 4, littleEndian);
    case 'f16':
      return (j) => halfToNumber(view.getUint16(j * 2, littleEndian));
    case 'bf16': {
      const word = new DataView(new ArrayBuffer(4));
      return (j) => {
        word.setUint32(0, view.getUint16(j * 2, littleEndian) << 16);
        return word.getFloat32(0);
      };
    }
  }
}

/**
 * Decodes `count` contiguous values of `kind` at byte `offset` into out[outOffset…]. Little-endian
 * float32/float64 data at an aligned address is copied through a typed-array view; anything else
 * element by element through a DataView (so unaligned and big-endian data read correctly).
 */
export function decodeInto(
  bytes: Uint8Array,
  offset: number,
  count: number,
  kind: FloatKind,
  littleEndian: boolean,
  out: Float64Array | Float32Array,
  outOffset: number,
): void {
  const size = KIND_BYTES[kind];
  const address = bytes.byteOffset + offset;
  if (littleEndian && HOST_LITTLE_ENDIAN && address % size === 0) {
    if (kind === 'f64') {
      out.set(new Float64Array(bytes.buffer, address, count), outOffset);
      return;
    }
    if (kind === 'f32') {
      out.set(new Float32Array(bytes.buffer, address, count), outOffset);
      return;
    }
  }
  const read = elementReader(bytes, offset, kind, littleEndian);
  for (let j = 0; j < count; j++) out[outOffset + j] = read(j);
}

/**
 * A float32 view of little-endian float32 data in place, when the address is aligned and the
 * host is little-endian; otherwise null (the caller copies).
 */
export function viewFloat32(bytes: Uint8Array, offset: number, count: number): Float32Array | null {
  const address = bytes.byteOffset + offset;
  if (!HOST_LITTLE_ENDIAN || address % 4 !== 0) return null;
  return new Float32Array(bytes.buffer, address, count);
}

/** Names "task 0" … "task K−1", the default when a file carries none. */
export function defaultNames(K: number): string[] {
  return Array.from({ length: K }, (_, i) => `task ${i}`);
}

/** Product of a shape's dimensions; throws when it exceeds 2^53 (no exact integer). */
export function shapeProduct(dims: readonly number[], field: string): number {
  let n = 1;
  for (const x of dims) {
    n *= x;
    if (!Number.isSafeInteger(n)) {
      throw new InputError(field, `shape (${dims.join(', ')}) has too many elements`);
    }
  }
  return n;
}

/** Tasks beyond which a matrix with fewer columns than rows is probably transposed. */
const MANY_TASKS = 256;

/**
 * The checks every imported gradient set passes, in this order: K ≥ 2 (two gradients are needed
 * to compare), d ≥ 1, every entry finite (the first NaN/±Infinity is named by row and column,
 * both counted from 0), one name per row. A zero row is allowed (it conflicts with nothing) but
 * warned about, and so is a shape that looks transposed (K > 256 tasks with d < K).
 */
export function finishGradients<T extends Float64Array | Float32Array>(
  file: string,
  K: number,
  d: number,
  g: T,
  names: string[] | null,
  warnings: string[],
): Decoded<T> {
  if (!(K >= 2)) {
    throw new InputError(file, `has ${K} gradient row(s); Concord needs K ≥ 2 to compare`);
  }
  if (!(d >= 1)) throw new InputError(file, 'has gradients of length d = 0');
  if (g.length !== K * d) {
    throw new InputError(file, `holds ${g.length} values, expected K·d = ${K}·${d}`);
  }
  const rowNames = names ?? defaultNames(K);
  if (rowNames.length !== K) {
    throw new InputError(file, `has ${rowNames.length} task names for ${K} gradient rows`);
  }
  const label = (i: number) => JSON.stringify(rowNames[i].slice(0, 40));
  for (let i = 0; i < K; i++) {
    let zero = true;
    const base = i * d;
    for (let k = 0; k < d; k++) {
      const x = g[base + k];
      if (!Number.isFinite(x)) {
        throw new InputError(
          `${file} row ${i} (${label(i)}), column ${k}`,
          `is ${x}; every gradient entry must be finite`,
        );
      }
      if (x !== 0) zero = false;
    }
    if (zero) warnings.push(`row ${i} (${label(i)}) is all zeros: it conflicts with nothing`);
  }
  if (K > MANY_TASKS && d < K) {
    warnings.push(`${K} tasks of length ${d}: is the file transposed (one column per task)?`);
  }
  return { gs: { K, d, g }, names: rowNames, warnings };
}
