/**
 * safetensors files holding K per-task gradients.
 *
 * Layout: an 8-byte little-endian header length n (at most 100 MB), n bytes of UTF-8 JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {string: string}}, then the
 * data buffer; offsets are relative to its start. As in the reference implementation, the
 * tensors sorted by `begin` must tile the buffer exactly: the first begins at 0, each begins
 * where the previous ends (a gap or an overlap is rejected), and end − begin equals the element
 * count times the dtype size. A buffer shorter than the last end is rejected as truncated;
 * bytes past it are warned about. Nothing is read outside the buffer.
 *
 * Two layouts:
 * - one tensor per task (two or more tensors): each tensor of any shape is flattened in C order
 *   and all must have the same element count d. Task order: `__metadata__.tasks`, a JSON array
 *   of the tensor names, when present; otherwise the names in natural order (digit runs compare
 *   as numbers, so task2 precedes task10). Task names are the tensor names.
 * - one tensor of rank ≥ 2: K = shape[0] tasks, trailing axes flattened into d. Task names from
 *   `__metadata__.tasks` (K strings) when present, else "name[i]".
 * dtypes: F64, F32, F16 and BF16 (converted exactly to float64); every other dtype is rejected.
 */
import { InputError } from '../errors';
import {
  allocate,
  type Decoded,
  decodeInto,
  type FloatKind,
  finishGradients,
  KIND_BYTES,
  type ReadOptions,
  resolvePrecision,
  shapeProduct,
  viewFloat32,
} from './matrix';

/** Largest JSON header accepted, in bytes. */
export const MAX_HEADER_BYTES = 100_000_000;

const DTYPES: Record<string, FloatKind> = { F64: 'f64', F32: 'f32', F16: 'f16', BF16: 'bf16' };

interface Tensor {
  name: string;
  kind: FloatKind;
  shape: number[];
  count: number;
  begin: number;
  end: number;
}

/** Header length if `bytes` plausibly starts a safetensors file (n ≤ 100 MB, fits, '{'), else -1. */
export function safetensorsHeaderLength(bytes: Uint8Array): number {
  if (bytes.length < 10) return -1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = view.getUint32(0, true);
  if (view.getUint32(4, true) !== 0 || n < 2 || n > MAX_HEADER_BYTES) return -1;
  if (8 + n > bytes.length || bytes[8] !== 0x7b) return -1;
  return n;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Compares names with digit runs as numbers ("t2" < "t10"); ties fall back to code units. */
export function naturalCompare(a: string, b: string): number {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let k = 0; k < Math.min(ca.length, cb.length); k++) {
    const x = ca[k];
    const y = cb[k];
    if (x === y) continue;
    const digits = /^\d/.test(x) && /^\d/.test(y);
    if (digits) {
      const sx = x.replace(/^0+/, '');
      const sy = y.replace(/^0+/, '');
      if (sx.length !== sy.length) return sx.length - sy.length;
      if (sx !== sy) return sx < sy ? -1 : 1;
    }
    break;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseTensor(name: string, info: unknown, field: string): Tensor {
  const f = `${field} tensor "${name}"`;
  if (!isRecord(info)) throw new InputError(f, 'must be an object {dtype, shape, data_offsets}');
  const dtype = info.dtype;
  const kind = typeof dtype === 'string' ? DTYPES[dtype] : undefined;
  if (!kind || !Object.hasOwn(DTYPES, dtype as string)) {
    throw new InputError(
      f,
      `dtype ${JSON.stringify(dtype)} is not supported; use F32, F64, F16 or BF16`,
    );
  }
  const shape = info.shape;
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new InputError(f, 'shape must be an array of non-negative integers');
  }
  const offsets = info.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw new InputError(f, 'data_offsets must be [begin, end] with non-negative integers');
  }
  const [begin, end] = offsets as number[];
  if (begin > end) throw new InputError(f, `data_offsets [${begin}, ${end}] end before they begin`);
  const count = shapeProduct(shape as number[], f);
  if ((end - begin) / KIND_BYTES[kind] !== count) {
    throw new InputError(
      f,
      `data_offsets span ${end - begin} bytes but shape [${shape.join(', ')}] of ${dtype} ` +
        `needs ${count * KIND_BYTES[kind]}`,
    );
  }
  return { name, kind, shape: shape as number[], count, begin, end };
}

/** Task names from `__metadata__.tasks` (a JSON array of strings), or null when absent. */
function metadataTasks(meta: unknown, field: string): string[] | null {
  if (meta === undefined) return null;
  const f = `${field} __metadata__`;
  if (!isRecord(meta)) throw new InputError(f, 'must be an object of strings');
  for (const [k, v] of Object.entries(meta)) {
    if (typeof v !== 'string') throw new InputError(`${f}.${k}`, 'must be a string');
  }
  if (!Object.hasOwn(meta, 'tasks')) return null;
  let tasks: unknown;
  try {
    tasks = JSON.parse(meta.tasks as string);
  } catch {
    throw new InputError(`${f}.tasks`, 'must be a JSON array of task names');
  }
  if (!Array.isArray(tasks) || !tasks.every((t) => typeof t === 'string')) {
    throw new InputError(`${f}.tasks`, 'must be a JSON array of task names');
  }
  return tasks as string[];
}

