/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0) holding K per-task gradients.
 *
 * Layout: the magic "\x93NUMPY", major and minor version bytes, the header length (uint16 LE for
 * v1, uint32 LE for v2/v3), the header (latin-1 for v1/v2, UTF-8 for v3): a Python dict literal
 * {'descr': …, 'fortran_order': …, 'shape': …} parsed by a strict literal parser (never
 * evaluated), then the raw data.
 *
 * Accepted: dtype '<f8', '>f8', '<f4', '>f4', '<f2', '>f2' (big-endian data is byte-swapped);
 * shape (K, d), or (K, n1, n2, …) whose trailing axes are flattened in C order into
 * d = n1·n2·… (warned). fortran_order True is read correctly: the column-major data is
 * transposed so that each row is task i's values in C order. 1-D and 0-D arrays are rejected;
 * data shorter than the shape needs is rejected, longer is warned. Every other dtype (ints,
 * complex, bool, object, structured) is rejected with its name.
 *
 * Memory: float64 output holds K·d·8 bytes besides the input; float32 output K·d·4 bytes, or
 * none when it views aligned little-endian '<f4' C-order data in place (the result then shares
 * the input's buffer).
 */
import { InputError } from '../errors';
import type { GradSet } from '../types';
import {
  allocate,
  type Decoded,
  decodeInto,
  elementReader,
  type FloatKind,
  finishGradients,
  KIND_BYTES,
  type ReadOptions,
  resolvePrecision,
  shapeProduct,
  viewFloat32,
} from './matrix';
import { type PyValue, parsePyDict } from './pyLiteral';

/** The magic string every .npy file starts with. */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Largest header accepted (NumPy itself refuses headers over 10 000 bytes by default). */
const MAX_HEADER = 1 << 20;

/** True when `bytes` starts with the .npy magic. */
export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && NPY_MAGIC.every((b, i) => bytes[i] === b);
}

const KIND_NAMES: Record<string, string> = {
  b: 'boolean',
  i: 'signed integer',
  u: 'unsigned integer',
  f: 'floating point',
  c: 'complex',
  O: 'Python object',
  S: 'byte string',
  a: 'byte string',
  U: 'unicode string',
  V: 'raw void',
  M: 'datetime',
  m: 'timedelta',
};

const FLOAT_KINDS: Record<string, FloatKind> = { f2: 'f16', f4: 'f32', f8: 'f64' };

/** Maps a descr such as '<f8' to its element kind and byte order, or throws naming it. */
function dtypeOf(descr: PyValue | undefined, field: string): { kind: FloatKind; le: boolean } {
  if (typeof descr !== 'string') {
    throw new InputError(field, 'has a structured dtype; save a plain float32 or float64 array');
  }
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  const kind = m ? FLOAT_KINDS[`${m[2]}${m[3]}`] : undefined;
  if (m && kind && (m[1] === '<' || m[1] === '>')) return { kind, le: m[1] === '<' };
  const what = m ? (KIND_NAMES[m[2]] ?? 'unknown kind') : 'unknown';
  throw new InputError(
    field,
    `dtype '${descr}' (${what}) is not supported; save float32 or float64 ` +
      '(e.g. arr.astype(np.float32))',
  );
}

function shapeOf(shape: PyValue | undefined, field: string): number[] {
  if (!Array.isArray(shape) || !shape.every((x) => typeof x === 'number')) {
    throw new InputError(field, "'shape' must be a tuple of integers");
  }
  const dims = shape as number[];
  if (dims.length < 2) {
    throw new InputError(
      field,
      `is a ${dims.length}-D array of shape (${dims.join(', ')}${dims.length === 1 ? ',' : ''}); ` +
        'Concord needs a 2-D K×d array with one row per task (np.stack the task gradients)',
    );
  }
  return dims;
}

interface Header {
  kind: FloatKind;
  le: boolean;
  fortran: boolean;
  dims: number[];
  dataOffset: number;
}

