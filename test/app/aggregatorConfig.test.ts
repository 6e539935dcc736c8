/**
 * The aggregators of the method atlas in the app's configuration: each is CPU-only for now (the
 * GPU engine falls back with a notice saying why), the configured parameters reach the spec,
 * and the atlas view and its fields round-trip through the URL.
 */
import { describe, expect, it } from 'vitest';
import { chooseBackend, cpuOnlyMethod, cpuOnlyNotice } from '../../src/state/backendChoice';
import { defaultConfig } from '../../src/state/configSchema';
import { classifyChange, compareSpec, methodLabel, methodSpec } from '../../src/state/runConfig';
import { decodeConfig, encodeConfig } from '../../src/state/urlCodec';

const NEW = [
  'dualproj',
  'imtlg',
  'alignedmtl',
  'nashmtl',
  'graddrop',
  'config',
  'krum',
  'trimmedmean',
  'rlw',
  'mean',
  'constant',
  'gradvac',
] as const;

describe('aggregators in the app', () => {
  it('are CPU-only: the GPU preference falls back with the notice', async () => {
    const c = defaultConfig();
    for (const m of NEW) {
      expect(cpuOnlyMethod({ ...c, method: m })).toBe(m);
      expect(cpuOnlyMethod({ ...c, compare: m })).toBe(m);
      const r = await chooseBackend({ ...c, method: m, backend: 'gpu' });
      expect(r).toEqual({ backend: 'cpu', notice: cpuOnlyNotice(m) });
    }
    expect(cpuOnlyNotice('dualproj')).toMatch(/optimisation problem/);
    expect(cpuOnlyNotice('mean')).toMatch(/no GPU kernel yet/);
  });

  it('the configured parameters reach the method spec', () => {
    const c = { ...defaultConfig(), scale: 'mean' as const, torchjd: true, beta: 0.3 };
    expect(methodSpec(c, 4, 'upgrad')).toMatchObject({
      id: 'upgrad',
      torchjd: true,
      scale: 'mean',
    });
    expect(methodSpec(c, 4, 'cagrad').torchjd).toBeUndefined();
    expect(methodSpec(c, 4, 'gradvac').beta).toBe(0.3);
    expect(methodSpec({ ...c, byzantine: 1, selected: 2 }, 5, 'krum')).toMatchObject({
      byzantine: 1,
      selected: 2,
    });
    // t is capped at ⌊(K − 1)/2⌋ (the controls say so).
    expect(methodSpec({ ...c, trim: 3 }, 4, 'trimmedmean').trim).toBe(1);
    expect(
      Array.from(methodSpec({ ...c, weights: '1,2.5,-1' }, 3, 'constant').weights ?? []),
    ).toEqual([1, 2.5, -1]);
    expect(methodSpec(c, 3, 'constant').weights).toBeUndefined();
  });

  it('the compared method has its own TorchJD option: upgrad beside upgrad with TorchJD Gram', () => {
    const c = {
      ...defaultConfig(),
      method: 'upgrad' as const,
      compare: 'upgrad' as const,
      compareTorchjd: true,
    };
    expect(methodSpec(c, 3).torchjd).toBeUndefined();
    expect(compareSpec(c, 3)).toMatchObject({ id: 'upgrad', torchjd: true });
    expect(compareSpec({ ...c, torchjd: true, compareTorchjd: false }, 3).torchjd).toBeUndefined();
    expect(compareSpec({ ...c, compare: 'mgda' }, 3).torchjd).toBeUndefined();
    expect(methodLabel(c, 'method')).toBe('UPGrad');
    expect(methodLabel(c, 'compare')).toBe('UPGrad (TorchJD Gram)');
    // Switching it rebuilds the comparison; TorchJD's Gram has no GPU kernel.
    expect(classifyChange({ ...c, compareTorchjd: false }, c).has('compare')).toBe(true);
    // It applies to upgrad and dualproj only (mgda runs on the GPU whatever the switch says).
    expect(
      cpuOnlyMethod({ ...c, compare: 'mgda', compareTorchjd: true, method: 'sum' }),
    ).toBeNull();
    expect(cpuOnlyMethod({ ...c, method: 'sum' })).toBe('upgrad');
    expect(cpuOnlyMethod({ ...c, method: 'sum', compareTorchjd: false })).toBeNull();
    expect(cpuOnlyNotice('upgrad', { ...c, method: 'sum' })).toMatch(/TorchJD's Gram option/);
    expect(decodeConfig(encodeConfig(c)).config).toEqual(c);
  });

  it('the atlas view and its fields round-trip through the URL; bad weights text is reported', () => {
    const c = {
      ...defaultConfig(),
      view: 'atlas' as const,
      atlasK: 5,
      atlasD: 7,
      atlasSets: 30,
      atlasSeed: 9,
      weights: '1,2,3',
    };
    const back = decodeConfig(encodeConfig(c));
    expect(back.config).toEqual(c);
    const bad = decodeConfig('#weights=1,,2&view=atlas');
    expect(bad.config.weights).toBe('');
    expect(bad.fallbacks).toContain('weights');
    expect(bad.config.view).toBe('atlas');
  });
});
