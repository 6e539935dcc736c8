/**
 * The one table of the fields that the command line and the page both take (problem, K, d,
 * method, α, τ, c, η, steps, seed, flow …), with the rule each value must meet, and the one
 * checker both go through: the command line's flags (src/cli/sharedFlags.ts) and the page's link
 * decoder (src/state/configSchema.ts, urlCodec.ts). So both accept and refuse the same values,
 * with the same message: `<field>: got <value>; <what is allowed>`; the command line names the
 * field by its flag (`--eig-min`), the page by its key (`eigMin`).
 *
 * Two scopes. 'run' is the limit of any run (the command line's). 'live' is the page's live run,
 * which draws and steps every frame: for a few fields (K, d, groups, and the aggregator counts
 * that follow K) it is a second, named, stricter limit, stated here with its reason. The
 * page's decoder checks 'live'; a value inside 'run' but outside 'live' gets a message saying
 * which limit applies, and the command line's message for a value outside 'run' states the
 * live limit beside it.
 *
 * Numbers are written plainly: an optional sign, digits with an optional point, an optional
 * exponent (`0.5`, `-3`, `1e-3`). Hexadecimal, blanks, `Infinity`, `NaN` and empty text are
 * refused; a number beyond float64 (`1e999`) is refused as not finite.
 */
import { FLOW_KINDS } from '../flows/run';
import { PROBLEM_IDS } from '../problems/index';
import { QUADRATIC_MAX_ENTRIES } from '../problems/quadraticGroups';
import { METHOD_IDS } from '../types';

/** Limits of the page's live run, applied by the page on top of the run's. */
export interface LiveLimit {
  min?: number;
  max?: number;
  /** Why the live run is stricter (shown in the message). */
  why: string;
}

export type FieldRule =
  | { kind: 'int' | 'float'; min: number; max: number; live?: LiveLimit }
  | { kind: 'enum'; values: readonly string[] };

export interface SharedField {
  /** The command-line flag, without its `--`. */
  readonly flag: string;
  readonly rule: FieldRule;
}

/** Most objectives of a generated problem (the quadratic-groups generator's own bound). */
export const RUN_MAX_K = 4096;
/** Most objectives of the page's live run (a K×K Gram matrix and K arrows every frame). */
export const LIVE_MAX_K = 32;
/** Largest dimension of the page's live run (every frame steps and draws all of θ). */
export const LIVE_MAX_D = 256;
/** Most entries K·d of a generated problem (2^24; 128 MiB of float64 per copy of θ or g). */
export const RUN_MAX_ENTRIES = QUADRATIC_MAX_ENTRIES;

const LIVE_K = 'the live page steps and draws every frame; K ≤ 32';

export const SHARED_FIELDS = {
  problem: { flag: 'problem', rule: { kind: 'enum', values: PROBLEM_IDS } },
  K: {
    flag: 'K',
    rule: { kind: 'int', min: 2, max: RUN_MAX_K, live: { max: LIVE_MAX_K, why: LIVE_K } },
  },
  d: {
    flag: 'd',
    rule: {
      kind: 'int',
      min: 1,
      max: RUN_MAX_ENTRIES,
      live: {
        min: 2,
        max: LIVE_MAX_D,
        why: 'the live page steps and draws all of θ every frame, shown in 2-D or 3-D; 2 ≤ d ≤ 256',
      },
    },
  },
  groups: {
    flag: 'groups',
    rule: {
      kind: 'int',
      min: 1,
      max: RUN_MAX_K,
      live: { max: 8, why: 'the live page colours at most 8 groups' },
    },
  },
  groupRadius: { flag: 'radius', rule: { kind: 'float', min: 0, max: 10 } },
  spread: { flag: 'spread', rule: { kind: 'float', min: 0, max: 5 } },
  eigMin: { flag: 'eig-min', rule: { kind: 'float', min: 1e-4, max: 1e4 } },
  eigMax: { flag: 'eig-max', rule: { kind: 'float', min: 1e-4, max: 1e4 } },
  seed: { flag: 'seed', rule: { kind: 'int', min: 0, max: 0xffffffff } },
  method: { flag: 'method', rule: { kind: 'enum', values: METHOD_IDS } },
  alpha: { flag: 'alpha', rule: { kind: 'float', min: 0, max: 1 } },
  tau: { flag: 'tau', rule: { kind: 'float', min: 0, max: 1 } },
  c: { flag: 'c', rule: { kind: 'float', min: 0, max: 0.99 } },
  flow: { flag: 'kind', rule: { kind: 'enum', values: FLOW_KINDS } },
  eta: { flag: 'eta', rule: { kind: 'float', min: 1e-6, max: 10 } },
  epsSwitch: { flag: 'eps-switch', rule: { kind: 'float', min: 1e-12, max: 1 } },
  steps: { flag: 'steps', rule: { kind: 'int', min: 0, max: 10_000_000 } },
  mode: { flag: 'mode', rule: { kind: 'enum', values: ['simultaneous', 'sequential'] } },
  gating: { flag: 'gating', rule: { kind: 'enum', values: ['conflicting', 'all'] } },
  order: { flag: 'order', rule: { kind: 'enum', values: ['random', 'fixed'] } },
  shuffle: { flag: 'shuffle', rule: { kind: 'enum', values: ['per-step', 'once'] } },
  scale: { flag: 'scale', rule: { kind: 'enum', values: ['sum', 'mean'] } },
  beta: { flag: 'beta', rule: { kind: 'float', min: 1e-4, max: 1 } },
  byzantine: {
    flag: 'byzantine',
    rule: {
      kind: 'int',
      min: 0,
      max: RUN_MAX_K,
      live: { max: 29, why: `${LIVE_K}, Krum needs K ≥ 2f + 3` },
    },
  },
  selected: {
    flag: 'selected',
    rule: { kind: 'int', min: 1, max: RUN_MAX_K, live: { max: 32, why: LIVE_K } },
  },
  trim: {
    flag: 'trim',
    rule: {
      kind: 'int',
      min: 0,
      max: RUN_MAX_K,
      live: { max: 15, why: `${LIVE_K}, trim ≤ (K − 1)/2` },
    },
  },
  // The method atlas (`lab atlas`, the atlas page): its own K, d, number of sets and seed.
  atlasK: { flag: 'K', rule: { kind: 'int', min: 2, max: 12 } },
  atlasD: { flag: 'd', rule: { kind: 'int', min: 1, max: 64 } },
  atlasSets: { flag: 'sets', rule: { kind: 'int', min: 1, max: 2000 } },
  atlasSeed: { flag: 'seed', rule: { kind: 'int', min: 0, max: 0x7fffffff } },
} as const satisfies Record<string, SharedField>;

