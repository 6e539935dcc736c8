/**
 * The URL hash codec of the configuration: `#key=value&key=value…`, one pair per field of the
 * property table, every field written (so a link does not depend on today's defaults).
 *
 * Reading never throws. Each field is decoded on its own; a malformed or out-of-range value
 * falls back to that field's default and is reported by name. A valid `preset` key makes the
 * preset's configuration the defaults (so `#preset=cagrad-toy` alone is a complete link); the
 * other keys then override it. Unknown keys are reported and
 * ignored: at most MAX_UNKNOWN_REPORTED distinct ones, each cut to MAX_KEY_ECHO characters, with
 * the count of the rest (`unknownMore`). Decoding is linear in the hash length: one pass over
 * the pairs, a Set for the unknown keys, and no pair beyond MAX_HASH_CHARS is read (a link that
 * long is not one Concord writes; its tail is reported as unknown). Cross-field rules are then
 * enforced: eigMin ≤ eigMax (otherwise both fall back), groups ≤ K (otherwise groups falls back
 * to min(default, K)). Each fallback comes with its message (`messages`), in the format the
 * command line uses for the same field and value (src/core/validate/sharedFields.ts).
 */

import { checkFieldValue, eigRule, entriesRule, groupsRule } from '../core/validate/sharedFields';
import {
  CONFIG_FIELDS,
  CONFIG_KEYS,
  type Config,
  decodeField,
  decodeValue,
  defaultConfig,
  encodeValue,
  isSharedKey,
} from './configSchema';
import { presetConfig } from './presets';

export interface DecodedConfig {
  config: Config;
  /** Fields whose URL value was malformed or out of range and fell back to the default. */
  fallbacks: string[];
  /**
   * Why each field fell back, `<field>: got <value>; <what is allowed>`, in the order found
   * (present when a field fell back).
   */
  messages?: string[];
  /** Keys in the URL that are not configuration fields (the first few, cut short). */
  unknown: string[];
  /** Further unknown keys (or unread characters) beyond those listed in `unknown`. */
  unknownMore?: number;
}

/** Distinct unknown keys listed by name; the rest are counted. */
export const MAX_UNKNOWN_REPORTED = 8;
/** Characters of an unknown key echoed back. */
export const MAX_KEY_ECHO = 40;
/** Characters of a hash that are read (a full link of every field is under 1 000). */
export const MAX_HASH_CHARS = 16_384;

/** A key as echoed in a notice: at most MAX_KEY_ECHO characters. */
function echo(key: string): string {
  return key.length > MAX_KEY_ECHO ? `${key.slice(0, MAX_KEY_ECHO)}…` : key;
}

export function encodeConfig(c: Config): string {
  return CONFIG_KEYS.map(
    (k) => `${k}=${encodeURIComponent(encodeValue(CONFIG_FIELDS[k], c[k]))}`,
  ).join('&');
}

function safeDecodeURIComponent(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * Enforces the cross-field rules on `c` in place, pushing the names of fields that fell back
 * (and, when given, why).
 */
export function enforceConsistency(c: Config, fallbacks: string[], messages?: string[]): void {
  const entries = entriesRule(c.K, c.d);
  if (entries) {
    messages?.push(`K · d: ${entries}`);
    c.d = CONFIG_FIELDS.d.def as number;
    if (!fallbacks.includes('d')) fallbacks.push('d');
  }
  const eig = eigRule(c.eigMin, c.eigMax);
  if (eig) {
    messages?.push(`eigMin: ${eig}`);
    c.eigMin = CONFIG_FIELDS.eigMin.def as number;
    c.eigMax = CONFIG_FIELDS.eigMax.def as number;
    for (const f of ['eigMin', 'eigMax']) if (!fallbacks.includes(f)) fallbacks.push(f);
  }
  const groups = groupsRule(c.groups, c.K);
  if (groups) {
    messages?.push(`groups: ${groups}`);
    c.groups = Math.min(CONFIG_FIELDS.groups.def as number, c.K);
    if (!fallbacks.includes('groups')) fallbacks.push('groups');
  }
}

/** Puts field `k` back to its default (that of the preset when one is given) and says why. */
function fallBack(
  config: Record<string, unknown>,
  k: keyof Config,
  message: string,
  fallbacks: string[],
  messages: string[],
): void {
  config[k] = presetOrDefault(config, k);
  if (!fallbacks.includes(k)) fallbacks.push(k);
  messages.push(message);
}

/** The value of `k` in the preset the configuration names, else its default. */
function presetOrDefault(config: Record<string, unknown>, k: keyof Config): unknown {
  const preset = config.preset;
  if (typeof preset === 'string' && preset !== '') {
    return (presetConfig(preset) as unknown as Record<string, unknown>)[k];
  }
  return CONFIG_FIELDS[k].def;
}

/** Reads a hash; when a key occurs more than once, its last occurrence decides. */
export function decodeConfig(hash: string): DecodedConfig {
  let config = defaultConfig() as unknown as Record<string, unknown>;
  const fallbacks: string[] = [];
  const messages: string[] = [];
  const unknown: string[] = [];
  const full = hash.startsWith('#') ? hash.slice(1) : hash;
  const body = full.length > MAX_HASH_CHARS ? full.slice(0, MAX_HASH_CHARS) : full;
  const texts = new Map<keyof Config, string | undefined>();
  const seen = new Set<string>();
  let more = 0;
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const key = rawKey.length > 256 ? rawKey : (safeDecodeURIComponent(rawKey) ?? rawKey);
    if (!Object.hasOwn(CONFIG_FIELDS, key)) {
      const shown = echo(key);
      if (seen.has(shown)) continue;
      seen.add(shown);
      if (unknown.length < MAX_UNKNOWN_REPORTED) unknown.push(shown);
      else more++;
      continue;
    }
    texts.set(key as keyof Config, eq < 0 ? undefined : safeDecodeURIComponent(part.slice(eq + 1)));
  }
  const presetText = texts.get('preset');
  const presetValue =
    presetText === undefined ? undefined : decodeValue(CONFIG_FIELDS.preset, presetText);
  if (typeof presetValue === 'string' && presetValue !== '') {
    config = presetConfig(presetValue) as unknown as Record<string, unknown>;
  }
  // In the order of the command line: each field against the limit of any run, the rules
  // between fields, then the live page's own limits (so a value the command line refuses is
  // refused here with its message; one it accepts but the live page cannot run says so).
  for (const [k, text] of texts) {
    const r =
      text === undefined
        ? ({ ok: false, message: 'has no value (write key=value)' } as const)
        : decodeField(k, text, 'run');
    if (r.ok) config[k] = r.value;
    else fallBack(config, k, `${k}: ${r.message}`, fallbacks, messages);
  }
  const c = config as unknown as Config;
  enforceConsistency(c, fallbacks, messages);
  for (const k of texts.keys()) {
    if (!isSharedKey(k) || fallbacks.includes(k)) continue;
    const r = checkFieldValue(k, c[k], 'live');
    if (!r.ok) fallBack(config, k, `${k}: ${r.message}`, fallbacks, messages);
  }
  enforceConsistency(c, fallbacks, messages);
  if (full.length > MAX_HASH_CHARS) more++;
  return {
    config: c,
    fallbacks,
    ...(messages.length > 0 ? { messages } : {}),
    unknown,
    ...(more > 0 ? { unknownMore: more } : {}),
  };
}
