/**
 * The typed property table of Concord's shared configuration: one entry per field with its type,
 * default, allowed range or values, and the codec that writes it to and reads it from the URL
 * hash. Every view reads the configuration; a link therefore reproduces a view exactly (same
 * problem, same seed, same numbers).
 *
 * Numbers are written with String(x), the shortest text that parses back to the same float64,
 * so a round trip through the URL is exact.
 */
import { META_LOSS_IDS, type MetaLossId } from '../core/meta/metaLoss';
import { METHOD_IDS, type MethodId } from '../core/types';

export const PROBLEM_IDS = ['quadratic-groups', 'cagrad-toy', 'convex-pair'] as const;
export type ProblemId = (typeof PROBLEM_IDS)[number];
export const FLOW_KINDS = ['loss', 'bflow', 'two-phase'] as const;
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
  /** upgrad, dualproj: TorchJD's trace normalisation and 1e-4 regulariser. */
  torchjd: boolean;
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

export const CONFIG_FIELDS: { readonly [k in keyof Config]: FieldSpec } = {
  preset: { kind: 'enum', def: '', values: PRESET_IDS },
  problem: { kind: 'enum', def: 'quadratic-groups', values: PROBLEM_IDS },
  K: { kind: 'int', def: 6, min: 2, max: 32 },
  d: { kind: 'int', def: 3, min: 2, max: 256 },
  groups: { kind: 'int', def: 2, min: 1, max: 8 },
  groupRadius: { kind: 'float', def: 2, min: 0, max: 10 },
  spread: { kind: 'float', def: 0.3, min: 0, max: 5 },
  eigMin: { kind: 'float', def: 0.5, min: 1e-4, max: 1e4, log: true },
  eigMax: { kind: 'float', def: 2, min: 1e-4, max: 1e4, log: true },
  seed: { kind: 'int', def: 7, min: 0, max: 2 ** 31 - 1 },
  start: { kind: 'int', def: 0, min: 0, max: 15 },
  method: { kind: 'enum', def: 'cosine', values: METHOD_IDS },
  alpha: { kind: 'float', def: 0.5, min: 0, max: 1 },
  mode: { kind: 'enum', def: 'simultaneous', values: ['simultaneous', 'sequential'] },
  gating: { kind: 'enum', def: 'conflicting', values: ['conflicting', 'all'] },
  order: { kind: 'enum', def: 'fixed', values: ['random', 'fixed'] },
  shuffle: { kind: 'enum', def: 'per-step', values: ['per-step', 'once'] },
  tau: { kind: 'float', def: 1e-9, min: 0, max: 1 },
  c: { kind: 'float', def: 0.5, min: 0, max: 0.99 },
  flow: { kind: 'enum', def: 'loss', values: FLOW_KINDS },
  eta: { kind: 'float', def: 0.02, min: 1e-6, max: 10, log: true },
  epsSwitch: { kind: 'float', def: 1e-2, min: 1e-12, max: 1, log: true },
  stepsPerFrame: { kind: 'int', def: 1, min: 1, max: 1000 },
  backend: { kind: 'enum', def: 'auto', values: BACKEND_PREFS },
  compare: { kind: 'enum', def: 'none', values: COMPARE_IDS },
  showRaw: { kind: 'bool', def: true },
  showProjected: { kind: 'bool', def: true },
  learnA: { kind: 'bool', def: false },
  metaLoss: { kind: 'enum', def: 'worst-objective', values: META_LOSS_IDS },
  view: { kind: 'enum', def: 'live', values: ['live', 'lab', 'atlas'] },
  scale: { kind: 'enum', def: 'sum', values: ['sum', 'mean'] },
  torchjd: { kind: 'bool', def: false },
  beta: { kind: 'float', def: 0.01, min: 1e-4, max: 1, log: true },
  byzantine: { kind: 'int', def: 0, min: 0, max: 29 },
  selected: { kind: 'int', def: 1, min: 1, max: 32 },
  trim: { kind: 'int', def: 1, min: 0, max: 15 },
  weights: {
    kind: 'string',
    def: '',
    pattern:
      /^$|^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?(,[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?){0,31}$/,
  },
  atlasK: { kind: 'int', def: 4, min: 2, max: 12 },
  atlasD: { kind: 'int', def: 3, min: 1, max: 64 },
  atlasSets: { kind: 'int', def: 100, min: 1, max: 2000 },
  atlasSeed: { kind: 'int', def: 1, min: 0, max: 2 ** 31 - 1 },
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
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
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
