/**
 * safetensors reader and writer: a hand-made golden file, both layouts, task order, every
 * supported dtype, round trips, and offset validation (overlap, gap, out of bounds, lies).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  naturalCompare,
  readSafetensors,
  safetensorsHeaderLength,
  writeSafetensors,
} from '../../src/core/io/safetensors';
import {
  ascii,
  concat,
  expectInputError,
  f32,
  f64le,
  namedMatrix,
  safetensorsFile,
} from './helpers';

const t = (dtype: string, shape: number[], begin: number, end: number) => ({
  dtype,
  shape,
  data_offsets: [begin, end],
});

describe('golden bytes', () => {
  it('reads a hand-made file with one tensor per task', () => {
    const json =
      '{"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},' +
      '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    expect(json.length).toBe(108);
    const bytes = concat(
      [108, 0, 0, 0, 0, 0, 0, 0],
      ascii(json),
      [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40], // a = (1, 2)
      [0, 0, 0x80, 0xbf, 0, 0, 0, 0x3f], // b = (-1, 0.5)
    );
    const r = readSafetensors(bytes, { file: 'g.safetensors' });
    expect(r.names).toEqual(['a', 'b']);
    expect([r.gs.K, r.gs.d]).toEqual([2, 2]);
    expect(Array.from(r.gs.g)).toEqual([1, 2, -1, 0.5]);
    expect(safetensorsHeaderLength(bytes)).toBe(108);
  });

  it('converts F16 and BF16 exactly', () => {
    // F16: 0x3C00 = 1, 0xC000 = -2; BF16: 0x3F80 = 1, 0xC020 = -2.5 (upper half of float32).
    const bytes = safetensorsFile(
      { h: t('F16', [2], 0, 4), b: t('BF16', [2], 4, 8) },
      Uint8Array.from([0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f, 0x20, 0xc0]),
    );
    const r = readSafetensors(bytes);
    expect(r.names).toEqual(['b', 'h']);
    expect(Array.from(r.gs.g)).toEqual([1, -2.5, 1, -2]);
  });

  it('reads one K×d tensor, flattening trailing axes, with names from metadata', () => {
    const data = f64le(1, 2, 3, 4, 5, 6, 7, 8);
    const plain = readSafetensors(safetensorsFile({ grads: t('F64', [2, 2, 2], 0, 64) }, data));
    expect([plain.gs.K, plain.gs.d]).toEqual([2, 4]);
    expect(plain.names).toEqual(['grads[0]', 'grads[1]']);
    expect(Array.from(plain.gs.g)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const named = readSafetensors(
      safetensorsFile(
        { __metadata__: { tasks: '["seg","depth"]' }, grads: t('F64', [2, 4], 0, 64) },
        data,
      ),
    );
    expect(named.names).toEqual(['seg', 'depth']);
  });
});

describe('task order', () => {
  it('natural order by name, or the metadata order', () => {
    const header = { t10: t('F32', [1], 0, 4), t2: t('F32', [1], 4, 8), t1: t('F32', [1], 8, 12) };
    const data = f32([10, 2, 1]);
    const natural = readSafetensors(safetensorsFile(header, data));
    expect(natural.names).toEqual(['t1', 't2', 't10']);
    expect(Array.from(natural.gs.g)).toEqual([1, 2, 10]);
    const meta = { ...header, __metadata__: { tasks: '["t2","t10","t1"]', note: 'x' } };
    const ordered = readSafetensors(safetensorsFile(meta, data));
    expect(ordered.names).toEqual(['t2', 't10', 't1']);
    expect(Array.from(ordered.gs.g)).toEqual([2, 10, 1]);
  });

  it('naturalCompare compares digit runs as numbers', () => {
    const names = ['b', 'a10', 'a2', 'a02', 'a1b', 'a1a'];
    expect([...names].sort(naturalCompare)).toEqual(['a1a', 'a1b', 'a02', 'a2', 'a10', 'b']);
  });

  it('metadata that does not list every tensor once is rejected', () => {
    const header = { a: t('F32', [1], 0, 4), b: t('F32', [1], 4, 8) };
    for (const tasks of ['["a"]', '["a","a"]', '["a","c"]', '"a"', 'not json', '[1,2]']) {
      expectInputError(
        () => readSafetensors(safetensorsFile({ ...header, __metadata__: { tasks } }, f32([1, 2]))),
        /__metadata__\.tasks/,
      );
    }
    expectInputError(
      () => readSafetensors(safetensorsFile({ ...header, __metadata__: { n: 3 } }, f32([1, 2]))),
      /__metadata__\.n/,
    );
  });
});

describe('round trips', () => {
  it('both layouts, both dtypes, exact', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('tasks' as const, 'matrix' as const),
        // F32 holds float32 values exactly; F64 any float64 value.
        fc
          .constantFrom('F32' as const, 'F64' as const)
          .chain((dtype) =>
            namedMatrix(dtype === 'F32' ? 'f4' : 'f8').map((m) => ({ dtype, ...m })),
          ),
        (layout, { dtype, gs, names }) => {
          const r = readSafetensors(writeSafetensors(gs, names, { dtype, layout }));
          expect([r.gs.K, r.gs.d]).toEqual([gs.K, gs.d]);
          expect(r.names).toEqual(names);
          expect(Array.from(r.gs.g)).toEqual(Array.from(gs.g));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('float32 output views an aligned single F32 tensor in place', () => {
    const bytes = writeSafetensors({ K: 2, d: 2, g: Float64Array.of(1, 2, 3, 4) }, ['a', 'b'], {
      dtype: 'F32',
      layout: 'matrix',
    });
    const r = readSafetensors(bytes, { precision: 'float32' });
    expect(r.gs.g.buffer).toBe(bytes.buffer);
    expect(Array.from(r.gs.g)).toEqual([1, 2, 3, 4]);
  });

  it('names that are not valid tensor names are refused by the writer', () => {
    const gs = { K: 2, d: 1, g: Float64Array.of(1, 2) };
    expectInputError(() => writeSafetensors(gs, ['a', 'a']), /distinct/);
    expectInputError(() => writeSafetensors(gs, ['a', '__metadata__']), /distinct/);
    const r = readSafetensors(writeSafetensors(gs, ['__proto__', 'constructor']));
    expect(r.names).toEqual(['__proto__', 'constructor']);
  });
});

describe('offsets and shapes are validated', () => {
  const file = (header: unknown, data: Uint8Array) => () =>
    readSafetensors(safetensorsFile(header, data), { file: 's.st' });

  it('overlap, gap, begin after end, and offsets past the buffer', () => {
    expectInputError(
      file({ a: t('F32', [2], 0, 8), b: t('F32', [2], 4, 12) }, f32([1, 2, 3])),
      /s\.st/,
      /overlaps/,
    );
    expectInputError(
      file({ a: t('F32', [1], 0, 4), b: t('F32', [1], 8, 12) }, f32([1, 2, 3])),
      /\[4, 8\) belong to no tensor/,
    );
    expectInputError(
      file({ a: t('F32', [1], 0, 4), b: t('F32', [0], 8, 4) }, f32([1, 2])),
      /end before they begin/,
    );
    expectInputError(
      file({ a: t('F32', [2], 0, 8), b: t('F32', [2], 8, 16) }, f32([1, 2, 3])),
      /truncated: the tensors need 16 data bytes but the file holds 12/,
    );
  });

  it('a shape that disagrees with the offsets', () => {
    expectInputError(
      file({ a: t('F32', [3], 0, 8), b: t('F32', [2], 8, 16) }, f32([1, 2, 3, 4])),
      /span 8 bytes but shape \[3\] of F32 needs 12/,
    );
    expectInputError(file({ a: t('F32', [2, -1], 0, 8) }, f32([1, 2])), /shape must be/);
    expectInputError(
      file({ a: t('F32', [1e9, 1e9], 0, 8) }, f32([1, 2])),
      /needs 4000000000000000000|too many/,
    );
  });

  it('unsupported dtypes, named', () => {
    expectInputError(
      file({ a: t('I64', [1], 0, 8), b: t('I64', [1], 8, 16) }, f64le(1, 2)),
      /tensor "a"/,
      /"I64" is not supported/,
    );
    expectInputError(
      file({ a: t('toString', [1], 0, 8) }, f64le(1)),
      /"toString" is not supported/,
    );
  });

  it('layouts that are not K tasks', () => {
    expectInputError(
      file({ a: t('F32', [2], 0, 8) }, f32([1, 2])),
      /one tensor "a" of shape \[2\]/,
    );
    expectInputError(
      file({ a: t('F32', [2], 0, 8), b: t('F32', [1], 8, 12) }, f32([1, 2, 3])),
      /same number of entries/,
    );
    expectInputError(file({ a: t('F32', [1, 2], 0, 8) }, f32([1, 2])), /K ≥ 2/);
    expectInputError(file({}, new Uint8Array(0)), /no tensors/);
  });

  it('header length, JSON and trailing bytes', () => {
    const huge = concat([0, 0xe1, 0xf5, 0x05, 1, 0, 0, 0], ascii('{}'));
    expectInputError(() => readSafetensors(huge), /header \(at most 100000000\)/);
    expectInputError(
      () => readSafetensors(concat([64, 0, 0, 0, 0, 0, 0, 0], ascii('{}'))),
      /truncated: the header needs 64 bytes/,
    );
    expectInputError(
      () => readSafetensors(concat([2, 0, 0, 0, 0, 0, 0, 0], [0xff, 0xfe])),
      /not valid UTF-8 JSON/,
    );
    expectInputError(
      () => readSafetensors(concat([2, 0, 0, 0, 0, 0, 0, 0], ascii('[]'))),
      /must be a JSON object/,
    );
    expectInputError(() => readSafetensors(Uint8Array.of(1, 2, 3)), /too short/);
    const r = readSafetensors(
      safetensorsFile({ a: t('F32', [1], 0, 4), b: t('F32', [1], 4, 8) }, f32([1, 2, 3])),
    );
    expect(r.warnings.join()).toMatch(/4 bytes after the last tensor/);
  });

  it('NaN entries by task', () => {
    expectInputError(
      file(
        { a: t('F64', [2], 0, 16), b: t('F64', [2], 16, 32) },
        f64le(1, 2, 3, Number.POSITIVE_INFINITY),
      ),
      /row 1 \("b"\), column 1/,
      /Infinity/,
    );
  });
});
