/** The shared field table (src/core/validate/sharedFields.ts) and the page's view of it. */
import { describe, expect, it } from 'vitest';
import {
  checkFieldText,
  fieldRange,
  SHARED_FIELDS,
  SHARED_KEYS,
} from '../../src/core/validate/sharedFields';
import { CONFIG_FIELDS, type Config } from '../../src/state/configSchema';

describe('shared fields', () => {
  it('the page takes each shared field with the live range or the same values', () => {
    for (const key of SHARED_KEYS) {
      if (!Object.hasOwn(CONFIG_FIELDS, key)) continue;
      const spec = CONFIG_FIELDS[key as keyof Config];
      const rule = SHARED_FIELDS[key].rule;
      if (rule.kind === 'enum') {
        expect(spec.kind === 'enum' && spec.values, key).toEqual(rule.values);
      } else {
        expect(spec.kind, key).toBe(rule.kind);
        const [min, max] = fieldRange(key, 'live');
        expect(spec.kind !== 'enum' && 'min' in spec && [spec.min, spec.max], key).toEqual([
          min,
          max,
        ]);
      }
    }
  });

  it('numbers are written plainly; everything else is refused with the text quoted', () => {
    expect(checkFieldText('alpha', '0.25', 'run')).toEqual({ ok: true, value: 0.25 });
    expect(checkFieldText('alpha', '+.5e0', 'run')).toEqual({ ok: true, value: 0.5 });
    for (const t of ['', ' 0.5', '0x1', 'NaN', 'Infinity', '1,5', '½']) {
      const r = checkFieldText('alpha', t, 'run');
      expect(r.ok, t).toBe(false);
      if (!r.ok) expect(r.message.startsWith(`got ${JSON.stringify(t)}; `), t).toBe(true);
    }
    expect(checkFieldText('eta', '1e999', 'run')).toEqual({
      ok: false,
      message: `got "1e999"; is beyond float64's range (about ±1.8e308)`,
    });
    expect(checkFieldText('K', '2.5', 'run')).toEqual({
      ok: false,
      message: 'got 2.5; must be an integer',
    });
  });

  it('the live limit refuses only on the page, and each scope names the other limit', () => {
    expect(checkFieldText('d', '300', 'run')).toEqual({ ok: true, value: 300 });
    const live = checkFieldText('d', '300', 'live');
    expect(live.ok).toBe(false);
    if (!live.ok) {
      expect(live.message).toMatch(
        /^got 300; the page's live run allows \[2, 256\] \(.+\); the command line accepts \[1, 16777216\]$/,
      );
    }
    const run = checkFieldText('d', '0', 'run');
    expect(run).toEqual({
      ok: false,
      message:
        "got 0; must be in [1, 16777216] (the limit of any run; the page's live run allows [2, 256])",
    });
    expect(checkFieldText('d', '0', 'live')).toEqual(run);
  });
});
