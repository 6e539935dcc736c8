/**
 * The shared configuration store. It holds exactly the fields of the property table
 * (configSchema.ts); the URL hash mirrors it (urlSync.ts), so a link reproduces the view.
 */
import { create } from 'zustand';
import { InputError } from '../core/errors';
import { CONFIG_FIELDS, type Config, defaultConfig, isValidValue } from './configSchema';
import { presetConfig } from './presets';
import { decodeConfig } from './urlCodec';

export interface ConfigState {
  config: Config;
  /** Fields that fell back to their defaults when the URL was read (shown as a notice). */
  fallbacks: string[];
  /** Why each of them fell back, in the message format the command line uses too. */
  messages: string[];
  /** Unknown URL keys that were ignored. */
  unknown: string[];
  /**
   * Sets fields. Each value is checked against the property table (InputError naming the field
   * when it is not admissible). Dependent fields follow: lowering K below groups sets
   * groups = K; setting eigMin above eigMax (or eigMax below eigMin) moves the other bound to it.
   */
  update(patch: Partial<Config>): void;
  /** Replaces the whole configuration with a preset's. */
  applyPreset(id: string): void;
  /** Reads a URL hash (never throws; records the fields that fell back). */
  loadHash(hash: string): void;
  dismissNotice(): void;
}

export function checkedPatch(current: Config, patch: Partial<Config>): Config {
  const next = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (!Object.hasOwn(CONFIG_FIELDS, k)) throw new InputError(k, 'is not a configuration field');
    const spec = CONFIG_FIELDS[k as keyof Config];
    if (!isValidValue(spec, v)) throw new InputError(k, `value ${String(v)} is not admissible`);
    (next as unknown as Record<string, unknown>)[k] = v;
  }
  if (next.groups > next.K) next.groups = next.K;
  if (next.eigMin > next.eigMax) {
    if ('eigMax' in patch && !('eigMin' in patch)) next.eigMin = next.eigMax;
    else next.eigMax = next.eigMin;
  }
  return next;
}

export const useConfigStore = create<ConfigState>()((set, get) => ({
  config: defaultConfig(),
  fallbacks: [],
  messages: [],
  unknown: [],
  update: (patch) => {
    const cur = get().config;
    const next = checkedPatch(cur, patch);
    if (Object.keys(next).some((k) => next[k as keyof Config] !== cur[k as keyof Config])) {
      set({ config: next });
    }
  },
  applyPreset: (id) => {
    const c = presetConfig(id, get().config);
    if (!c) throw new InputError('preset', `unknown preset "${id}"`);
    set({ config: c });
  },
  loadHash: (hash) => {
    const r = decodeConfig(hash);
    set({
      config: r.config,
      fallbacks: r.fallbacks,
      messages: r.messages ?? [],
      unknown: r.unknownMore ? [...r.unknown, `and ${r.unknownMore} more`] : r.unknown,
    });
  },
  dismissNotice: () => set({ fallbacks: [], messages: [], unknown: [] }),
}));