function readHeader(bytes: Uint8Array, file: string): Header {
  if (!isNpy(bytes)) throw new InputError(file, 'is not a .npy file (no \\x93NUMPY magic)');
  if (bytes.length < 10) throw new InputError(file, 'is truncated inside the .npy preamble');
  const major = bytes[6];
  const minor = bytes[7];
  if (major < 1 || major > 3 || minor !== 0) {
    throw new InputError(file, `has unsupported .npy format version ${major}.${minor}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let start = 10;
  let length = view.getUint16(8, true);
  if (major >= 2) {
    if (bytes.length < 12) throw new InputError(file, 'is truncated inside the .npy preamble');
    start = 12;
    length = view.getUint32(8, true);
  }
  if (length > MAX_HEADER) {
    throw new InputError(file, `declares a ${length}-byte header (at most ${MAX_HEADER})`);
  }
  if (start + length > bytes.length) {
    throw new InputError(file, `is truncated: the header needs ${length} bytes`);
  }
  const raw = bytes.subarray(start, start + length);
  let text: string;
  if (major === 3) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw new InputError(`${file} header`, 'is not valid UTF-8');
    }
  } else {
    text = '';
    for (let c = 0; c < raw.length; c++) text += String.fromCharCode(raw[c]);
  }
  const field = `${file} header`;
  const dict = parsePyDict(text, field);
  const keys = [...dict.keys()].sort().join(',');
  if (keys !== 'descr,fortran_order,shape') {
    throw new InputError(field, "must have exactly the keys 'descr', 'fortran_order', 'shape'");
  }
  const { kind, le } = dtypeOf(dict.get('descr'), field);
  const fortran = dict.get('fortran_order');
  if (typeof fortran !== 'boolean') {
    throw new InputError(field, "'fortran_order' must be True or False");
  }
  return { kind, le, fortran, dims: shapeOf(dict.get('shape'), field), dataOffset: start + length };
}

/**
 * Reads a .npy file into a K×d gradient matrix (float64 by default, float32 on request).
 * Throws InputError naming the file and the problem.
 */
export function readNpy(bytes: Uint8Array, opts?: ReadOptions & { precision?: 'float64' }): Decoded;
export function readNpy(
  bytes: Uint8Array,
  opts: ReadOptions & { precision: 'float32' },
): Decoded<Float32Array>;
export function readNpy(
  bytes: Uint8Array,
  opts: ReadOptions & { precision: 'stored' },
): Decoded<Float64Array | Float32Array>;
export function readNpy(
  bytes: Uint8Array,
  opts: ReadOptions = {},
): Decoded<Float64Array | Float32Array> {
  const file = opts.file ?? 'file.npy';
  const h = readHeader(bytes, file);
  const precision = resolvePrecision(opts.precision, [h.kind]);
  const field = `${file} header`;
  const total = shapeProduct(h.dims, field);
  const K = h.dims[0];
  const d = shapeProduct(h.dims.slice(1), field);
  const size = KIND_BYTES[h.kind];
  const available = bytes.length - h.dataOffset;
  if (total * size > available) {
    throw new InputError(
      file,
      `shape (${h.dims.join(', ')}) needs ${total * size} bytes of data but the file holds ` +
        `${available} (truncated, or the header is wrong)`,
    );
  }
  const warnings: string[] = [];
  if (total * size < available) {
    warnings.push(`${available - total * size} bytes after the array data were ignored`);
  }
  if (h.dims.length > 2) {
    warnings.push(`shape (${h.dims.join(', ')}) flattened to ${K}×${d} (C order per task)`);
  }
  if (total === 0) {
    return {
      ...finishGradients(file, K, d, allocate(precision, 0), null, warnings),
      stored: h.kind,
    };
  }
  let g: Float64Array | Float32Array | null = null;
  if (!h.fortran) {
    if (precision === 'float32' && h.kind === 'f32' && h.le) {
      g = viewFloat32(bytes, h.dataOffset, total);
    }
    if (!g) {
      g = allocate(precision, total);
      decodeInto(bytes, h.dataOffset, total, h.kind, h.le, g, 0);
    }
  } else {
    g = allocate(precision, total);
    readFortran(bytes, h, K, g);
  }
  return { ...finishGradients(file, K, d, g, null, warnings), stored: h.kind };
}

/**
 * Column-major data: element (i, a_1, …, a_m) lies at offset i + K·(a_1 + n_1·(a_2 + …)).
 * Walks each row's trailing multi-index in C order (last axis fastest), updating the Fortran
 * offset incrementally, and writes row i in C order.
 */
function readFortran(bytes: Uint8Array, h: Header, K: number, out: Float64Array | Float32Array) {
  const read = elementReader(bytes, h.dataOffset, h.kind, h.le);
  const axes = h.dims.slice(1);
  const m = axes.length;
  const stride = new Array<number>(m);
  let s = K;
  for (let a = 0; a < m; a++) {
    stride[a] = s;
    s *= axes[a];
  }
  const d = out.length / K;
  const counter = new Array<number>(m);
  for (let i = 0; i < K; i++) {
    counter.fill(0);
    let offset = i;
    for (let j = 0; j < d; j++) {
      out[i * d + j] = read(offset);
      for (let a = m - 1; a >= 0; a--) {
        counter[a]++;
        offset += stride[a];
        if (counter[a] < axes[a]) break;
        counter[a] = 0;
        offset -= axes[a] * stride[a];
      }
    }
  }
}

/**
 * Writes a K×d gradient set as a version 1.0 .npy file, C order, little-endian float64 ('f8',
 * default) or float32 ('f4'). The header is padded with spaces and ends in a newline so the data
 * starts at a multiple of 64 bytes, as NumPy writes it. Values that overflow float32 throw.
 */
export function writeNpy(gs: GradSet, dtype: 'f4' | 'f8' = 'f8'): Uint8Array {
  const { K, d, g } = gs;
  if (g.length !== K * d) throw new InputError('gradients', `holds ${g.length} values, not K·d`);
  const size = dtype === 'f4' ? 4 : 8;
  let header = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': (${K}, ${d}), }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + K * d * size);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let c = 0; c < header.length; c++) out[10 + c] = header.charCodeAt(c);
  const base = 10 + header.length;
  for (let j = 0; j < K * d; j++) {
    const x = g[j];
    if (dtype === 'f8') view.setFloat64(base + 8 * j, x, true);
    else {
      if (!Number.isFinite(Math.fround(x)) && Number.isFinite(x)) {
        throw new InputError(
          `gradients row ${Math.floor(j / d)}, column ${j % d}`,
          `${x} overflows float32`,
        );
      }
      view.setFloat32(base + 4 * j, x, true);
    }
  }
  return out;
}
