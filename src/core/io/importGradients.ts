/**
 * One entry point for a dropped gradient file: picks the format, reads it, and returns float64
 * gradients with task names. Content is parsed, never evaluated.
 *
 * Format choice: the content's magic wins when it is unambiguous — "\x93NUMPY" for .npy, a
 * plausible safetensors preamble (8-byte little-endian length n ≤ 100 MB that fits the file,
 * followed by '{') — and is warned about when the extension says otherwise. Otherwise the
 * extension decides (.npy; .safetensors/.st; .json; .csv/.tsv/.txt/.dat), and without a known
 * extension text starting with '{' or '[' is JSON, anything else CSV.
 *
 * JSON forms: the CLI's `project` format (parsed by parseProjectInput; "method" optional here,
 * plus an optional "names": string[]), a concord-run export with gradients, or a bare number[][].
 * Every problem throws an InputError whose field starts with the file name.
 */
import { InputError } from '../errors';
import type { GradSet, MethodSpec } from '../types';
import { gradSetFromRows } from '../types';
import { readCsv } from './csv';
import { type FloatKind, finishGradients } from './matrix';
import { isNpy, readNpy } from './npy';
import { checkRows, parseJsonText, parseProjectInput } from './projectInput';
import { parseRun } from './runJson';
import { readSafetensors, safetensorsHeaderLength } from './safetensors';

export type GradientFormat = 'npy' | 'safetensors' | 'json' | 'csv';

export interface ImportedGradients {
  gs: GradSet;
  names: string[];
  format: GradientFormat;
  warnings: string[];
  /** The projection method a `project`-format JSON file names, when it names one. */
  spec?: MethodSpec;
  /** Element type stored in a binary file (npy, safetensors). */
  stored?: FloatKind | 'mixed';
}

export interface ImportOptions {
  /** CSV only: one task per column. */
  transpose?: boolean;
}

const EXTENSIONS: Record<string, GradientFormat> = {
  npy: 'npy',
  safetensors: 'safetensors',
  st: 'safetensors',
  json: 'json',
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  dat: 'csv',
};

/** The format of a file from its name and first bytes, with a warning when they disagree. */
export function detectFormat(
  name: string,
  bytes: Uint8Array,
): { format: GradientFormat; warning?: string } {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  const byName = Object.hasOwn(EXTENSIONS, ext) ? EXTENSIONS[ext] : undefined;
  const magic = isNpy(bytes) ? 'npy' : safetensorsHeaderLength(bytes) >= 0 ? 'safetensors' : null;
  if (magic) {
    const warning =
      byName && byName !== magic
        ? `named .${ext} but its content is ${magic}; read as ${magic}`
        : undefined;
    return { format: magic, warning };
  }
  if (byName) return { format: byName };
  const space = new Set([0x20, 0x09, 0x0a, 0x0d]);
  let k = 0;
  while (k < bytes.length && space.has(bytes[k])) k++;
  if (k < bytes.length && (bytes[k] === 0x7b || bytes[k] === 0x5b)) return { format: 'json' };
  return { format: 'csv' };
}

function decodeText(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    if (e instanceof TypeError) throw new InputError(file, 'is not valid UTF-8 text');
    throw new InputError(file, `is too large to read as text (${bytes.length} bytes)`);
  }
}

function readJson(text: string, file: string) {
  const value = parseJsonText(text, file);
  if (Array.isArray(value)) {
    return { gs: gradSetFromRows(checkRows(value, file) as number[][], file), names: null };
  }
  if (value === null || typeof value !== 'object') {
    throw new InputError(file, 'must hold a JSON object or an array of gradient rows');
  }
  const o = { ...(value as Record<string, unknown>) };
  if (o.format === 'concord-run') {
    const run = parseRun(text);
    if (!run.gradients) throw new InputError(file, 'is a concord-run export without gradients');
    return { gs: gradSetFromRows(run.gradients), names: run.names ?? null };
  }
  let names: string[] | null = null;
  if (o.names !== undefined) {
    if (!Array.isArray(o.names) || !o.names.every((s) => typeof s === 'string')) {
      throw new InputError('names', 'must be an array of strings');
    }
    names = o.names as string[];
    delete o.names;
  }
  const named = o.method !== undefined;
  if (!named) o.method = 'sum';
  const { gs, spec } = parseProjectInput(o);
  return { gs, names, spec: named ? spec : undefined };
}

function read(name: string, bytes: Uint8Array, opts: ImportOptions): ImportedGradients {
  const file = name || 'file';
  if (bytes.length === 0) throw new InputError(file, 'is empty');
  const { format, warning } = detectFormat(name, bytes);
  const warnings = warning ? [warning] : [];
  if (format === 'npy' || format === 'safetensors' || format === 'csv') {
    const r =
      format === 'npy'
        ? readNpy(bytes, { file })
        : format === 'safetensors'
          ? readSafetensors(bytes, { file })
          : readCsv(decodeText(bytes, file), { file, transpose: opts.transpose });
    const out: ImportedGradients = {
      gs: r.gs,
      names: r.names,
      format,
      warnings: [...warnings, ...r.warnings],
    };
    if ('stored' in r && r.stored) out.stored = r.stored;
    return out;
  }
  const j = readJson(decodeText(bytes, file), file);
  const r = finishGradients(file, j.gs.K, j.gs.d, j.gs.g, j.names, warnings);
  const out: ImportedGradients = { gs: r.gs, names: r.names, format, warnings: r.warnings };
  if (j.spec) out.spec = j.spec;
  return out;
}

/** V8's messages when an array or string cannot be allocated (other RangeErrors are bugs). */
const OUT_OF_MEMORY =
  /allocation failed|Invalid typed array length|Invalid array buffer length|Invalid string length/;

/**
 * Reads a gradient file (see the module comment for formats). Throws InputError only, its field
 * starting with the file name; memory exhaustion while allocating is reported the same way.
 */
export function importGradients(
  name: string,
  bytes: Uint8Array,
  opts: ImportOptions = {},
): ImportedGradients {
  const file = name || 'file';
  try {
    return read(name, bytes, opts);
  } catch (e) {
    if (e instanceof InputError) {
      if (e.field.startsWith(file)) throw e;
      throw new InputError(`${file} ${e.field}`, e.message.slice(e.field.length + 2));
    }
    if (e instanceof RangeError && OUT_OF_MEMORY.test(e.message)) {
      throw new InputError(file, `is too large to load (${e.message})`);
    }
    throw e;
  }
}
