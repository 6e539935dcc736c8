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
import {
  CONFIG_FIELDS,
  CONFIG_KEYS,
  type Config,
  decodeField,
  decodeValue,
  defaultConfig,
  encodeValue,
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
  if (c.eigMin > c.eigMax) {
    messages?.push(`eigMin: got ${c.eigMin}; must be ≤ eigMax = ${c.eigMax}`);
    c.eigMin = CONFIG_FIELDS.eigMin.def as number;
    c.eigMax = CONFIG_FIELDS.eigMax.def as number;
    for (const f of ['eigMin', 'eigMax']) if (!fallbacks.includes(f)) fallbacks.push(f);
  }
  if (c.groups > c.K) {
    messages?.push(`groups: got ${c.groups}; must be ≤ K = ${c.K}`);
    c.groups = Math.min(CONFIG_FIELDS.groups.def as number, c.K);
    if (!fallbacks.includes('groups')) fallbacks.push('groups');
  }
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
  for (const [k, text] of texts) {
    const r =
      text === undefined
        ? ({ ok: false, message: 'has no value (write key=value)' } as const)
        : decodeField(k, text);
    if (r.ok) config[k] = r.value;
    else {
      fallbacks.push(k);
      messages.push(`${k}: ${r.message}`);
    }
  }
  const c = config as unknown as Config;
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