function parseHeader(bytes: Uint8Array, file: string) {
  if (bytes.length < 8) throw new InputError(file, 'is too short for a safetensors header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > MAX_HEADER_BYTES) {
    throw new InputError(file, `declares a ${n}-byte header (at most ${MAX_HEADER_BYTES})`);
  }
  if (8 + n > bytes.length) {
    throw new InputError(file, `is truncated: the header needs ${n} bytes`);
  }
  const field = `${file} header`;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw new InputError(field, 'is not valid UTF-8 JSON');
  }
  if (!isRecord(value)) throw new InputError(field, 'must be a JSON object');
  const tensors: Tensor[] = [];
  for (const [name, info] of Object.entries(value)) {
    if (name !== '__metadata__') tensors.push(parseTensor(name, info, field));
  }
  const tasks = metadataTasks(
    Object.hasOwn(value, '__metadata__') ? value.__metadata__ : undefined,
    field,
  );
  return { tensors, tasks, dataStart: 8 + n, field };
}

/** Checks that the tensors, sorted by begin, tile [0, last end) and fit in the buffer. */
function checkTiling(tensors: Tensor[], dataLength: number, file: string, warnings: string[]) {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (let t = 0; t < sorted.length; t++) {
    const s = sorted[t];
    if (s.begin < at) {
      throw new InputError(file, `tensor "${s.name}" overlaps tensor "${sorted[t - 1].name}"`);
    }
    if (s.begin > at)
      throw new InputError(file, `data bytes [${at}, ${s.begin}) belong to no tensor`);
    at = s.end;
  }
  if (at > dataLength) {
    throw new InputError(
      file,
      `is truncated: the tensors need ${at} data bytes but the file holds ${dataLength}`,
    );
  }
  if (at < dataLength) warnings.push(`${dataLength - at} bytes after the last tensor were ignored`);
}

/**
 * Reads a safetensors file into a K×d gradient matrix (float64 by default, float32 on request).
 * Throws InputError naming the file and the problem.
 */
export function readSafetensors(
  bytes: Uint8Array,
  opts?: ReadOptions & { precision?: 'float64' },
): Decoded;
export function readSafetensors(
  bytes: Uint8Array,
  opts: ReadOptions & { precision: 'float32' },
): Decoded<Float32Array>;
export function readSafetensors(
  bytes: Uint8Array,
  opts: ReadOptions & { precision: 'stored' },
): Decoded<Float64Array | Float32Array>;
export function readSafetensors(
  bytes: Uint8Array,
  opts: ReadOptions = {},
): Decoded<Float64Array | Float32Array> {
  const file = opts.file ?? 'file.safetensors';
  const { tensors, tasks, dataStart, field } = parseHeader(bytes, file);
  const precision = resolvePrecision(
    opts.precision,
    tensors.map((t) => t.kind),
  );
  const warnings: string[] = [];
  checkTiling(tensors, bytes.length - dataStart, file, warnings);
  if (tensors.length === 0) throw new InputError(file, 'holds no tensors');
  const kinds = new Set(tensors.map((t) => t.kind));
  const stored = kinds.size === 1 ? tensors[0].kind : ('mixed' as const);
  if (tensors.length === 1) {
    const t = tensors[0];
    if (t.shape.length < 2) {
      throw new InputError(
        file,
        `holds one tensor "${t.name}" of shape [${t.shape.join(', ')}]; Concord needs one ` +
          'tensor per task or one K×d tensor',
      );
    }
    const K = t.shape[0];
    const d = K === 0 ? 0 : t.count / K;
    if (tasks && tasks.length !== K) {
      throw new InputError(`${field} __metadata__.tasks`, `has ${tasks.length} names for K = ${K}`);
    }
    const names = tasks ?? Array.from({ length: K }, (_, i) => `${t.name}[${i}]`);
    let g: Float64Array | Float32Array | null = null;
    if (precision === 'float32' && t.kind === 'f32')
      g = viewFloat32(bytes, dataStart + t.begin, t.count);
    if (!g) {
      g = allocate(precision, t.count);
      decodeInto(bytes, dataStart + t.begin, t.count, t.kind, true, g, 0);
    }
    return { ...finishGradients(file, K, d, g, names, warnings), stored };
  }
  let ordered: Tensor[];
  if (tasks) {
    const byName = new Map(tensors.map((t) => [t.name, t]));
    const seen = new Set<string>();
    ordered = tasks.map((name) => {
      const t = byName.get(name);
      if (!t || seen.has(name)) {
        throw new InputError(
          `${field} __metadata__.tasks`,
          `must list every tensor exactly once ("${name}" ${t ? 'repeats' : 'is not a tensor'})`,
        );
      }
      seen.add(name);
      return t;
    });
    if (ordered.length !== tensors.length) {
      throw new InputError(`${field} __metadata__.tasks`, 'must list every tensor exactly once');
    }
  } else {
    ordered = [...tensors].sort((a, b) => naturalCompare(a.name, b.name));
  }
  const d = ordered[0].count;
  for (const t of ordered) {
    if (t.count !== d) {
      throw new InputError(
        file,
        `tensor "${t.name}" has ${t.count} entries but "${ordered[0].name}" has ${d}: every ` +
          'task tensor must have the same number of entries',
      );
    }
  }
  const K = ordered.length;
  const g = allocate(precision, K * d);
  ordered.forEach((t, i) => {
    decodeInto(bytes, dataStart + t.begin, d, t.kind, true, g, i * d);
  });
  return {
    ...finishGradients(
      file,
      K,
      d,
      g,
      ordered.map((t) => t.name),
      warnings,
    ),
    stored,
  };
}

export { type SafetensorsWriteOptions, writeSafetensors } from './safetensorsWrite';