export type SharedKey = keyof typeof SHARED_FIELDS;
export const SHARED_KEYS = Object.keys(SHARED_FIELDS) as SharedKey[];
export type Scope = 'run' | 'live';

export type Checked = { ok: true; value: number | string } | { ok: false; message: string };

/** A plain numeric literal (see the module comment). */
export const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** Characters of a refused text echoed in a message. */
export const MAX_ECHO = 40;

/** Text as quoted in a message: at most MAX_ECHO characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text);
}

const interval = (min: number, max: number) => `[${min}, ${max}]`;

/** The [min, max] a numeric field accepts in `scope` (the live limit inside the run's). */
export function fieldRange(key: SharedKey, scope: Scope): [number, number] {
  const rule: FieldRule = SHARED_FIELDS[key].rule;
  if (rule.kind === 'enum') throw new Error(`${key} is not numeric`);
  if (scope === 'run' || !rule.live) return [rule.min, rule.max];
  return [rule.live.min ?? rule.min, rule.live.max ?? rule.max];
}

/** Checks a value already parsed (a number or a string) against the field's rule in `scope`. */
export function checkFieldValue(key: SharedKey, value: unknown, scope: Scope): Checked {
  const rule: FieldRule = SHARED_FIELDS[key].rule;
  if (rule.kind === 'enum') {
    if (typeof value === 'string' && rule.values.includes(value)) return { ok: true, value };
    const shown = typeof value === 'string' ? quote(value) : String(value);
    return { ok: false, message: `got ${shown}; must be one of ${rule.values.join(', ')}` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, message: `got ${String(value)}; must be a finite number` };
  }
  if (rule.kind === 'int' && !Number.isInteger(value)) {
    return { ok: false, message: `got ${value}; must be an integer` };
  }
  const [min, max] = [rule.min, rule.max];
  if (value < min || value > max) {
    const live = rule.live
      ? `; the page's live run allows ${interval(...fieldRange(key, 'live'))}`
      : '';
    return {
      ok: false,
      message: `got ${value}; must be in ${interval(min, max)} (the limit of any run${live})`,
    };
  }
  if (scope === 'live' && rule.live) {
    const [lo, hi] = fieldRange(key, 'live');
    if (value < lo || value > hi) {
      return {
        ok: false,
        message:
          `got ${value}; the page's live run allows ${interval(lo, hi)} (${rule.live.why}); ` +
          `the command line accepts ${interval(min, max)}`,
      };
    }
  }
  return { ok: true, value };
}

/** Parses a field's text (a flag's value, a link's value) and checks it in `scope`. */
export function checkFieldText(key: SharedKey, text: string, scope: Scope): Checked {
  const rule: FieldRule = SHARED_FIELDS[key].rule;
  if (rule.kind === 'enum') return checkFieldValue(key, text, scope);
  if (!PLAIN_NUMBER.test(text)) {
    return {
      ok: false,
      message: `got ${quote(text)}; must be a number written plainly (like 0.5, 3 or 1e-3)`,
    };
  }
  const x = Number(text);
  if (!Number.isFinite(x)) {
    return { ok: false, message: `got ${quote(text)}; is beyond float64's range (about ±1.8e308)` };
  }
  return checkFieldValue(key, x, scope);
}

/** K·d ≤ RUN_MAX_ENTRIES, or the message (field `K · d`). */
export function entriesRule(K: number, d: number): string | null {
  return K * d > RUN_MAX_ENTRIES
    ? `got K·d = ${K}·${d} = ${K * d}; a problem holds at most ${RUN_MAX_ENTRIES} (2^24) entries`
    : null;
}

/** groups ≤ K, or the message (field `groups`). */
export function groupsRule(groups: number, K: number): string | null {
  return groups > K ? `got ${groups}; must be ≤ K = ${K}` : null;
}

/** eigMin ≤ eigMax, or the message (field `eigMin`). */
export function eigRule(eigMin: number, eigMax: number): string | null {
  return eigMin > eigMax ? `got ${eigMin}; must be ≤ eigMax = ${eigMax}` : null;
}

/**
 * The rules between fields of a generated problem, checked after each field on its own:
 * entriesRule, eigRule, groupsRule (the order of the page's decoder). Returns the first broken one as [field, message], or null.
 */
export function checkProblemFields(p: {
  K: number;
  d: number;
  groups: number;
  eigMin: number;
  eigMax: number;
}): [field: 'K · d' | 'groups' | 'eigMin', message: string] | null {
  const entries = entriesRule(p.K, p.d);
  if (entries) return ['K · d', entries];
  const eig = eigRule(p.eigMin, p.eigMax);
  if (eig) return ['eigMin', eig];
  const groups = groupsRule(p.groups, p.K);
  return groups ? ['groups', groups] : null;
}
