/**
 * importGradients: the format is chosen by magic bytes and extension, every reader is reached,
 * JSON forms are accepted, and every error names the file.
 */
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/core/io/csv';
import { detectFormat, importGradients } from '../../src/core/io/importGradients';
import { writeNpy } from '../../src/core/io/npy';
import { serializeRun } from '../../src/core/io/runJson';
import { writeSafetensors } from '../../src/core/io/safetensors';
import { ascii, expectInputError } from './helpers';

const gs = { K: 3, d: 2, g: Float64Array.of(1, 0, -1, 0.5, 0, 0) };
const names = ['seg', 'depth', 'normal'];
const text = (s: string) => new TextEncoder().encode(s);

describe('format choice', () => {
  it('each format by extension, with the same gradients back', () => {
    const files: [string, Uint8Array, string][] = [
      ['g.npy', writeNpy(gs), 'npy'],
      ['g.safetensors', writeSafetensors(gs, names), 'safetensors'],
      ['g.csv', text(writeCsv(gs, names)), 'csv'],
      [
        'g.json',
        text(
          JSON.stringify({
            gradients: [
              [1, 0],
              [-1, 0.5],
              [0, 0],
            ],
            names,
          }),
        ),
        'json',
      ],
    ];
    for (const [name, bytes, format] of files) {
      const r = importGradients(name, bytes);
      expect(r.format).toBe(format);
      expect(Array.from(r.gs.g)).toEqual(Array.from(gs.g));
      expect(r.gs.g).toBeInstanceOf(Float64Array);
      expect(r.names).toEqual(format === 'npy' ? ['task 0', 'task 1', 'task 2'] : names);
      expect(r.warnings.join()).toMatch(/row 2 .* is all zeros/);
    }
  });

  it('content without a known extension', () => {
    expect(detectFormat('grads', writeNpy(gs)).format).toBe('npy');
    expect(detectFormat('grads', writeSafetensors(gs, names)).format).toBe('safetensors');
    expect(detectFormat('grads', text(' \n[[1]]')).format).toBe('json');
    expect(detectFormat('grads', text('{"gradients": []}')).format).toBe('json');
    expect(detectFormat('grads', text('1,2\n3,4')).format).toBe('csv');
    expect(importGradients('grads.bin', text('1 2\n3 4')).format).toBe('csv');
  });

  it('magic bytes win over a wrong extension, with a warning', () => {
    const r = importGradients('g.csv', writeNpy(gs));
    expect(r.format).toBe('npy');
    expect(r.warnings[0]).toMatch(/named \.csv but its content is npy/);
    const s = importGradients('g.npy', writeSafetensors(gs, names));
    expect(s.format).toBe('safetensors');
    expectInputError(
      () => importGradients('g.npy', text('1,2\n3,4')),
      /^g\.npy: is not a \.npy file/,
    );
  });

  it('the transpose option reaches the CSV reader', () => {
    const r = importGradients('g.csv', text('a,b\n1,2\n3,4'), { transpose: true });
    expect(r.names).toEqual(['a', 'b']);
    expect(Array.from(r.gs.g)).toEqual([1, 3, 2, 4]);
  });
});

describe('JSON forms', () => {
  it('the project format with a method returns its spec', () => {
    const r = importGradients(
      'p.json',
      text(
        JSON.stringify({
          gradients: [
            [1, 2],
            [-2, 1],
          ],
          method: 'cosine',
          alpha: 0.5,
        }),
      ),
    );
    expect(r.spec).toMatchObject({ id: 'cosine', alpha: 0.5 });
    expect(r.names).toEqual(['task 0', 'task 1']);
  });

  it('a bare array of rows, and a concord-run export', () => {
    expect(Array.from(importGradients('a.json', text('[[1,2],[3,4]]')).gs.g)).toEqual([1, 2, 3, 4]);
    const run = serializeRun({
      format: 'concord-run',
      version: 1,
      config: {},
      gradients: [[1], [2]],
      names: ['x', 'y'],
    });
    const r = importGradients('run.json', text(run));
    expect(r.names).toEqual(['x', 'y']);
    expect(r.spec).toBeUndefined();
    expectInputError(
      () => importGradients('run.json', text('{"format":"concord-run","version":1,"config":{}}')),
      /^run\.json: .*without gradients/,
    );
  });

  it('errors inside JSON name the file and the field', () => {
    const bad = (o: unknown, ...p: RegExp[]) =>
      expectInputError(() => importGradients('p.json', text(JSON.stringify(o))), ...p);
    bad(
      {
        gradients: [
          [1, 2],
          [3, 'x'],
        ],
      },
      /^p\.json gradients\[1\]\[1\]: /,
    );
    bad({ gradients: [{ length: 1e12 }, [1]] }, /^p\.json gradients\[0\]: must be an array/);
    bad({ gradients: [[1, 2]] }, /^p\.json gradients: .*K ≥ 2/);
    bad({ gradients: [[1], [2]], names: ['a'] }, /^p\.json: has 1 task names for 2/);
    bad({ gradients: [[1], [2]], names: 'ab' }, /^p\.json names: /);
    bad({ gradients: [[1], [2]], method: 'nope' }, /^p\.json method: /);
    bad({ gradients: [[1], [2]], evil: 1 }, /^p\.json evil: is not a field/);
    bad(3, /^p\.json: must hold a JSON object/);
    expectInputError(
      () => importGradients('p.json', text('{"gradients": [[1],')),
      /^p\.json: is not valid JSON/,
    );
    expectInputError(
      () => importGradients('p.json', Uint8Array.of(0x7b, 0xff)),
      /^p\.json: is not valid UTF-8/,
    );
  });
});

describe('every error names the file', () => {
  it('empty files, short files, and each reader', () => {
    expectInputError(() => importGradients('e.csv', new Uint8Array(0)), /^e\.csv: is empty/);
    expectInputError(
      () => importGradients('x.safetensors', Uint8Array.from(ascii('abc'))),
      /^x\.safetensors: /,
    );
    expectInputError(() => importGradients('x.csv', text('1,2\n3,x')), /^x\.csv line 2, cell 2: /);
    expectInputError(() => importGradients('', text('1,2')), /^file: /);
  });
});
