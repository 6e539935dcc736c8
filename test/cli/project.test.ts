import { describe, expect, it } from 'vitest';
import { lab } from './helpers';

const g = [
  [1, 0],
  [-1, 1],
];

function run(body: unknown) {
  return lab(['project', '--input', '-', '--json'], JSON.stringify(body));
}

describe('lab project', () => {
  it('pcgrad on a hand-computed pair', () => {
    // G12 = −1: g1' = g1 + ½g2 = (½, ½); g2' = g2 + g1 = (0, 1); d = (½, 3/2).
    // S = 3, Σg = (0, 1): B = 1/3, I = −1/3; cos12 = −1/√2.
    const r = run({ gradients: g, method: 'pcgrad' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.projected[0][0]).toBeCloseTo(0.5, 15);
    expect(out.projected[0][1]).toBeCloseTo(0.5, 15);
    expect(out.projected[1]).toEqual([0, 1]);
    expect(out.direction[0]).toBeCloseTo(0.5, 15);
    expect(out.direction[1]).toBeCloseTo(1.5, 15);
    expect(out.metrics.S).toBe(3);
    expect(out.metrics.B).toBeCloseTo(1 / 3, 15);
    expect(out.metrics.I).toBeCloseTo(-1 / 3, 15);
    expect(out.metrics.conflicts).toEqual([[0, 1]]);
    expect(out.metrics.cos[0][1]).toBeCloseTo(-Math.SQRT1_2, 15);
  });

  it('cosine α = 1 removes |cos| of the PCGrad correction', () => {
    // g1' = g1 − |cos|·(G12/G22)·g2 = (1, 0) + (1/(2√2))·(−1, 1).
    const r = run({ gradients: g, method: 'cosine', alpha: 1 });
    const out = JSON.parse(r.stdout);
    const k = 1 / (2 * Math.SQRT2);
    expect(out.projected[0][0]).toBeCloseTo(1 - k, 14);
    expect(out.projected[0][1]).toBeCloseTo(k, 14);
  });

  it('reports B as undefined for all-zero gradients instead of NaN', () => {
    const r = run({
      gradients: [
        [0, 0],
        [0, 0],
      ],
      method: 'sum',
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.metrics.B).toBeNull();
    expect(out.notes[0]).toMatch(/undefined/);
    expect(r.stdout).not.toMatch(/NaN/);
  });

  it.each([
    [{ gradients: [[1, 2], [3]], method: 'sum' }, 'gradients[1]'],
    [{ gradients: [[1, 2]], method: 'sum' }, 'gradients'],
    [{ gradients: g, method: 'nope' }, 'method'],
    [{ gradients: g, method: 'cosine', alpha: 2 }, 'alpha'],
    [{ gradients: g, method: 'interaction', A: [[0, 1]] }, 'A'],
    [{ gradients: g, method: 'sum', extra: 1 }, 'extra'],
  ])('rejects bad input %# naming the field, exit 2', (body, field) => {
    const r = run(body);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(field);
    expect(r.stdout).toBe('');
  });

  it('rejects NaN and malformed JSON with exit 2', () => {
    const nan = lab(
      ['project', '--input', '-'],
      '{"gradients": [[1, NaN], [0, 1]], "method": "sum"}',
    );
    expect(nan.code).toBe(2);
    expect(nan.stderr).toMatch(/JSON/);
    // JSON.parse reads 1e999 as Infinity.
    const inf = lab(
      ['project', '--input', '-'],
      '{"gradients": [[1, 1e999], [0, 1]], "method": "sum"}',
    );
    expect(inf.code).toBe(2);
    expect(inf.stderr).toContain('gradients[0][1]');
    expect(inf.stderr).toMatch(/finite/);
  });
});
