/**
 * Bad input: every validation error is an InputError naming its field.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { coefficients, project, validateSpec } from '../../src/core/methods/index';
import { minNormWeights } from '../../src/core/simplex';
import type { MethodSpec } from '../../src/core/types';
import { gs } from './support';

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.field;
    throw e;
  }
  throw new Error('expected an InputError');
}

const bad = (spec: unknown): MethodSpec => spec as MethodSpec;
const rows = [
  [1, 0],
  [-1, 1],
  [0, 2],
];

describe('validateSpec', () => {
  const cases: [string, unknown, number, string][] = [
    ['unknown method', { id: 'adam' }, 3, 'method'],
    ['missing method', {}, 3, 'method'],
    ['not an object', null, 3, 'method'],
    ['alpha > 1', { id: 'cosine', alpha: 1.5 }, 3, 'alpha'],
    ['alpha < 0', { id: 'cosine', alpha: -0.1 }, 3, 'alpha'],
    ['alpha NaN', { id: 'cosine', alpha: Number.NaN }, 3, 'alpha'],
    ['alpha string', { id: 'cosine', alpha: '0.5' }, 3, 'alpha'],
    ['A wrong length', { id: 'interaction', A: new Float64Array(4) }, 3, 'A'],
    ['A non-finite', { id: 'interaction', A: new Float64Array(9).fill(Number.NaN) }, 3, 'A'],
    ['A infinite', { id: 'interaction', A: [0, 1, 1, 1, 0, Infinity, 1, 1, 0] }, 3, 'A'],
    ['A not an array', { id: 'interaction', A: 5 }, 3, 'A'],
    ['gating', { id: 'interaction', gating: 'some' }, 3, 'gating'],
    ['mode', { id: 'cosine', mode: 'parallel' }, 3, 'mode'],
    ['order', { id: 'pcgrad', order: 'descending' }, 3, 'order'],
    ['c = 1', { id: 'cagrad', c: 1 }, 3, 'c'],
    ['c < 0', { id: 'cagrad', c: -0.5 }, 3, 'c'],
    ['c infinite', { id: 'cagrad', c: Infinity }, 3, 'c'],
    ['tau negative', { id: 'pcgrad', tau: -1e-9 }, 3, 'tau'],
    ['tau NaN', { id: 'pcgrad', tau: Number.NaN }, 3, 'tau'],
    ['seed fractional', { id: 'pcgrad', seed: 1.5 }, 3, 'seed'],
    ['shuffle', { id: 'pcgrad', shuffle: 'sometimes' }, 3, 'shuffle'],
    ['step negative', { id: 'pcgrad', step: -1 }, 3, 'step'],
    ['step fractional', { id: 'pcgrad', step: 0.5 }, 3, 'step'],
    ['K = 1', { id: 'sum' }, 1, 'gradients'],
    ['K = 0', { id: 'mgda' }, 0, 'gradients'],
    ['upgrad K = 33', { id: 'upgrad' }, 33, 'gradients'],
  ];
  for (const [name, spec, K, field] of cases) {
    it(`${name} → ${field}`, () => {
      expect(fieldOf(() => validateSpec(bad(spec), K))).toBe(field);
    });
  }

  it('accepts every valid spec, including boundary values', () => {
    const ok: MethodSpec[] = [
      { id: 'sum' },
      { id: 'cosine', alpha: 0 },
      { id: 'cosine', alpha: 1, mode: 'sequential', order: 'fixed' },
      { id: 'interaction', A: new Float64Array(9), gating: 'all' },
      { id: 'cagrad', c: 0 },
      { id: 'pcgrad', tau: 0, seed: -7 },
      { id: 'upgrad' },
      { id: 'mgda' },
    ];
    for (const spec of ok) expect(() => validateSpec(spec, 3)).not.toThrow();
    expect(() => validateSpec({ id: 'upgrad' }, 32)).not.toThrow();
  });

  it('the message says what is wrong', () => {
    expect(() => validateSpec({ id: 'sum' }, 1)).toThrow(/need at least 2 objectives/);
    expect(() => validateSpec(bad({ id: 'adam' }), 3)).toThrow(/unknown method/);
  });
});

describe('project and coefficients validate', () => {
  it('project rejects a bad spec and K = 1, naming the field', () => {
    expect(fieldOf(() => project(gs(rows), { id: 'cosine', alpha: 2 }))).toBe('alpha');
    expect(fieldOf(() => project(gs([[1, 2]]), { id: 'sum' }))).toBe('gradients');
    expect(fieldOf(() => project(gs(rows), bad({ id: 'nope' })))).toBe('method');
  });

  it('coefficients rejects a Gram matrix of the wrong size or with non-finite entries', () => {
    expect(fieldOf(() => coefficients(new Float64Array(4), 3, { id: 'sum' }))).toBe('gradients');
    const G = new Float64Array([1, 0, 0, Infinity]);
    expect(fieldOf(() => coefficients(G, 2, { id: 'mgda' }))).toBe('gradients');
  });

  it('project rejects gradients with NaN (never a silent NaN)', () => {
    const set = { K: 2, d: 2, g: new Float64Array([1, Number.NaN, 0, 1]) };
    expect(fieldOf(() => project(set, { id: 'pcgrad' }))).toBe('gradients');
  });

  it('minNormWeights rejects K < 1 and a wrong-size Gram matrix', () => {
    expect(fieldOf(() => minNormWeights(new Float64Array(0), 0))).toBe('gradients');
    expect(fieldOf(() => minNormWeights(new Float64Array(3), 2))).toBe('gradients');
  });
});
