/**
 * .npy reader and writer: hand-made golden bytes, every supported dtype and byte order, Fortran
 * order, format versions, round trips, and each rejection naming its problem.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/core/io/npy';
import { parsePyDict } from '../../src/core/io/pyLiteral';
import { ascii, concat, expectInputError, f32, f64le, finiteMatrix, npyFile } from './helpers';

describe('golden bytes', () => {
  // {'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), } is 59 characters; 58 spaces
  // and '\n' make the header 118 = 0x76 bytes, so the data starts at 10 + 118 = 128.
  const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }";
  const golden = concat(
    [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00],
    ascii(dict),
    new Array(58).fill(0x20),
    [0x0a],
    [0, 0, 0, 0, 0, 0, 0xf0, 0x3f], // 1.0
    [0, 0, 0, 0, 0, 0, 0x00, 0xc0], // -2.0
  );

  it('reads a hand-made 2×1 float64 file', () => {
    expect(golden.length).toBe(144);
    const r = readNpy(golden, { file: 'g.npy' });
    expect([r.gs.K, r.gs.d]).toEqual([2, 1]);
    expect(Array.from(r.gs.g)).toEqual([1, -2]);
    expect(r.gs.g).toBeInstanceOf(Float64Array);
    expect(r.names).toEqual(['task 0', 'task 1']);
    expect(r.warnings).toEqual([]);
  });

  it('writes exactly those bytes', () => {
    const w = writeNpy({ K: 2, d: 1, g: Float64Array.of(1, -2) });
    expect(Array.from(w)).toEqual(Array.from(golden));
  });

  it('reads big-endian float32 in Fortran order (hand-made)', () => {
    // shape (2, 3) column-major: memory holds g00 g10 g01 g11 g02 g12.
    const data = concat(
      [0x3f, 0xc0, 0, 0], // 1.5
      [0xc0, 0x20, 0, 0], // -2.5
      [0x40, 0x80, 0, 0], // 4
      [0, 0, 0, 0], // 0
      [0xbf, 0x80, 0, 0], // -1
      [0x41, 0x20, 0, 0], // 10
    );
    const r = readNpy(npyFile("{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }", data));
    expect(Array.from(r.gs.g)).toEqual([1.5, 4, -1, -2.5, 0, 10]);
  });

  it('reads half precision both ways round', () => {
    // 0x3C00 = 1, 0xC000 = -2, 0x7BFF = 65504, 0x0001 = 2^-24 (smallest subnormal).
    const le = [0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x01, 0x00];
    const be = [0x3c, 0x00, 0xc0, 0x00, 0x7b, 0xff, 0x00, 0x01];
    const expected = [1, -2, 65504, 2 ** -24];
    const shape = "'fortran_order': False, 'shape': (2, 2), }";
    expect(
      Array.from(readNpy(npyFile(`{'descr': '<f2', ${shape}`, Uint8Array.from(le))).gs.g),
    ).toEqual(expected);
    expect(
      Array.from(readNpy(npyFile(`{'descr': '>f2', ${shape}`, Uint8Array.from(be))).gs.g),
    ).toEqual(expected);
  });

  it('flattens trailing axes in C order, also from Fortran order', () => {
    // Values v(i, a, b) = 100i + 10a + b for shape (2, 2, 3).
    const v = (i: number, a: number, b: number) => 100 * i + 10 * a + b;
    const cOrder: number[] = [];
    const fOrder: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) cOrder.push(v(i, a, b));
    for (let b = 0; b < 3; b++)
      for (let a = 0; a < 2; a++) for (let i = 0; i < 2; i++) fOrder.push(v(i, a, b));
    const c = readNpy(
      npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 3), }", f64le(...cOrder)),
    );
    const f = readNpy(
      npyFile("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 3), }", f64le(...fOrder)),
    );
    expect([c.gs.K, c.gs.d]).toEqual([2, 6]);
    expect(Array.from(c.gs.g)).toEqual(cOrder);
    expect(Array.from(f.gs.g)).toEqual(cOrder);
    expect(c.warnings.join()).toMatch(/flattened to 2×6/);
  });

  it('reads versions 2.0 and 3.0, Python 2 long integers and double quotes', () => {
    const data = f64le(1, 2, 3, 4);
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
    for (const major of [2, 3])
      expect(Array.from(readNpy(npyFile(dict, data, major)).gs.g)).toEqual([1, 2, 3, 4]);
    const py2 = '{"descr": "<f8", "fortran_order": False, "shape": (2L, 2L)}';
    expect(Array.from(readNpy(npyFile(py2, data)).gs.g)).toEqual([1, 2, 3, 4]);
  });
});

describe('round trips', () => {
  it('float64 is bit-exact', () => {
    fc.assert(
      fc.property(finiteMatrix('f8'), (gs) => {
        const r = readNpy(writeNpy(gs, 'f8'));
        expect([r.gs.K, r.gs.d]).toEqual([gs.K, gs.d]);
        expect(Array.from(r.gs.g)).toEqual(Array.from(gs.g));
      }),
      { numRuns: 150 },
    );
  });

  it('float32 is exact for float32 values, in both precisions, and the view shares the bytes', () => {
    fc.assert(
      fc.property(finiteMatrix('f4'), (gs) => {
        const bytes = writeNpy(gs, 'f4');
        expect(Array.from(readNpy(bytes).gs.g)).toEqual(Array.from(gs.g));
        const r32 = readNpy(bytes, { precision: 'float32' });
        expect(r32.gs.g).toBeInstanceOf(Float32Array);
        expect(Array.from(r32.gs.g)).toEqual(Array.from(gs.g));
        expect(r32.gs.g.buffer).toBe(bytes.buffer);
      }),
      { numRuns: 150 },
    );
  });

  it('float32 output of unaligned data is a copy with the same values', () => {
    const file = writeNpy({ K: 2, d: 2, g: Float64Array.of(0.5, -1, 3, 7) }, 'f4');
    const shifted = new Uint8Array(file.length + 1).subarray(1);
    shifted.set(file);
    const r = readNpy(shifted, { precision: 'float32' });
    expect(Array.from(r.gs.g)).toEqual([0.5, -1, 3, 7]);
    expect(r.gs.g.buffer).not.toBe(shifted.buffer);
  });

  it('writing float32 rejects values that overflow it', () => {
    expectInputError(
      () => writeNpy({ K: 2, d: 1, g: Float64Array.of(1, 1e300) }, 'f4'),
      /row 1, column 0/,
      /overflows float32/,
    );
  });
});

describe('rejections name the problem', () => {
  const ok = "'fortran_order': False, 'shape': (2, 2), }";
  const file =
    (dict: string, data = f64le(1, 2, 3, 4)) =>
    () =>
      readNpy(npyFile(dict, data), { file: 'x.npy' });

  it('1-D arrays', () => {
    expectInputError(
      file("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }"),
      /x\.npy/,
      /1-D array of shape \(4,\)/,
      /K×d/,
    );
  });

  it('dtypes other than float, named', () => {
    expectInputError(file(`{'descr': '<i8', ${ok}`), /'<i8' \(signed integer\)/);
    expectInputError(file(`{'descr': '<c16', ${ok}`), /'<c16' \(complex\)/);
    expectInputError(file(`{'descr': '|O', ${ok}`), /'\|O' \(Python object\)/);
    expectInputError(file(`{'descr': '|b1', ${ok}`), /'\|b1' \(boolean\)/);
    expectInputError(file(`{'descr': '<f16', ${ok}`), /'<f16'/);
    expectInputError(file(`{'descr': [('a', '<f8')], ${ok}`), /structured dtype/);
  });

  it('truncated data and a shape larger than the data', () => {
    expectInputError(
      file(`{'descr': '<f8', ${ok}`, f64le(1, 2, 3)),
      /needs 32 bytes of data but the file holds 24/,
    );
    expectInputError(
      file("{'descr': '<f8', 'fortran_order': False, 'shape': (9999999, 9999999), }"),
      /needs .* bytes/,
    );
    expectInputError(
      file("{'descr': '<f8', 'fortran_order': False, 'shape': (9999999999, 9999999999), }"),
      /too many elements/,
    );
    const whole = writeNpy({ K: 2, d: 2, g: Float64Array.of(1, 2, 3, 4) });
    for (const cut of [0, 5, 9, 40, whole.length - 1]) {
      expectInputError(() => readNpy(whole.subarray(0, cut)), /file\.npy/);
    }
  });

  it('extra bytes after the data are warned about', () => {
    const r = readNpy(npyFile(`{'descr': '<f8', ${ok}`, concat(f64le(1, 2, 3, 4), [0, 0])));
    expect(r.warnings.join()).toMatch(/2 bytes after the array data/);
  });

  it('NaN and Infinity by row and column', () => {
    expectInputError(
      file(`{'descr': '<f8', ${ok}`, f64le(1, 2, Number.NaN, 4)),
      /row 1 \("task 1"\), column 0/,
      /NaN/,
    );
    expectInputError(
      file(`{'descr': '>f4', ${ok}`, f32([1, Number.NEGATIVE_INFINITY, 3, 4], false)),
      /row 0 .*column 1/,
      /-Infinity/,
    );
  });

  it('K < 2 and d = 0', () => {
    expectInputError(file("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 4), }"), /K ≥ 2/);
    expectInputError(file("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 0), }"), /d = 0/);
  });

  it('bad magic, versions and header dictionaries', () => {
    expectInputError(
      () => readNpy(Uint8Array.from(ascii('NUMPY and more'))),
      /no \\x93NUMPY magic/,
    );
    const v4 = npyFile(`{'descr': '<f8', ${ok}`, f64le(1, 2, 3, 4));
    v4[6] = 4;
    expectInputError(() => readNpy(v4), /version 4\.0/);
    expectInputError(
      file(`{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 2)}`),
      /'fortran_order' must be True or False/,
    );
    expectInputError(file(`{'descr': '<f8', 'shape': (2, 2)}`), /exactly the keys/);
    expectInputError(
      file(`{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), 'x': 1}`),
      /exactly the keys/,
    );
    expectInputError(file(`{'descr': '<f8', 'descr': '<f8', ${ok}`), /duplicate key/);
    expectInputError(
      file(`{'descr': '<f8', 'fortran_order': False, 'shape': (2, -2)}`),
      /unexpected character '-'/,
    );
    expectInputError(
      file(`{'descr': __import__('os').system('x'), ${ok}`),
      /unexpected character '_'/,
    );
  });
});

describe('Python literal parser', () => {
  it('parses nested tuples, lists, None and escapes, keeping order', () => {
    const m = parsePyDict(`{'a': (1, (2,), []), "b": None, 'c\\'d': 'x\\\\y', }`, 'h');
    expect([...m.keys()]).toEqual(['a', 'b', "c'd"]);
    expect(m.get('a')).toEqual([1, [2], []]);
    expect(m.get('b')).toBeNull();
    expect(m.get("c'd")).toBe('x\\y');
  });

  it('rejects deep nesting, trailing text, unknown escapes and huge integers', () => {
    expectInputError(
      () => parsePyDict(`{'a': ${'('.repeat(40)}${')'.repeat(40)}}`, 'h'),
      /nesting too deep/,
    );
    expectInputError(() => parsePyDict(`{'a': 1} x`, 'h'), /after the dictionary/);
    expectInputError(() => parsePyDict(`{'a': '\\n'}`, 'h'), /unsupported escape/);
    expectInputError(() => parsePyDict(`{'a': 123456789012345678901}`, 'h'), /too large/);
    expectInputError(() => parsePyDict(`{'a': 'open`, 'h'), /unterminated string/);
    expectInputError(() => parsePyDict(`{1: 2}`, 'h'), /string key/);
  });
});
