/**
 * The `project` input format, shared by the CLI and the importer:
 *   {"gradients": number[][], "method": "...", "alpha"?, "mode"?, "A"?: number[][], "gating"?,
 *    "order"?, "seed"?, "tau"?, "c"?, "scale"?, "torchjd"?, "pref"?, "weights"?, "beta"?,
 *    "target"?, "byzantine"?, "selected"?, "trim"?}
 * Parsing checks every field and throws InputError naming it; nothing is coerced silently. The
 * fields shared with the flags and the links (α, τ, c, seed, mode …) meet the rule and give the
 * message of src/core/validate/sharedFields.ts.
 * The command line (`lab project`) and the page's JSON import read this format through the same
 * functions (parseJsonText, checkRows, parseProjectInput), with the limits of limits.ts checked
 * before anything is allocated, so both accept and refuse the same inputs.
 */
import { InputError } from '../errors';
import { DEFAULT_TAU, type GradSet, gradSetFromRows, METHOD_IDS, type MethodSpec } from '../types';
import { checkFieldValue, SHARED_KEYS } from '../validate/sharedFields';
import { checkSetSize, checkTextBytes } from './limits';

const KNOWN = new Set([
  'gradients',
  'method',
  'alpha',
  'mode',
  'A',
  'gating',
  'order',
  'seed',
  'tau',
  'c',
  'scale',
  'torchjd',
  'pref',
  'weights',
  'beta',
  'target',
  'byzantine',
  'selected',
  'trim',
]);

/** A list of K finite numbers (pref, weights). */
function vectorOf(o: Record<string, unknown>, key: string, K: number): Float64Array | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== K) {
    throw new InputError(key, `must be an array of K = ${K} numbers`);
  }
  for (let i = 0; i < K; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) {
      throw new InputError(`${key}[${i}]`, `must be a finite number, got ${JSON.stringify(v[i])}`);
    }
  }
  return Float64Array.from(v as number[]);
}

function num(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InputError(key, `must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

function oneOf<T extends string>(o: Record<string, unknown>, key: string, allowed: readonly T[]) {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new InputError(key, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  return v as T;
}

/** Reads a K×K matrix given as K rows of K finite numbers into a row-major Float64Array. */
export function matrixFromRows(v: unknown, K: number, field: string): Float64Array {
  if (!Array.isArray(v) || v.length !== K) {
    throw new InputError(field, `must be a ${K}×${K} array of rows (K = ${K} gradients)`);
  }
  const A = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    const r = v[i];
    if (!Array.isArray(r) || r.length !== K) {
      throw new InputError(`${field}[${i}]`, `must be an array of ${K} numbers`);
    }
    for (let j = 0; j < K; j++) {
      const x = r[j];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new InputError(`${field}[${i}][${j}]`, `must be a finite number, got ${x}`);
      }
      A[i * K + j] = x;
    }
  }
  return A;
}

/**
 * JSON.parse of a text input, with a leading byte-order mark removed (editors on Windows write
 * one) and the parser's complaint under `field`.
 */
export function parseJsonText(text: string, field: string): unknown {
  checkTextBytes(text.length, field);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new InputError(field, `is not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Checks that `rows` is an array of arrays within the size limits before anything is allocated,
 * so an object with a forged `length` (e.g. {"length": 1e15}) never sizes an allocation; lengths
 * and values are then checked by gradSetFromRows.
 */
export function checkRows(rows: unknown, field: string): number[][] {
  if (!Array.isArray(rows)) {
    throw new InputError(field, 'must be an array of K gradient vectors (number[][])');
  }
  for (let i = 0; i < rows.length; i++) {
    if (!Array.isArray(rows[i])) {
      throw new InputError(`${field}[${i}]`, 'must be an array of numbers');
    }
  }
  if (rows.length > 0) checkSetSize(rows.length, (rows[0] as unknown[]).length, field);
  return rows as number[][];
}

export interface ProjectInput {
  gs: GradSet;
  spec: MethodSpec;
}

/** Parses and validates a text in the `project` format (the command line's `--input`). */
export function parseProjectText(text: string, field = 'input'): ProjectInput {
  return parseProjectInput(parseJsonText(text, field));
}

/** Validates a parsed JSON value in the `project` format. */
export function parseProjectInput(value: unknown): ProjectInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('input', 'must be a JSON object with "gradients" and "method"');
  }
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k)) throw new InputError(k, 'is not a field of the project format');
  }
  const gs = gradSetFromRows(checkRows(o.gradients, 'gradients'));
  if (gs.K < 2) {
    throw new InputError('gradients', `holds ${gs.K} gradient; conflict needs K ≥ 2 objectives`);
  }
  const method = o.method;
  if (typeof method !== 'string' || !(METHOD_IDS as readonly string[]).includes(method)) {
    throw new InputError('method', `must be one of ${METHOD_IDS.join(', ')}`);
  }
  // The fields shared with the command line's flags and the page's links: the same rule there.
  for (const key of SHARED_KEYS) {
    if (o[key] === undefined || !KNOWN.has(key)) continue;
    const r = checkFieldValue(key, o[key], 'run');
    if (!r.ok) throw new InputError(key, r.message);
  }
  const spec: MethodSpec = { id: method as MethodSpec['id'] };
  const alpha = num(o, 'alpha');
  if (alpha !== undefined) spec.alpha = alpha;
  const c = num(o, 'c');
  if (c !== undefined) spec.c = c;
  const tau = num(o, 'tau');
  spec.tau = tau ?? DEFAULT_TAU;
  const seed = num(o, 'seed');
  if (seed !== undefined) {
    if (!Number.isInteger(seed)) throw new InputError('seed', 'must be an integer');
    spec.seed = seed;
  }
  const mode = oneOf(o, 'mode', ['simultaneous', 'sequential'] as const);
  if (mode) spec.mode = mode;
  const gating = oneOf(o, 'gating', ['conflicting', 'all'] as const);
  if (gating) spec.gating = gating;
  const order = oneOf(o, 'order', ['random', 'fixed'] as const);
  if (order) spec.order = order;
  if (o.A !== undefined) spec.A = matrixFromRows(o.A, gs.K, 'A');
  const scale = oneOf(o, 'scale', ['sum', 'mean'] as const);
  if (scale) spec.scale = scale;
  if (o.torchjd !== undefined) {
    if (typeof o.torchjd !== 'boolean') throw new InputError('torchjd', 'must be true or false');
    spec.torchjd = o.torchjd;
  }
  const pref = vectorOf(o, 'pref', gs.K);
  if (pref) spec.pref = pref;
  const weights = vectorOf(o, 'weights', gs.K);
  if (weights) spec.weights = weights;
  for (const key of ['beta', 'target', 'byzantine', 'selected', 'trim'] as const) {
    const v = num(o, key);
    if (v !== undefined) spec[key] = v;
  }
  return { gs, spec };
}
