/**
 * Shared helpers for the importer tests: arbitrary gradient matrices and names for fast-check,
 * byte builders for hand-made files, and the contract every importer result must satisfy.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { InputError } from '../../src/core/errors';
import type { GradSet } from '../../src/core/types';

/** A K×d matrix, K in 2..8, d in 1..64, of finite float64 (or float32-representable) values. */
export function finiteMatrix(precision: 'f4' | 'f8' = 'f8'): fc.Arbitrary<GradSet> {
  const value =
    precision === 'f8'
      ? fc.double({ noNaN: true, noDefaultInfinity: true })
      : fc.float({ noNaN: true, noDefaultInfinity: true });
  return fc
    .record({ K: fc.integer({ min: 2, max: 8 }), d: fc.integer({ min: 1, max: 64 }) })
    .chain(({ K, d }) =>
      fc
        .array(value, { minLength: K * d, maxLength: K * d })
        .map((xs) => ({ K, d, g: Float64Array.from(xs) })),
    );
}

/** A matrix with K distinct task names (arbitrary text, never "__metadata__"). */
export function namedMatrix(precision: 'f4' | 'f8' = 'f8') {
  return finiteMatrix(precision).chain((gs) =>
    fc
      .uniqueArray(
        fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => s !== '__metadata__'),
        { minLength: gs.K, maxLength: gs.K },
      )
      .map((names) => ({ gs, names })),
  );
}

/** Concatenates byte arrays. */
export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Latin-1 / ASCII bytes of a string. */
export const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** Little-endian float64 bytes of the values. */
export function f64le(...xs: number[]): Uint8Array {
  const out = new Uint8Array(8 * xs.length);
  const v = new DataView(out.buffer);
  for (let i = 0; i < xs.length; i++) v.setFloat64(8 * i, xs[i], true);
  return out;
}

/** Float32 bytes of the values, little- or big-endian. */
export function f32(xs: number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(4 * xs.length);
  const v = new DataView(out.buffer);
  for (let i = 0; i < xs.length; i++) v.setFloat32(4 * i, xs[i], littleEndian);
  return out;
}

/** A .npy v1.0 file with the given header dictionary text (padded with spaces and '\n'). */
export function npyFile(dict: string, data: Uint8Array, major = 1): Uint8Array {
  const lenBytes = major === 1 ? 2 : 4;
  const pre = 8 + lenBytes;
  const header = dict + ' '.repeat((64 - ((pre + dict.length + 1) % 64)) % 64) + '\n';
  const len = new Uint8Array(lenBytes);
  if (major === 1) new DataView(len.buffer).setUint16(0, header.length, true);
  else new DataView(len.buffer).setUint32(0, header.length, true);
  const body = major === 3 ? new TextEncoder().encode(header) : Uint8Array.from(ascii(header));
  return concat([0x93, ...ascii('NUMPY'), major, 0], len, body, data);
}

/** A safetensors file from a header object (written with JSON.stringify) and a data buffer. */
export function safetensorsFile(header: unknown, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const len = new Uint8Array(8);
  new DataView(len.buffer).setUint32(0, json.length, true);
  return concat(len, json, data);
}

/** The contract of every importer: a valid gradient set with one name per row. */
export function expectValid(r: {
  gs: { K: number; d: number; g: ArrayLike<number> };
  names: string[];
}) {
  expect(r.gs.K).toBeGreaterThanOrEqual(2);
  expect(r.gs.d).toBeGreaterThanOrEqual(1);
  expect(r.gs.g.length).toBe(r.gs.K * r.gs.d);
  expect(r.names).toHaveLength(r.gs.K);
  for (let j = 0; j < r.gs.g.length; j++) {
    if (!Number.isFinite(r.gs.g[j])) throw new Error(`non-finite entry ${r.gs.g[j]} at ${j}`);
  }
}

/** Runs an importer on hostile input: it must return a valid set or throw InputError. */
export function validOrInputError(
  run: () => { gs: { K: number; d: number; g: ArrayLike<number> }; names: string[] },
): 'ok' | 'rejected' {
  let r: ReturnType<typeof run>;
  try {
    r = run();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    expect(e.message.length).toBeGreaterThan(e.field.length + 2);
    return 'rejected';
  }
  expectValid(r);
  return 'ok';
}

/** Throws unless `run` throws an InputError whose message matches every pattern. */
export function expectInputError(run: () => unknown, ...patterns: RegExp[]): InputError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    for (const p of patterns) expect((e as InputError).message).toMatch(p);
    return e as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
