/**
 * The typed property table of Concord's shared configuration: one entry per field with its type,
 * default, allowed range or values, and the codec that writes it to and reads it from the URL
 * hash. Every view reads the configuration; a link therefore reproduces a view exactly (same
 * problem, same seed, same numbers).
 *
 * Numbers are written with String(x), the shortest text that parses back to the same float64,
 * so a round trip through the URL is exact.
 *
 * The fields the command line also takes (problem, K, d, method, α, τ, c, η, seed, flow …) get
 * their range or values from the shared table (src/core/validate/sharedFields.ts), in its 'live'
 * scope, and are read through its checker (decodeField), so a link and a command line accept and
 * refuse the same values with the same message.
 */
import { META_LOSS_IDS, type MetaLossId } from '../core/meta/metaLoss';
import { METHOD_IDS, type MethodId } from '../core/types';
import {
  type Checked,
  checkFieldText,
  fieldRange,
  PLAIN_NUMBER,
  quote,
  type Scope,
  SHARED_FIELDS,
  type SharedKey,
} from '../core/validate/sharedFields';

export const PROBLEM_IDS = SHARED_FIELDS.problem.rule.values;
export type ProblemId = (typeof PROBLEM_IDS)[number];
export const FLOW_KINDS = SHARED_FIELDS.flow.rule.values;
export type FlowKind = (typeof FLOW_KINDS)[number];
export const BACKEND_PREFS = ['auto', 'gpu', 'cpu'] as const;
export type BackendPref = (typeof BACKEND_PREFS)[number];
export const COMPARE_IDS = ['none', ...METHOD_IDS] as const;
export type CompareId = (typeof COMPARE_IDS)[number];

/** Ids of the presets of presets.ts ('' = none); the preset table must list exactly these. */
export const PRESET_IDS = [
  '',
  'pcgrad-vs-cosine',
  'group-discovery',
  'bflow-floor',
  'cagrad-toy',
  'ill-conditioned',
  'sandbox',
] as const;

/**
 * Gradients of the "your own gradients" sandbox in the URL: K rows (2 ≤ K ≤ 8) of d numbers
 * (d = 2 or 3), numbers separated by ',' and rows by ';'. Equal row lengths are checked by the
 * sandbox itself (src/ui/sandbox/sandboxSet.ts), which names the field when they differ.
 */
const SANDBOX_NUM = String.raw`-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?`;
const SANDBOX_ROW = `${SANDBOX_NUM}(?:,${SANDBOX_NUM}){1,2}`;
export const SANDBOX_PATTERN = new RegExp(`^${SANDBOX_ROW}(?:;${SANDBOX_ROW}){1,7}$`);
export const SANDBOX_DEFAULT = '1,0.2;-0.7,0.6';

export interface Config {
  preset: string;
  problem: ProblemId;
  K: number;
  d: number;
  groups: number;
  groupRadius: number;
  spread: number;
  eigMin: number;
  eigMax: number;
  seed: number;
  start: number;
  method: MethodId;
  alpha: number;
  mode: 'simultaneous' | 'sequential';
  gating: 'conflicting' | 'all';
  order: 'random' | 'fixed';
  /** PCGrad's random order: drawn afresh at every step (as published) or once per run. */
  shuffle: 'per-step' | 'once';
  tau: number;
  c: number;
  flow: FlowKind;
  eta: number;
  epsSwitch: number;
  stepsPerFrame: number;
  backend: BackendPref;
  compare: CompareId;
  showRaw: boolean;
  showProjected: boolean;
  /** Learn the interaction matrix live by meta-gradient (interaction method). */
  learnA: boolean;
  /** Meta-loss of the live learning (MATH.md §6). */
  metaLoss: MetaLossId;
  /** Which page is open: the live run, the lab or the method atlas. */
  view: 'live' | 'lab' | 'atlas';
  /** Scaling convention of the method (core/methods/index.ts): Concord's sum or TorchJD's mean. */
  scale: 'sum' | 'mean';
  /** upgrad, dualproj: TorchJD's trace normalisation and 1e-4 regulariser (the running method). */
  torchjd: boolean;
  /** The same for the compared method, so that upgrad can run beside upgrad with TorchJD's Gram. */
  compareTorchjd: boolean;
  /** gradvac: EMA rate β of the running targets. */
  beta: number;
  /** krum: assumed adversarial rows f. */
  byzantine: number;
  /** krum: Multi-Krum's selected rows m. */
  selected: number;
  /** trimmedmean: rows trimmed at each end of every coordinate. */
  trim: number;
  /** constant: comma-separated weights w_1..w_K ('' = all 1). */
  weights: string;
  /** Method atlas: K, d, number of random sets and their seed. */
  atlasK: number;
  atlasD: number;
  atlasSets: number;
  atlasSeed: number;
  /**
   * What the live page shows: the configured problem's run, or an imported gradient set (the
   * data itself never travels in the URL; a link with 'imported' says so when opened).
   */
  source: 'problem' | 'imported' | 'sandbox';
  /** The sandbox's gradients (source 'sandbox'), rows ';', entries ','. */
  sandboxG: string;
  /** Presentation mode: large type, dense panels hidden (for a projector). */
  present: boolean;
}

