import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import {
  CONFIG_FIELDS,
  CONFIG_KEYS,
  defaultConfig,
  isValidValue,
  PRESET_IDS,
} from '../../src/state/configSchema';
import { useConfigStore } from '../../src/state/configStore';
import { PRESETS, presetConfig } from '../../src/state/presets';
import { encodeConfig } from '../../src/state/urlCodec';

beforeEach(() => {
  useConfigStore.setState({ config: defaultConfig(), fallbacks: [], unknown: [] });
});

describe('config store', () => {
  it('updates admissible values and rejects others naming the field', () => {
    const s = useConfigStore.getState();
    s.update({ alpha: 0.25, method: 'pcgrad' });
    expect(useConfigStore.getState().config.alpha).toBe(0.25);
    expect(useConfigStore.getState().config.method).toBe('pcgrad');
    for (const bad of [
      { alpha: 1.5 },
      { K: 1 },
      { method: 'nope' },
      { eta: Number.NaN },
    ] as const) {
      try {
        s.update(bad as never);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        expect((e as InputError).field).toBe(Object.keys(bad)[0]);
      }
    }
    try {
      s.update({ bogus: 1 } as never);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).field).toBe('bogus');
    }
    expect(useConfigStore.getState().config.alpha).toBe(0.25);
  });

  it('keeps the same object when nothing changes (no spurious URL writes or rebuilds)', () => {
    const before = useConfigStore.getState().config;
    useConfigStore.getState().update({ alpha: before.alpha });
    expect(useConfigStore.getState().config).toBe(before);
  });

  it('moves dependent fields: groups follows K down, eig bounds stay ordered', () => {
    const s = useConfigStore.getState();
    s.update({ K: 8, groups: 6 });
    s.update({ K: 4 });
    expect(useConfigStore.getState().config.groups).toBe(4);
    s.update({ eigMin: 1, eigMax: 10 });
    s.update({ eigMin: 50 });
    expect(useConfigStore.getState().config.eigMax).toBe(50);
    s.update({ eigMax: 0.5 });
    expect(useConfigStore.getState().config.eigMin).toBe(0.5);
  });

  it('loadHash records the fields that fell back; dismissNotice clears them', () => {
    useConfigStore.getState().loadHash('#alpha=7&K=5&zzz=1');
    const st = useConfigStore.getState();
    expect(st.config.K).toBe(5);
    expect(st.config.alpha).toBe(defaultConfig().alpha);
    expect(st.fallbacks).toEqual(['alpha']);
    expect(st.unknown).toEqual(['zzz']);
    st.dismissNotice();
    expect(useConfigStore.getState().fallbacks).toEqual([]);
  });

  it('a link written from the store restores the same configuration', () => {
    const s = useConfigStore.getState();
    s.applyPreset('group-discovery');
    s.update({ alpha: 0.37, seed: 12345 });
    const link = encodeConfig(useConfigStore.getState().config);
    const saved = useConfigStore.getState().config;
    useConfigStore.setState({ config: defaultConfig() });
    useConfigStore.getState().loadHash(`#${link}`);
    expect(useConfigStore.getState().config).toEqual(saved);
    expect(useConfigStore.getState().fallbacks).toEqual([]);
  });

  it('presets: distinct ids, a short story each (fits the story band), admissible and consistent configurations', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(['', ...PRESETS.map((p) => p.id)]).toEqual([...PRESET_IDS]);
    expect(PRESETS.map((p) => p.title)).toEqual([
      'PCGrad vs cosine-scaled',
      'Group discovery',
      'B-flow to the float floor',
      'CAGrad toy',
      'Ill-conditioned quadratic',
      'Your own gradients',
    ]);
    for (const p of PRESETS) {
      expect(
        p.story
          .trim()
          .split(/[.!?](\s|$)/)
          .filter((x) => x?.trim()).length,
        p.id,
      ).toBeLessThanOrEqual(4);
      expect(p.story.length, p.id).toBeLessThanOrEqual(420);
      const c = presetConfig(p.id)!;
      for (const k of CONFIG_KEYS)
        expect(isValidValue(CONFIG_FIELDS[k], c[k]), `${p.id}.${k}`).toBe(true);
      expect(c.eigMin).toBeLessThanOrEqual(c.eigMax);
      expect(c.groups).toBeLessThanOrEqual(c.K);
      for (const [k, v] of Object.entries(p.patch)) expect(c[k as keyof typeof c]).toEqual(v);
      expect(c.preset).toBe(p.id);
    }
  });

  it('applyPreset keeps the backend preference and rejects unknown ids', () => {
    const s = useConfigStore.getState();
    s.update({ backend: 'cpu', K: 20 });
    s.applyPreset('cagrad-toy');
    const c = useConfigStore.getState().config;
    expect(c.backend).toBe('cpu');
    expect(c.problem).toBe('cagrad-toy');
    expect(c.K).toBe(defaultConfig().K);
    expect(() => s.applyPreset('nope')).toThrow(InputError);
  });
});
