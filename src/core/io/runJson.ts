/**
 * A Concord run exported as JSON, re-importable to the same state:
 *   {"format": "concord-run", "version": 1, "config": {…}, "gradients"?: number[][],
 *    "names"?: string[], "series"?: {name: number[]}, "step"?: number}
 *
 * - config: a JSON object (the URL-shared configuration); kept as is.
 * - gradients: K ≥ 2 rows of equal length d ≥ 1, finite entries.
 * - names: one string per gradient row (requires gradients).
 * - series: named traces. JSON has no NaN or ±Infinity, and a trace may hold them (an undefined
 *   B is NaN, a diverging loss +Infinity), so serializeRun writes those as the strings "NaN",
 *   "Infinity", "-Infinity" and parseRun reads them back: the round trip is exact (except that
 *   JSON writes −0 as 0, an equal number).
 * - step: a non-negative integer.
 * Unknown fields and any other version are rejected; every error is an InputError naming the
 * field.
 */
import { InputError } from '../errors';

export interface RunExport {
  format: 'concord-run';
  version: 1;
  config: Record<string, unknown>;
  gradients?: number[][];
  names?: string[];
  series?: Record<string, number[]>;
  step?: number;
}

const FIELDS = new Set(['format', 'version', 'config', 'gradients', 'names', 'series', 'step']);

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function checkGradients(v: unknown): number[][] {
  if (!Array.isArray(v) || v.length < 2) {
    throw new InputError('gradients', 'must be an array of K ≥ 2 gradient rows');
  }
  const d = Array.isArray(v[0]) ? v[0].length : 0;
  return v.map((r, i) => {
    if (!Array.isArray(r) || r.length === 0 || r.length !== d) {
      throw new InputError(`gradients[${i}]`, `must be an array of ${d || 'd ≥ 1'} numbers`);
    }
    r.forEach((x, k) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new InputError(`gradients[${i}][${k}]`, `must be a finite number, got ${x}`);
      }
    });
    return [...r];
  });
}

/** Deepest nesting accepted in `config`. */
const MAX_DEPTH = 64;

/**
 * Checks that `v` is plain JSON data (null, booleans, strings, finite numbers, arrays and plain
 * objects, nested at most 64 deep), so that writing and re-reading it reproduces it.
 */
function checkJson(v: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new InputError(path, `is nested deeper than ${MAX_DEPTH} levels`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InputError(path, `must be a finite number, got ${v}`);
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) checkJson(v[i], `${path}[${i}]`, depth + 1);
    return;
  }
  const proto = typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new InputError(path, `must be JSON data, got ${typeof v}`);
  }
  for (const [k, x] of Object.entries(v as object)) checkJson(x, `${path}.${k}`, depth + 1);
}

/**
 * Validates a run, given as a parsed value. `encoded` says whether series entries are in their
 * JSON form (non-finite values as strings) and are to be decoded.
 */
function validate(value: unknown, encoded: boolean): RunExport {
  if (!isRecord(value)) throw new InputError('run', 'must be a JSON object');
  for (const k of Object.keys(value)) {
    if (!FIELDS.has(k)) throw new InputError(k, 'is not a field of a concord-run export');
  }
  if (value.format !== 'concord-run') {
    throw new InputError('format', `must be "concord-run", got ${JSON.stringify(value.format)}`);
  }
  if (value.version !== 1) {
    throw new InputError(
      'version',
      `must be 1 (this Concord reads version 1), got ${JSON.stringify(value.version)}`,
    );
  }
  if (!isRecord(value.config)) throw new InputError('config', 'must be a JSON object');
  checkJson(value.config, 'config', 0);
  const out: RunExport = { format: 'concord-run', version: 1, config: value.config };
  if (value.gradients !== undefined) out.gradients = checkGradients(value.gradients);
  if (value.names !== undefined) {
    const names = value.names;
    if (!Array.isArray(names) || !names.every((s) => typeof s === 'string')) {
      throw new InputError('names', 'must be an array of strings');
    }
    if (!out.gradients) throw new InputError('names', 'are given without gradients');
    if (names.length !== out.gradients.length) {
      throw new InputError(
        'names',
        `has ${names.length} names for ${out.gradients.length} gradients`,
      );
    }
    out.names = [...names];
  }
  if (value.series !== undefined) {
    if (!isRecord(value.series)) throw new InputError('series', 'must be an object of arrays');
    const series: Record<string, number[]> = Object.create(null);
    for (const [key, trace] of Object.entries(value.series)) {
      if (!Array.isArray(trace)) throw new InputError(`series.${key}`, 'must be an array');
      series[key] = trace.map((x, t) => {
        if (typeof x === 'number' && (encoded ? Number.isFinite(x) : true)) return x;
        if (encoded && typeof x === 'string' && Object.hasOwn(NON_FINITE, x)) return NON_FINITE[x];
        throw new InputError(
          `series.${key}[${t}]`,
          `must be a number${encoded ? ' or "NaN", "Infinity", "-Infinity"' : ''}, got ${JSON.stringify(x)}`,
        );
      });
    }
    out.series = series;
  }
  if (value.step !== undefined) {
    if (!Number.isSafeInteger(value.step) || (value.step as number) < 0) {
      throw new InputError(
        'step',
        `must be a non-negative integer, got ${JSON.stringify(value.step)}`,
      );
    }
    out.step = value.step as number;
  }
  return out;
}

/**
 * Validates a run and writes it as JSON (two-space indentation), with non-finite series values
 * as strings. The config must be plain JSON data (JSON.stringify must reproduce it).
 */
export function serializeRun(x: RunExport): string {
  const run = validate(x, false);
  const json: Record<string, unknown> = { ...run };
  if (run.series) {
    const series: Record<string, (number | string)[]> = {};
    for (const [key, trace] of Object.entries(run.series)) {
      Object.defineProperty(series, key, {
        value: trace.map((v) => (Number.isFinite(v) ? v : String(v))),
        enumerable: true,
      });
    }
    json.series = series;
  }
  return JSON.stringify(json, null, 2);
}

/** Parses and validates the text of a concord-run export. */
export function parseRun(text: string): RunExport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError('run', `is not valid JSON (${(e as Error).message})`);
  }
  return validate(value, true);
}
