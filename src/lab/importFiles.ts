/**
 * Files in and out of the "Imported gradients" mode:
 * - readDroppedFile: a dropped or picked file → either a gradient set (with an optional
 *   configuration, when it is a concord-run export with gradients) or a problem-run restore
 *   (a concord-run export without gradients: configuration and series). Large binary files
 *   (over LARGE_FILE_BYTES, .npy or safetensors) keep the precision they are stored in: float32
 *   (and float16) data stays float32, which halves the memory (K·d·4 bytes; nothing beyond the
 *   file itself when the data is aligned little-endian float32); float64 data stays float64, so
 *   1e-300 and 1e300 keep every digit.
 * - runExportText: the JSON export of the current state in the concord-run format (runJson.ts),
 *   which readDroppedFile reads back to the same state.
 * Content is parsed, never evaluated. Every problem is an InputError whose field starts with the
 * file name (as importGradients does).
 */
import { InputError } from '../core/errors';
import { detectFormat, type GradientFormat, importGradients } from '../core/io/importGradients';
import type { FloatKind } from '../core/io/matrix';
import { readNpy } from '../core/io/npy';
import { parseRun, type RunExport, serializeRun } from '../core/io/runJson';
import { readSafetensors } from '../core/io/safetensors';
import type { MethodSpec } from '../core/types';

/** Binary files above this size keep their stored precision (float32 stays float32). */
export const LARGE_FILE_BYTES = 32 * 2 ** 20;
/**
 * Most tasks an imported set may have: the analysis is K×K (eigen-decompositions, K² pairs per
 * method), so a file with many rows and few columns, usually transposed, is refused rather than
 * left to stall the page.
 */
export const MAX_IMPORT_K = 256;
/** Imported sets with more entries than this are not written to JSON (keep the original file). */
export const JSON_EXPORT_MAX_ENTRIES = 2 ** 21;

export interface LoadedGradients {
  kind: 'gradients';
  K: number;
  d: number;
  g: Float64Array | Float32Array;
  names: string[];
  format: GradientFormat;
  warnings: string[];
  spec?: MethodSpec;
  /** Element type stored in a binary file (npy, safetensors). */
  stored?: FloatKind | 'mixed';
  /** The configuration carried by a concord-run export, if any. */
  config?: Record<string, unknown>;
}

export interface LoadedRun {
  kind: 'run';
  config: Record<string, unknown>;
  series: Record<string, number[]> | null;
  step: number | null;
}

export type LoadedFile = LoadedGradients | LoadedRun;

/** A concord-run export: JSON whose first key is "format": "concord-run" (cheap check first). */
function asRun(name: string, bytes: Uint8Array): RunExport | null {
  if (detectFormat(name, bytes).format !== 'json' || bytes.length > 2 ** 29) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  if (!/"format"\s*:\s*"concord-run"/.test(text.slice(0, 4096))) return null;
  return parseRun(text);
}

/** Reads in the stored precision (binary formats only; float64 data stays float64). */
function readStored(file: string, format: GradientFormat, bytes: Uint8Array): LoadedGradients {
  const r =
    format === 'npy'
      ? readNpy(bytes, { file, precision: 'stored' })
      : readSafetensors(bytes, { file, precision: 'stored' });
  return {
    kind: 'gradients',
    K: r.gs.K,
    d: r.gs.d,
    g: r.gs.g,
    names: r.names,
    format,
    warnings: r.warnings,
    ...(r.stored ? { stored: r.stored } : {}),
  };
}

function checkK<T extends { K: number; d: number }>(file: string, x: T): T {
  if (x.K > MAX_IMPORT_K) {
    throw new InputError(
      file,
      `has K = ${x.K} gradient rows of length ${x.d}; Concord analyses at most ${MAX_IMPORT_K} tasks (is the file transposed? one row per task)`,
    );
  }
  return x;
}

/** Memory exhaustion while allocating, as V8 reports it. */
const OUT_OF_MEMORY =
  /allocation failed|Invalid typed array length|Invalid array buffer length|Invalid string length/;

/** Reads a dropped file (module comment). Throws InputError only. */
export function readDroppedFile(name: string, bytes: Uint8Array): LoadedFile {
  const file = name || 'file';
  try {
    if (bytes.length === 0) throw new InputError(file, 'is empty');
    const run = asRun(name, bytes);
    if (run) {
      if (!run.gradients) {
        return {
          kind: 'run',
          config: run.config,
          series: run.series ?? null,
          step: run.step ?? null,
        };
      }
    }
    const { format } = detectFormat(name, bytes);
    if (!run && bytes.length > LARGE_FILE_BYTES && (format === 'npy' || format === 'safetensors')) {
      return checkK(file, readStored(file, format, bytes));
    }
    const r = importGradients(name, bytes);
    checkK(file, { K: r.gs.K, d: r.gs.d });
    const out: LoadedGradients = {
      kind: 'gradients',
      K: r.gs.K,
      d: r.gs.d,
      g: r.gs.g,
      names: r.names,
      format: r.format,
      warnings: r.warnings,
    };
    if (r.spec) out.spec = r.spec;
    if (r.stored) out.stored = r.stored;
    if (run) out.config = run.config;
    return out;
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

export interface ExportSource {
  config: Record<string, unknown>;
  /** The imported set (with its data), when the imported mode is on. */
  imported: { K: number; d: number; g: Float64Array | Float32Array | null; names: string[] } | null;
  series: Record<string, number[]>;
  step: number;
}

/**
 * The concord-run JSON of the current state: config + gradients + names for an imported set,
 * config + series + step for a problem run. Throws InputError for an imported set whose data was
 * released (more than JSON_EXPORT_MAX_ENTRIES entries: the original file is the export).
 */
export function runExportText(src: ExportSource): string {
  if (src.imported) {
    const { K, d, g, names } = src.imported;
    if (!g || K * d > JSON_EXPORT_MAX_ENTRIES) {
      throw new InputError(
        'export',
        `an imported set of K·d = ${K * d} entries is too large for JSON (limit ` +
          `${JSON_EXPORT_MAX_ENTRIES}); keep the original file, it re-imports to the same view`,
      );
    }
    const rows = Array.from({ length: K }, (_, i) => Array.from(g.subarray(i * d, (i + 1) * d)));
    return serializeRun({
      format: 'concord-run',
      version: 1,
      config: src.config,
      gradients: rows,
      names,
    });
  }
  return serializeRun({
    format: 'concord-run',
    version: 1,
    config: src.config,
    series: src.series,
    step: src.step,
  });
}
