/**
 * Hostile input: arbitrary bytes, mutated valid files, arbitrary header text and structured
 * lies. Every importer either returns a valid gradient set (K ≥ 2, d ≥ 1, K·d finite values,
 * one name per row) or throws InputError — never another exception, never NaN, never hangs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../src/core/io/csv';
import { importGradients } from '../../src/core/io/importGradients';
import { readNpy, writeNpy } from '../../src/core/io/npy';
import { parseRun } from '../../src/core/io/runJson';
import { readSafetensors, writeSafetensors } from '../../src/core/io/safetensors';
import { concat, finiteMatrix, npyFile, safetensorsFile, validOrInputError } from './helpers';

const NAMES = ['g.npy', 'g.safetensors', 'g.st', 'g.csv', 'g.tsv', 'g.json', 'g.txt', 'g', 'g.bin'];
const name = fc.constantFrom(...NAMES);
const bytes = fc.uint8Array({ maxLength: 400 });

/** Edits to a byte string: overwrite, delete or insert bytes, or cut it short. */
const edits = fc.array(
  fc.record({
    op: fc.constantFrom('set', 'delete', 'insert', 'cut'),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  { minLength: 1, maxLength: 6 },
);

function mutate(b: Uint8Array, ops: { op: string; at: number; byte: number }[]): Uint8Array {
  let out = Array.from(b);
  for (const { op, at, byte } of ops) {
    const i = out.length === 0 ? 0 : at % (out.length + (op === 'insert' ? 1 : 0));
    if (op === 'set' && out.length > 0) out[i] = byte;
    else if (op === 'delete') out.splice(i, 1);
    else if (op === 'insert') out.splice(i, 0, byte);
    else if (op === 'cut') out = out.slice(0, i);
  }
  return Uint8Array.from(out);
}

const validFile = finiteMatrix('f8').chain((gs) => {
  const names = Array.from({ length: gs.K }, (_, i) => `t${i}`);
  return fc.constantFrom(
    ['g.npy', writeNpy(gs, 'f8')] as const,
    [
      'g.npy',
      writeNpy({ ...gs, g: gs.g.map(Math.fround).map((x) => (Number.isFinite(x) ? x : 0)) }, 'f4'),
    ] as const,
    ['g.safetensors', writeSafetensors(gs, names)] as const,
    ['g.safetensors', writeSafetensors(gs, names, { layout: 'matrix' })] as const,
    ['g.csv', new TextEncoder().encode(writeCsv(gs, names))] as const,
    [
      'g.json',
      new TextEncoder().encode(
        JSON.stringify({
          gradients: Array.from({ length: gs.K }, (_, i) =>
            Array.from(gs.g.subarray(i * gs.d, (i + 1) * gs.d)),
          ),
        }),
      ),
    ] as const,
  );
});

describe('importGradients on hostile bytes', () => {
  it('arbitrary bytes under every file name', () => {
    fc.assert(
      fc.property(name, bytes, (n, b) => {
        validOrInputError(() => importGradients(n, b));
      }),
      { numRuns: 1500 },
    );
  });

  it('arbitrary bytes behind each magic', () => {
    const npyMagic = fc
      .integer({ min: 1, max: 3 })
      .map((v) => [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, v, 0]);
    const stMagic = fc
      .integer({ min: 2, max: 300 })
      .map((n) => [n & 255, n >> 8, 0, 0, 0, 0, 0, 0, 0x7b]);
    fc.assert(
      fc.property(name, fc.oneof(npyMagic, stMagic), bytes, (n, m, b) => {
        validOrInputError(() => importGradients(n, concat(m, b)));
      }),
      { numRuns: 1000 },
    );
  });

  it('valid files with a few bytes changed, removed, inserted or cut', () => {
    let ok = 0;
    fc.assert(
      fc.property(validFile, edits, ([n, b], ops) => {
        if (validOrInputError(() => importGradients(n, mutate(b, ops))) === 'ok') ok++;
      }),
      { numRuns: 1500 },
    );
    expect(ok).toBeGreaterThan(0);
  });
});

describe('.npy headers that lie', () => {
  const descr = fc.constantFrom(
    "'<f8'",
    "'>f8'",
    "'<f4'",
    "'>f4'",
    "'<f2'",
    "'<i4'",
    "'|b1'",
    "[('a', '<f8')]",
    '3',
    "'<f8",
    'None',
  );
  const dims = fc.array(
    fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(2 ** 31, 2 ** 53, 10 ** 30)),
    { maxLength: 4 },
  );
  const header = fc
    .record({
      descr,
      fortran: fc.constantFrom('True', 'False', '1', "'no'"),
      dims,
      trail: fc.constantFrom('', ', ', ",'x': 1"),
    })
    .map(
      ({ descr, fortran, dims, trail }) =>
        `{'descr': ${descr}, 'fortran_order': ${fortran}, 'shape': (${dims.join(', ')}${dims.length === 1 ? ',' : ''})${trail}}`,
    );

  it('structured headers over data of any length', () => {
    fc.assert(
      fc.property(
        header,
        fc.integer({ min: 1, max: 3 }),
        fc.uint8Array({ maxLength: 300 }),
        (h, v, data) => {
          const r = validOrInputError(() => readNpy(npyFile(h, data, v)));
          if (r === 'ok') expect(h).toMatch(/'[<>]f[248]'/);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('arbitrary header text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), bytes, (h, data) => {
        validOrInputError(() => readNpy(npyFile(h, data, 3)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('safetensors headers that lie', () => {
  const SIZES: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
  /** A consistent header (tensors tiling the buffer), then at most one lie told about it. */
  const file = fc
    .record({
      shape: fc.oneof(
        fc.tuple(fc.integer({ min: 1, max: 4 })),
        fc.tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 3 })),
      ),
      dtypes: fc.array(fc.constantFrom('F32', 'F64', 'F16', 'BF16'), {
        minLength: 1,
        maxLength: 4,
      }),
      lie: fc.record({
        kind: fc.constantFrom('none', 'begin', 'end', 'shape', 'dtype', 'data'),
        which: fc.nat(),
        by: fc.integer({ min: -9, max: 9 }),
      }),
      fill: fc.constantFrom(0, 0x3c, 0x40, 0xff),
    })
    .map(({ shape, dtypes, lie, fill }) => {
      const tensors = dtypes.map((dtype) => ({ dtype, shape }));
      const header: Record<string, { dtype: string; shape: number[]; data_offsets: number[] }> = {};
      let at = 0;
      const names = ['t10', 't2', 'a', '__proto__'];
      tensors.forEach((t, k) => {
        const n = t.shape.reduce((p, x) => p * x, 1) * SIZES[t.dtype];
        Object.defineProperty(header, names[k], {
          value: { dtype: t.dtype, shape: [...t.shape], data_offsets: [at, at + n] },
          enumerable: true,
        });
        at += n;
      });
      const victim = header[names[lie.which % tensors.length]];
      const count = victim.shape.reduce((p, x) => p * x, 1);
      let dataLength = at;
      let mustReject = false;
      if (lie.kind === 'begin' || lie.kind === 'end') {
        victim.data_offsets[lie.kind === 'begin' ? 0 : 1] += lie.by;
        mustReject = lie.by !== 0;
      }
      if (lie.kind === 'shape') {
        const old = victim.shape[0];
        victim.shape[0] = Math.max(0, old + lie.by);
        mustReject = victim.shape[0] !== old;
      }
      if (lie.kind === 'dtype') {
        mustReject = lie.by <= 0 || (victim.dtype !== 'F64' && count > 0);
        victim.dtype = lie.by > 0 ? 'F64' : 'I16';
      }
      if (lie.kind === 'data') {
        dataLength = Math.max(0, at + lie.by);
        mustReject = dataLength < at;
      }
      return { header, data: new Uint8Array(dataLength).fill(fill), mustReject };
    });

  it('consistent headers read, and every lie is caught', () => {
    let ok = 0;
    fc.assert(
      fc.property(file, ({ header, data, mustReject }) => {
        const r = validOrInputError(() => readSafetensors(safetensorsFile(header, data)));
        if (mustReject) expect(r).toBe('rejected');
        if (r === 'ok') ok++;
      }),
      { numRuns: 2000 },
    );
    expect(ok).toBeGreaterThan(100);
  });

  it('arbitrary JSON headers', () => {
    fc.assert(
      fc.property(fc.json(), bytes, (j, data) => {
        validOrInputError(() => readSafetensors(safetensorsFile(JSON.parse(j), data)));
      }),
      { numRuns: 800 },
    );
  });
});

describe('text importers on arbitrary strings', () => {
  const csvish = fc.string({
    unit: fc.constantFrom(
      '1',
      '2',
      '0',
      '.',
      'e',
      '-',
      '+',
      ',',
      ' ',
      '\t',
      '\n',
      '\r',
      '"',
      '#',
      'a',
      'nan',
      'inf',
      '',
    ),
    maxLength: 80,
  });

  it('CSV, both layouts', () => {
    fc.assert(
      fc.property(fc.oneof(csvish, fc.string({ unit: 'binary' })), fc.boolean(), (s, transpose) => {
        validOrInputError(() => readCsv(s, { transpose }));
      }),
      { numRuns: 2000 },
    );
  });

  it('JSON import and parseRun', () => {
    const jsonish = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ gradients: v })),
      fc
        .jsonValue()
        .map((v) =>
          JSON.stringify({ format: 'concord-run', version: 1, config: {}, gradients: v }),
        ),
    );
    fc.assert(
      fc.property(jsonish, (s) => {
        validOrInputError(() => importGradients('g.json', new TextEncoder().encode(s)));
        try {
          parseRun(s);
        } catch (e) {
          expect((e as Error).name).toBe('InputError');
        }
      }),
      { numRuns: 1500 },
    );
  });
});
