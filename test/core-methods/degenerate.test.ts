/**
 * Degenerate inputs: zero gradients, all gradients zero, duplicates, exactly antiparallel pairs,
 * extreme scales. No NaN anywhere, and the answers that are determined are checked.
 */
import { describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import type { MethodSpec } from '../../src/core/types';
import { ALL_SPECS, allFinite, dotv, expectClose, gs, rowOf } from './support';

const SPECS: MethodSpec[] = [
  ...ALL_SPECS,
  { id: 'interaction', A: new Float64Array(9).fill(1) },
  { id: 'interaction', A: new Float64Array(9).fill(1), gating: 'all' },
  { id: 'cosine', mode: 'sequential', order: 'fixed' },
];

const CASES: Record<string, number[][]> = {
  'one zero gradient': [
    [1, 2],
    [0, 0],
    [-1, 0.5],
  ],
  'all gradients zero': [
    [0, 0],
    [0, 0],
    [0, 0],
  ],
  'duplicated gradients': [
    [1, -2],
    [1, -2],
    [-3, 1],
  ],
  'exactly antiparallel pair': [
    [1, 2],
    [-1, -2],
    [0, 1],
  ],
  'antiparallel, different norms': [
    [2, 0],
    [-1, 0],
    [0, 3],
  ],
  'all equal': [
    [0.5, 1],
    [0.5, 1],
    [0.5, 1],
  ],
  'huge and tiny entries': [
    [1e150, -3e149],
    [-2e150, 1e150],
    [1e-150, 0],
  ],
};

describe('no NaN on degenerate input, for every method', () => {
  for (const [name, rows] of Object.entries(CASES)) {
    it(name, () => {
      for (const spec of SPECS) {
        const p = project(gs(rows), spec);
        expect(allFinite(p.C), `${spec.id} C`).toBe(true);
        expect(allFinite(p.projected), `${spec.id} projected`).toBe(true);
        expect(allFinite(p.direction), `${spec.id} direction`).toBe(true);
      }
    });
  }
});

describe('determined answers on degenerate input', () => {
  it('all gradients zero: every method returns zero projections', () => {
    for (const spec of SPECS) {
      const p = project(gs(CASES['all gradients zero']), spec);
      expect(Array.from(p.projected).every((x) => x === 0)).toBe(true);
    }
  });

  it('a zero gradient conflicts with nothing: pcgrad, cosine and interaction leave g_j alone', () => {
    const rows = CASES['one zero gradient'];
    // g1·g3 = −1 + 1 = 0: no conflict anywhere, so these methods return the inputs.
    for (const spec of SPECS.filter((s) => ['pcgrad', 'cosine', 'interaction'].includes(s.id))) {
      expectClose(project(gs(rows), spec).projected, rows.flat(), 0);
    }
  });

  it('exact antiparallel equal pair: pcgrad annihilates it exactly; mgda and upgrad give d·g_i ≥ 0', () => {
    const rows = [
      [1, 2],
      [-1, -2],
    ];
    expectClose(project(gs(rows), { id: 'pcgrad' }).projected, [0, 0, 0, 0], 0);
    const three = CASES['exactly antiparallel pair'];
    for (const id of ['mgda', 'upgrad'] as const) {
      const p = project(gs(three), { id });
      for (const r of three) expect(dotv(p.direction, r)).toBeGreaterThanOrEqual(-1e-12);
    }
    // 0 = ½g1 + ½g2 lies in the hull: mgda stops (d = 0).
    expectClose(project(gs(three), { id: 'mgda' }).direction, [0, 0], 1e-15);
  });

  it('duplicates: mgda splits the weight equally, whichever copy comes first', () => {
    const rows = CASES['duplicated gradients'];
    const p = project(gs(rows), { id: 'mgda' });
    expect(p.C[0]).toBeCloseTo(p.C[4], 14);
    const swapped = project(gs([rows[2], rows[0], rows[1]]), { id: 'mgda' });
    expectClose(swapped.direction, p.direction, 1e-13);
    expect(swapped.C[4]).toBeCloseTo(p.C[0], 13);
  });

  it('all equal gradients: d = Σ g_i (no conflict); cagrad (1 + c)·Σ g_i; gating all −Σ g_i', () => {
    // Gating 'all' with A = 1 subtracts the other two copies: g′_i = g − 2g = −g.
    const rows = CASES['all equal'];
    for (const spec of SPECS) {
      let f = spec.id === 'cagrad' ? 1 + (spec.c ?? 0.5) : 1;
      if (spec.gating === 'all') f = -1;
      expectClose(project(gs(rows), spec).direction, [1.5 * f, 3 * f], 1e-12);
    }
  });

  it('cagrad with 0 in the hull and the ball reaching the dual cone: d = projection of g0', () => {
    // g0 = (⅓, ⅓); dual cone {x = 0, y ≥ 0}; P(g0) = (0, ⅓) at distance ⅓ ≤ ρ = 0.9·√2/3.
    // g0 + μ2·g2 with μ2 = ⅓ ⇒ C = diag(1, 1 + 3·⅓, 1), K·d = (0, 1).
    const rows = [
      [2, 0],
      [-1, 0],
      [0, 1],
    ];
    const p = project(gs(rows), { id: 'cagrad', c: 0.9 });
    expectClose(p.direction, [0, 1], 1e-9);
    expectClose(p.C, [1, 0, 0, 0, 2, 0, 0, 0, 1], 1e-9);
  });

  it('huge and tiny gradients: results scale exactly like the unit-size problem', () => {
    const rows = CASES['huge and tiny entries'];
    const unit = rows.map((r) => r.map((x) => x / 1e150));
    for (const spec of SPECS) {
      const a = project(gs(rows), spec);
      const b = project(gs(unit), spec);
      for (let i = 0; i < 3; i++) {
        const ai = Array.from(rowOf(a.projected, i, 2), (x) => x / 1e150);
        expectClose(ai, rowOf(b.projected, i, 2), 1e-12);
      }
    }
  });
});
