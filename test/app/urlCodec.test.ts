import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_FIELDS,
  CONFIG_KEYS,
  type Config,
  defaultConfig,
  isValidValue,
} from '../../src/state/configSchema';
import { presetConfig } from '../../src/state/presets';
import { decodeConfig, encodeConfig } from '../../src/state/urlCodec';
import { configArb, fieldArb } from './arbitraries';

function expectValid(c: Config) {
  for (const k of CONFIG_KEYS) expect(isValidValue(CONFIG_FIELDS[k], c[k]), k).toBe(true);
  expect(c.eigMin).toBeLessThanOrEqual(c.eigMax);
  expect(c.groups).toBeLessThanOrEqual(c.K);
}

describe('URL codec', () => {
  it('round-trips every admissible configuration exactly, with no fallbacks', () => {
    fc.assert(
      fc.property(configArb, (c) => {
        const r = decodeConfig(`#${encodeConfig(c)}`);
        expect(r.fallbacks).toEqual([]);
        expect(r.unknown).toEqual([]);
        expect(r.config).toEqual(c);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps float64 values bit-exact (shortest round-trip text)', () => {
    const c = { ...defaultConfig(), alpha: 0.1 + 0.2, eta: 1e-6 * 3.3, tau: 5e-324 };
    const r = decodeConfig(encodeConfig(c));
    expect(r.config.alpha).toBe(0.1 + 0.2);
    expect(r.config.eta).toBe(1e-6 * 3.3);
    expect(r.config.tau).toBe(5e-324);
  });

  it('never throws on arbitrary text and always yields an admissible configuration', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const r = decodeConfig(s);
        expectValid(r.config);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary key=value pairs over real keys, and reports exactly the bad ones', () => {
    const pair = fc.tuple(
      fc.constantFrom(...CONFIG_KEYS),
      fc.oneof(fc.string({ maxLength: 12 }), fc.double().map(String), fc.integer().map(String)),
    );
    fc.assert(
      fc.property(fc.uniqueArray(pair, { selector: (p) => p[0], maxLength: 12 }), (pairs) => {
        const hash = `#${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
        const r = decodeConfig(hash);
        expectValid(r.config);
        // Defaults are the preset's configuration when the link names a valid preset.
        const d = presetConfig(r.config.preset) ?? defaultConfig();
        for (const [k, v] of pairs) {
          if (r.fallbacks.includes(k)) {
            // A field that fell back holds its default (or the consistency-rule value).
            if (k !== 'groups') expect(r.config[k]).toBe(d[k]);
          } else {
            // A field that did not fall back holds exactly what the link said.
            const kind = CONFIG_FIELDS[k].kind;
            if (kind === 'int' || kind === 'float') expect(r.config[k]).toBe(Number(v));
            else if (kind === 'bool') expect(r.config[k]).toBe(v === '1' || v === 'true');
            else expect(r.config[k]).toBe(v);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('falls back field by field and names the fields', () => {
    const r = decodeConfig('#K=abc&alpha=0.3&eta=-1&method=nope&seed=7&flow=bflow');
    const d = defaultConfig();
    expect(r.config.K).toBe(d.K);
    expect(r.config.eta).toBe(d.eta);
    expect(r.config.method).toBe(d.method);
    expect(r.config.alpha).toBe(0.3);
    expect(r.config.seed).toBe(7);
    expect(r.config.flow).toBe('bflow');
    expect(r.fallbacks.sort()).toEqual(['K', 'eta', 'method']);
  });

  it('a preset key alone is a complete link; other keys override it', () => {
    const r = decodeConfig('#preset=cagrad-toy');
    expect(r.config).toEqual(presetConfig('cagrad-toy'));
    expect(r.fallbacks).toEqual([]);
    const r2 = decodeConfig('#preset=cagrad-toy&c=0.25&eta=oops');
    expect(r2.config).toEqual({ ...presetConfig('cagrad-toy'), c: 0.25 });
    expect(r2.fallbacks).toEqual(['eta']);
    const r3 = decodeConfig('#preset=nope&alpha=0.2');
    expect(r3.config).toEqual({ ...defaultConfig(), alpha: 0.2 });
    expect(r3.fallbacks).toEqual(['preset']);
  });

  it('rejects out-of-range and non-literal numbers', () => {
    for (const [k, v] of [
      ['alpha', '1.5'],
      ['alpha', 'NaN'],
      ['alpha', 'Infinity'],
      ['alpha', ''],
      ['alpha', ' 0.5'],
      ['alpha', '0x1'],
      ['K', '2.5'],
      ['K', '33'],
      ['K', '1'],
      ['showRaw', 'yes'],
    ] as const) {
      const r = decodeConfig(`${k}=${v}`);
      expect(r.fallbacks, `${k}=${v}`).toEqual([k]);
      expect(r.config[k]).toBe(defaultConfig()[k]);
    }
  });

  it('enforces eigMin ≤ eigMax and groups ≤ K, reporting the fields', () => {
    const r = decodeConfig('eigMin=10&eigMax=1&K=3&groups=5');
    expect(r.config.eigMin).toBe(CONFIG_FIELDS.eigMin.def);
    expect(r.config.eigMax).toBe(CONFIG_FIELDS.eigMax.def);
    expect(r.config.groups).toBe(Math.min(CONFIG_FIELDS.groups.def as number, 3));
    expect(r.fallbacks.sort()).toEqual(['eigMax', 'eigMin', 'groups']);
  });

  it('reports unknown keys, tolerates bad escapes, and lets the last duplicate decide', () => {
    const r = decodeConfig('#foo=1&%E0%A4%A=2&alpha=%E0%A4%A&K=4&K=5');
    expect(r.unknown).toContain('foo');
    expect(r.fallbacks).toContain('alpha');
    expect(r.config.K).toBe(5);
  });

  it('decodes each field value it encodes (per-field property)', () => {
    for (const k of CONFIG_KEYS) {
      fc.assert(
        fc.property(fieldArb(CONFIG_FIELDS[k]), (v) => {
          const c = { ...defaultConfig(), [k]: v } as Config;
          if (c.eigMin > c.eigMax || c.groups > c.K) return;
          expect(decodeConfig(encodeConfig(c)).config[k]).toEqual(v);
        }),
        { numRuns: 40 },
      );
    }
  });
});

describe('hostile links (regressions)', () => {
  it('100 000 unknown keys: linear decoding, at most a few echoed, each cut short', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}=1`).join('&');
    const t0 = performance.now();
    const r = decodeConfig(`#K=5&${keys}`);
    // Quadratic collection took 16–25 s here; a linear pass takes milliseconds. The bound is loose
    // (a loaded 2-core machine) but far below the quadratic cost.
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(r.config.K).toBe(5);
    expect(r.unknown.length).toBeLessThanOrEqual(8);
    expect(r.unknownMore).toBeGreaterThan(0);
  });

  it('a 1 MB key is echoed as 40 characters', () => {
    const r = decodeConfig(`#${'x'.repeat(1_000_000)}=1`);
    expect(r.unknown).toHaveLength(1);
    expect(r.unknown[0].length).toBeLessThanOrEqual(41);
  });
});
