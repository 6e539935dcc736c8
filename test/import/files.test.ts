/**
 * Files in and out of the imported mode: the PyTorch fixtures (examples/dump_gradients.py) import
 * to the same 4 × 6272 matrix; the JSON export re-imports to the same state (gradients and names
 * for an imported set, configuration and series for a problem run); large binary files decode to
 * float32; hostile input is an InputError naming the file.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { writeNpy } from '../../src/core/io/npy';
import {
  JSON_EXPORT_MAX_ENTRIES,
  LARGE_FILE_BYTES,
  MAX_IMPORT_K,
  readDroppedFile,
  runExportText,
} from '../../src/lab/importFiles';
import { defaultConfig } from '../../src/state/configSchema';
import { seriesFromColumns } from '../../src/state/importPublish';
import { appendSeries, createSeries, seriesColumns } from '../../src/state/series';

const fixture = (f: string) => new Uint8Array(readFileSync(`test/fixtures/${f}`));
const enc = (s: string) => new TextEncoder().encode(s);

describe('PyTorch fixtures', () => {
  it('.npy and .safetensors hold the same 4 × 6272 matrix; safetensors names the tasks', () => {
    const a = readDroppedFile('torch-gradients.npy', fixture('torch-gradients.npy'));
    const b = readDroppedFile(
      'torch-gradients.safetensors',
      fixture('torch-gradients.safetensors'),
    );
    if (a.kind !== 'gradients' || b.kind !== 'gradients') throw new Error('not gradients');
    expect([a.K, a.d, b.K, b.d]).toEqual([4, 6272, 4, 6272]);
    expect(b.names).toEqual(['depth', 'normals', 'segmentation', 'edges']);
    expect([a.format, b.format]).toEqual(['npy', 'safetensors']);
    expect(b.g).toEqual(a.g);
    // 6272 = shared trunk 32·64 + 64 + 64·64 + 64 parameters; every row is a real gradient.
    for (let i = 0; i < 4; i++)
      expect(a.g.subarray(i * 6272, (i + 1) * 6272).some((x) => x !== 0)).toBe(true);
  });
});

describe('JSON export round trip', () => {
  const config = { ...defaultConfig(), alpha: 0.3, method: 'upgrad', source: 'imported' } as Record<
    string,
    unknown
  >;

  it('an imported set re-imports to the same gradients, names and configuration', () => {
    const g = Float32Array.from([0.1, -2.5, 3e-7, 1, 0, -1]);
    const text = runExportText({
      config,
      imported: { K: 2, d: 3, g, names: ['a', 'b'] },
      series: {},
      step: 0,
    });
    const r = readDroppedFile('run.json', enc(text));
    if (r.kind !== 'gradients') throw new Error('not gradients');
    expect([r.K, r.d, r.names, r.format]).toEqual([2, 3, ['a', 'b'], 'json']);
    expect(Array.from(r.g)).toEqual(Array.from(g));
    expect(r.config).toEqual(config);
  });

  it('a problem run re-imports to its configuration and series (NaN and ±∞ included)', () => {
    let s = createSeries(2);
    s = appendSeries(s, { step: 1, B: 0.5, I: -0.25, F: 3, gap: Number.NaN, losses: [1, 2] });
    s = appendSeries(s, {
      step: 2,
      B: Number.POSITIVE_INFINITY,
      I: 1e-300,
      F: 0,
      gap: 1,
      losses: [3, Number.NEGATIVE_INFINITY],
    });
    const cfg = { ...defaultConfig(), K: 2, groups: 1 } as Record<string, unknown>;
    const text = runExportText({ config: cfg, imported: null, series: seriesColumns(s), step: 2 });
    const r = readDroppedFile('run.json', enc(text));
    if (r.kind !== 'run') throw new Error('not a run');
    expect(r.config).toEqual(cfg);
    expect(r.step).toBe(2);
    const back = seriesFromColumns(r.series!, 2, 'run.json');
    expect(seriesColumns(back)).toEqual(seriesColumns(s));
  });

  it('refuses an imported set too large for JSON, and one whose data was released', () => {
    const big = {
      K: 2,
      d: JSON_EXPORT_MAX_ENTRIES,
      g: new Float32Array(2 * JSON_EXPORT_MAX_ENTRIES),
      names: ['a', 'b'],
    };
    expect(() => runExportText({ config, imported: big, series: {}, step: 0 })).toThrow(
      /too large for JSON/,
    );
    expect(() =>
      runExportText({ config, imported: { ...big, d: 3, g: null }, series: {}, step: 0 }),
    ).toThrow(InputError);
  });

  it('series columns of unequal length are an error naming the column', () => {
    expect(() =>
      seriesFromColumns({ step: [1, 2], B: [1], I: [], F: [], gap: [] }, 0, 'f'),
    ).toThrow(/f series\.B/);
  });
});

describe('readDroppedFile', () => {
  it('decodes a large float32 .npy to float32 (a view of the file, no copy)', () => {
    const K = 2;
    const d = Math.ceil(LARGE_FILE_BYTES / 8) + 5;
    const g = new Float64Array(K * d);
    for (let k = 0; k < g.length; k++) g[k] = ((k * 7919) % 1000) / 1000 - 0.5;
    const bytes = writeNpy({ K, d, g }, 'f4');
    expect(bytes.length).toBeGreaterThan(LARGE_FILE_BYTES);
    const r = readDroppedFile('big.npy', bytes);
    if (r.kind !== 'gradients') throw new Error('not gradients');
    expect(r.g).toBeInstanceOf(Float32Array);
    expect(r.g.buffer).toBe(bytes.buffer);
    expect(r.g[12345]).toBe(Math.fround(g[12345]));
  });

  it('arbitrary bytes: an InputError naming the file, or a valid set', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom('x.npy', 'x.json', 'x.csv', 'x.safetensors', 'x'),
        (b, name) => {
          try {
            const r = readDroppedFile(name, b);
            if (r.kind === 'gradients') expect(r.g.length).toBe(r.K * r.d);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            expect((e as InputError).field.startsWith(name)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses more than MAX_IMPORT_K tasks (a transposed file), naming the file', () => {
    const K = MAX_IMPORT_K + 1;
    const g = Float64Array.from({ length: K * 2 }, (_, k) => (k % 7) - 3);
    expect(() => readDroppedFile('t.npy', writeNpy({ K, d: 2, g }))).toThrow(
      /^t\.npy: has K = 257 gradient rows of length 2/,
    );
    const ok = readDroppedFile(
      'ok.npy',
      writeNpy({ K: MAX_IMPORT_K, d: 2, g: g.subarray(0, 2 * MAX_IMPORT_K) }),
    );
    expect(ok.kind === 'gradients' && ok.K).toBe(MAX_IMPORT_K);
  });

  it('a concord-run export with an invalid field is rejected with the field named', () => {
    const bad = '{"format": "concord-run", "version": 1, "config": {}, "gradients": [[1, 2], [3]]}';
    expect(() => readDroppedFile('r.json', enc(bad))).toThrow(/r\.json gradients\[1\]/);
  });
});