export type FieldSpec =
  | { kind: 'int'; def: number; min: number; max: number }
  | { kind: 'float'; def: number; min: number; max: number; log?: boolean }
  | { kind: 'enum'; def: string; values: readonly string[] }
  | { kind: 'bool'; def: boolean }
  | { kind: 'string'; def: string; pattern: RegExp };

/** A numeric field of the shared table, with its default and the live page's range. */
function shared(key: SharedKey, kind: 'int' | 'float', def: number, log?: true): FieldSpec {
  const [min, max] = fieldRange(key, 'live');
  return kind === 'int'
    ? { kind, def, min, max }
    : { kind, def, min, max, ...(log ? { log } : {}) };
}

export const CONFIG_FIELDS: { readonly [k in keyof Config]: FieldSpec } = {
  preset: { kind: 'enum', def: '', values: PRESET_IDS },
  problem: { kind: 'enum', def: 'quadratic-groups', values: PROBLEM_IDS },
  K: shared('K', 'int', 6),
  d: shared('d', 'int', 3),
  groups: shared('groups', 'int', 2),
  groupRadius: shared('groupRadius', 'float', 2),
  spread: shared('spread', 'float', 0.3),
  eigMin: shared('eigMin', 'float', 0.5, true),
  eigMax: shared('eigMax', 'float', 2, true),
  seed: shared('seed', 'int', 7),
  start: { kind: 'int', def: 0, min: 0, max: 15 },
  method: { kind: 'enum', def: 'cosine', values: SHARED_FIELDS.method.rule.values },
  alpha: shared('alpha', 'float', 0.5),
  mode: { kind: 'enum', def: 'simultaneous', values: SHARED_FIELDS.mode.rule.values },
  gating: { kind: 'enum', def: 'conflicting', values: SHARED_FIELDS.gating.rule.values },
  order: { kind: 'enum', def: 'fixed', values: SHARED_FIELDS.order.rule.values },
  shuffle: { kind: 'enum', def: 'per-step', values: SHARED_FIELDS.shuffle.rule.values },
  tau: shared('tau', 'float', 1e-9),
  c: shared('c', 'float', 0.5),
  flow: { kind: 'enum', def: 'loss', values: FLOW_KINDS },
  eta: shared('eta', 'float', 0.02, true),
  epsSwitch: shared('epsSwitch', 'float', 1e-2, true),
  stepsPerFrame: { kind: 'int', def: 1, min: 1, max: 1000 },
  backend: { kind: 'enum', def: 'auto', values: BACKEND_PREFS },
  compare: { kind: 'enum', def: 'none', values: COMPARE_IDS },
  showRaw: { kind: 'bool', def: true },
  showProjected: { kind: 'bool', def: true },
  learnA: { kind: 'bool', def: false },
  metaLoss: { kind: 'enum', def: 'worst-objective', values: META_LOSS_IDS },
  view: { kind: 'enum', def: 'live', values: ['live', 'lab', 'atlas'] },
  scale: { kind: 'enum', def: 'sum', values: SHARED_FIELDS.scale.rule.values },
  torchjd: { kind: 'bool', def: false },
  compareTorchjd: { kind: 'bool', def: false },
  beta: shared('beta', 'float', 0.01, true),
  byzantine: shared('byzantine', 'int', 0),
  selected: shared('selected', 'int', 1),
  trim: shared('trim', 'int', 1),
  weights: {
    kind: 'string',
    def: '',
    pattern:
      /^$|^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?(,[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?){0,31}$/,
  },
  atlasK: shared('atlasK', 'int', 4),
  atlasD: shared('atlasD', 'int', 3),
  atlasSets: shared('atlasSets', 'int', 100),
  atlasSeed: shared('atlasSeed', 'int', 1),
  source: { kind: 'enum', def: 'problem', values: ['problem', 'imported', 'sandbox'] },
  sandboxG: { kind: 'string', def: SANDBOX_DEFAULT, pattern: SANDBOX_PATTERN },
  present: { kind: 'bool', def: false },
};

export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as (keyof Config)[];

export function defaultConfig(): Config {
  const out: Record<string, unknown> = {};
  for (const k of CONFIG_KEYS) out[k] = CONFIG_FIELDS[k].def;
  return out as unknown as Config;
}

/** Whether `v` is an admissible value of a field (type, range, allowed values). */
export function isValidValue(spec: FieldSpec, v: unknown): boolean {
  switch (spec.kind) {
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= spec.min && v <= spec.max;
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) && v >= spec.min && v <= spec.max;
    case 'enum':
      return typeof v === 'string' && spec.values.includes(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string' && spec.pattern.test(v);
  }
}

/** Text form of a field's value in the URL. */
export function encodeValue(spec: FieldSpec, v: unknown): string {
  if (spec.kind === 'bool') return v ? '1' : '0';
  return String(v);
}

/**
 * Parses a field's text from the URL. Returns undefined when the text is malformed or the value
 * is out of range (the caller then falls back to the default and reports the field).
 */
export function decodeValue(spec: FieldSpec, text: string): unknown {
  let v: unknown;
  switch (spec.kind) {
    case 'int':
    case 'float': {
      // Number('') is 0 and Number(' 1') is 1: require a plain numeric literal.
      if (!PLAIN_NUMBER.test(text)) return undefined;
      v = Number(text);
      break;
    }
    case 'bool':
      if (text === '1' || text === 'true') v = true;
      else if (text === '0' || text === 'false') v = false;
      else return undefined;
      break;
    default:
      v = text;
  }
  return isValidValue(spec, v) ? v : undefined;
}

/** Whether a configuration key is a field of the shared table (read through its checker). */
export function isSharedKey(key: keyof Config): key is keyof Config & SharedKey {
  return Object.hasOwn(SHARED_FIELDS, key);
}

/** What a field takes, in the words of a refusal message (page-only fields). */
function allowed(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'int':
      return `must be an integer in [${spec.min}, ${spec.max}]`;
    case 'float':
      return `must be a number in [${spec.min}, ${spec.max}]`;
    case 'enum':
      return `must be one of ${spec.values.map((v) => v || '(none)').join(', ')}`;
    case 'bool':
      return 'must be 1 or 0';
    case 'string':
      return 'is not in the expected form';
  }
}

/**
 * Reads a field's text from a link, with the message of a refusal: a shared field through the
 * shared checker in `scope` ('live' by default: the message the command line gives, or the
 * live limit),
 * any other field by its entry here, in the same format `got <value>; <what is allowed>`.
 */
export function decodeField(
  key: keyof Config,
  text: string,
  scope: Scope = 'live',
): { ok: true; value: unknown } | Extract<Checked, { ok: false }> {
  if (isSharedKey(key)) return checkFieldText(key, text, scope);
  const spec = CONFIG_FIELDS[key];
  const v = decodeValue(spec, text);
  return v === undefined
    ? { ok: false, message: `got ${quote(text)}; ${allowed(spec)}` }
    : { ok: true, value: v };
}
