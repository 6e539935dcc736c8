/**
 * concord-run export: exact round trips (non-finite series values included) and a named
 * InputError for every malformed field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRun, type RunExport, serializeRun } from '../../src/core/io/runJson';
import { expectInputError, namedMatrix } from './helpers';

const base = (): RunExport => ({
  format: 'concord-run',
  version: 1,
  config: { method: 'cosine', alpha: 0.5 },
});

/** JSON writes −0 as 0; compare numbers with that one identification. */
const plusZero = (rows: number[][]) => rows.map((r) => r.map((x) => x + 0));

describe('round trips', () => {
  it('config, gradients, names, series with NaN/±Infinity, and step', () => {
    const run: RunExport = {
      ...base(),
      config: { method: 'pcgrad', nested: { list: [1, 'a', null, true] } },
      gradients: [
        [1, -2],
        [0.1, 3e-300],
      ],
      names: ['seg', 'depth'],
      series: {
        B: [1, Number.NaN, 0.5],
        loss: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
        __proto__x: [],
      },
      step: 42,
    };
    const back = parseRun(serializeRun(run));
    expect(back).toEqual(run);
    expect(Number.isNaN(back.series?.B[1])).toBe(true);
    expect(serializeRun(run)).toContain('"NaN"');
  });

  it('arbitrary gradients, names and series', () => {
    fc.assert(
      fc.property(
        namedMatrix('f8'),
        fc.dictionary(fc.string(), fc.array(fc.double())),
        fc.nat(),
        ({ gs, names }, series, step) => {
          const gradients: number[][] = [];
          for (let i = 0; i < gs.K; i++)
            gradients.push(Array.from(gs.g.subarray(i * gs.d, (i + 1) * gs.d)));
          const run: RunExport = { ...base(), gradients, names, series, step };
          const back = parseRun(serializeRun(run));
          expect(plusZero(back.gradients ?? [])).toEqual(plusZero(gradients));
          expect(back.names).toEqual(names);
          expect(Object.keys(back.series ?? {})).toEqual(Object.keys(series));
          for (const [k, v] of Object.entries(series))
            expect(plusZero([back.series?.[k] ?? []])).toEqual(plusZero([v]));
          expect(back.step).toBe(step);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('every field is validated', () => {
  const bad = (patch: Record<string, unknown>, field: RegExp) =>
    expectInputError(() => parseRun(JSON.stringify({ ...base(), ...patch })), field);

  it('format, version, unknown fields, config', () => {
    bad({ format: 'concord' }, /^format: /);
    bad({ version: 2 }, /^version: .*version 1/);
    bad({ version: '1' }, /^version: /);
    bad({ extra: 1 }, /^extra: is not a field/);
    bad({ config: [] }, /^config: /);
    bad({ config: null }, /^config: /);
    expectInputError(
      () => parseRun(JSON.stringify({ format: 'concord-run', version: 1 })),
      /^config: /,
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    bad({ config: { deep } }, /^config\.deep(\[0\])+: .*nested deeper/);
  });

  it('gradients and names', () => {
    bad({ gradients: [[1, 2]] }, /^gradients: .*K ≥ 2/);
    bad({ gradients: [[1, 2], [3]] }, /^gradients\[1\]: /);
    bad({ gradients: [[], []] }, /^gradients\[0\]: /);
    bad(
      {
        gradients: [
          [1, 2],
          [3, '4'],
        ],
      },
      /^gradients\[1\]\[1\]: /,
    );
    bad(
      {
        gradients: [
          [1, 2],
          [3, null],
        ],
      },
      /^gradients\[1\]\[1\]: /,
    );
    bad({ gradients: [{ length: 1e12 }, [1]] }, /^gradients\[0\]: /);
    bad({ names: ['a', 'b'] }, /^names: .*without gradients/);
    bad({ gradients: [[1], [2]], names: ['a'] }, /^names: has 1 names for 2/);
    bad({ gradients: [[1], [2]], names: ['a', 3] }, /^names: /);
  });

  it('series and step', () => {
    bad({ series: [] }, /^series: /);
    bad({ series: { B: 1 } }, /^series\.B: /);
    bad({ series: { B: [1, 'nan'] } }, /^series\.B\[1\]: /);
    bad({ series: { B: [null] } }, /^series\.B\[0\]: /);
    bad({ step: -1 }, /^step: /);
    bad({ step: 1.5 }, /^step: /);
  });

  it('text that is not JSON, and values that are not runs', () => {
    expectInputError(() => parseRun('{"format": '), /^run: is not valid JSON/);
    expectInputError(() => parseRun('[1]'), /^run: must be a JSON object/);
    expectInputError(
      () => parseRun('{"__proto__": {"format": "concord-run"}}'),
      /^__proto__: is not a field/,
    );
  });

  it('serializeRun refuses what JSON cannot reproduce', () => {
    expectInputError(() => serializeRun({ ...base(), config: { a: Number.NaN } }), /^config\.a: /);
    expectInputError(() => serializeRun({ ...base(), config: { f: () => 1 } }), /^config\.f: /);
    expectInputError(() => serializeRun({ ...base(), config: { d: new Date(0) } }), /^config\.d: /);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectInputError(() => serializeRun({ ...base(), config: cyclic }), /nested deeper/);
  });
});
