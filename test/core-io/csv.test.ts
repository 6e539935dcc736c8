/**
 * CSV reader and writer: separators, names and header detection in both layouts, strict
 * numbers, errors naming line and cell, and exact round trips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from '../../src/core/io/csv';
import { expectInputError, namedMatrix } from './helpers';

const values = (text: string, transpose = false) => {
  const r = readCsv(text, { transpose });
  return { K: r.gs.K, d: r.gs.d, g: Array.from(r.gs.g), names: r.names, warnings: r.warnings };
};

describe('layouts and names', () => {
  it('comma rows, whitespace rows, comments, blank lines, CRLF and a BOM', () => {
    const expected = { K: 2, d: 3, g: [1, -2.5, 3e-3, 0.5, 4, -6] };
    expect(values('1,-2.5,3e-3\n.5,4.,-6\n')).toMatchObject(expected);
    expect(values('\uFEFF# x y z\n\n  1  -2.5\t3e-3\r\n0.5 4 -6')).toMatchObject(expected);
    expect(values('1 , -2.5 ,3e-3\r0.5,+4,-6\r\n\r\n')).toMatchObject(expected);
  });

  it('a first column of names (rows) and a header of names (transpose)', () => {
    expect(values('seg,1,2\ndepth,3,4')).toMatchObject({
      names: ['seg', 'depth'],
      g: [1, 2, 3, 4],
    });
    expect(values('seg,depth\n1,3\n2,4', true)).toMatchObject({
      K: 2,
      d: 2,
      names: ['seg', 'depth'],
      g: [1, 2, 3, 4],
    });
    expect(values('1,3\n2,4', true)).toMatchObject({
      names: ['task 0', 'task 1'],
      g: [1, 2, 3, 4],
    });
  });

  it('column labels in the rows layout are skipped with a warning', () => {
    const r = values('task,p0,p1\na,1,2\nb,3,4');
    expect(r).toMatchObject({ names: ['a', 'b'], g: [1, 2, 3, 4] });
    expect(r.warnings.join()).toMatch(/line 1 read as a header/);
  });

  it("pandas' index column, in both layouts", () => {
    expect(values(',0,1\n0,1,2\n1,3,4')).toMatchObject({
      names: ['0', '1'],
      d: 2,
      g: [1, 2, 3, 4],
    });
    const t = values(',seg,depth\n0,1,3\n1,2,4', true);
    expect(t).toMatchObject({ names: ['seg', 'depth'], g: [1, 2, 3, 4] });
    expect(t.warnings.join()).toMatch(/index and dropped/);
  });

  it('quoted names with commas, quotes, newlines, and number-like text', () => {
    const r = values('"a, ""b""\nc",1\n"2",3');
    expect(r.names).toEqual(['a, "b"\nc', '2']);
    expect(r.g).toEqual([1, 3]);
  });

  it('zero rows are allowed and warned about', () => {
    const r = values('0,0\n1,2');
    expect(r.warnings.join()).toMatch(/row 0 \("task 0"\) is all zeros/);
  });
});

describe('strict numbers and errors naming line and cell', () => {
  const read =
    (text: string, transpose = false) =>
    () =>
      readCsv(text, { file: 'g.csv', transpose });

  it('malformed numbers', () => {
    expectInputError(read('1,2\n3,1.2.3'), /g\.csv line 2, cell 2/, /"1\.2\.3" is not a number/);
    for (const bad of ['0x10', '1e', '--1', '1_000', '١', 'e5', '.']) {
      expectInputError(read(`1,2\n3,${bad}`), /line 2, cell 2/, /is not a number/);
    }
    expectInputError(read('1 2\n3 4;5'), /line 2, cell 2/);
  });

  it('empty cells', () => {
    expectInputError(read('1,2\n3,,4'), /line 2/, /cell 2 is empty/);
    expectInputError(read('1,2,\n3,4,5'), /line 1/, /cell 3 is empty/);
    expectInputError(read('1,2\n,4'), /line 2/, /cell 1 is empty/);
  });

  it('NaN, Inf and overflow', () => {
    expectInputError(read('1,2\n3,NaN'), /line 2, cell 2/, /NaN/);
    expectInputError(read('1,-inf\n3,4'), /line 1, cell 2/, /-inf/);
    expectInputError(read('1,2\n1e999,4'), /line 2, cell 1/, /1e999/);
  });

  it('ragged rows, K < 2, d = 0, unterminated quotes, nothing at all', () => {
    expectInputError(read('1,2,3\n4,5'), /line 2/, /has 2 cells, expected 3 like line 1/);
    expectInputError(read('a,b\n1,2\n3', true), /line 3/, /has 1 cells/);
    expectInputError(read('1,2,3'), /K ≥ 2/);
    expectInputError(read('1\n2\n3', true), /K ≥ 2/);
    expectInputError(read('a\nb'), /line 1: holds a task name but no numbers/);
    expectInputError(read('"a,1\n2,3'), /line 1/, /unterminated quote/);
    expectInputError(read('"a"x,1'), /unexpected text after quoted cell 1/);
    expectInputError(read('# only a comment\n\n'), /holds no numbers/);
    expectInputError(read('a,b', true), /header but no numbers/);
  });
});

describe('round trips', () => {
  it('rows and transposed layouts reproduce values (−0 included) and names exactly', () => {
    fc.assert(
      fc.property(namedMatrix('f8'), fc.boolean(), ({ gs, names }, transpose) => {
        const r = readCsv(writeCsv(gs, names, { transpose }), { transpose });
        expect([r.gs.K, r.gs.d]).toEqual([gs.K, gs.d]);
        expect(r.names).toEqual(names);
        expect(Array.from(r.gs.g)).toEqual(Array.from(gs.g));
      }),
      { numRuns: 200 },
    );
  });

  it('writes the documented text', () => {
    const gs = { K: 2, d: 2, g: Float64Array.of(1, -0, 0.1, 2e-7) };
    expect(writeCsv(gs, ['a', 'b"c'])).toBe('"a",1,-0\n"b""c",0.1,2e-7\n');
    expect(writeCsv(gs, ['a', 'b'], { transpose: true })).toBe('"a","b"\n1,0.1\n-0,2e-7\n');
  });
});

describe('separators that are not guessed (regressions)', () => {
  it('a comma in a comment line does not make a space-separated file comma-separated', () => {
    const r = readCsv('# columns: a, b, c\n1 2 3\n4 5 6\n', { file: 'g.txt' });
    expect([r.gs.K, r.gs.d]).toEqual([2, 3]);
    expect(Array.from(r.gs.g)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('semicolons and NUL bytes are refused by line and cell, not as "d = 0"', () => {
    expectInputError(
      () => readCsv('1;2;3\n4;5;6\n', { file: 'g.csv' }),
      /^g\.csv line 1, cell 1: holds a semicolon ';'/,
    );
    expectInputError(
      () => readCsv('1 2 3\n4 5\u00006\n', { file: 'g.csv' }),
      /^g\.csv line 2, cell 2: holds the control character U\+0000/,
    );
  });
});
