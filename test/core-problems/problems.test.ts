import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { createCagradToy } from '../../src/core/problems/cagradToy';
import { createProblem, PROBLEM_IDS } from '../../src/core/problems/index';
import {
  createQuadraticGroups,
  QUADRATIC_GROUP_DEFAULTS,
} from '../../src/core/problems/quadraticGroups';
import { randomConflictSets } from '../../src/core/problems/randomSets';

function throwsField(f: () => unknown, field: string): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe(field);
    return;
  }
  throw new Error(`expected an InputError naming ${field}`);
}

describe('quadratic groups', () => {
  const p = createQuadraticGroups({ K: 7, d: 4, groups: 3, seed: 9, eigMin: 0.2, eigMax: 5 });

  it('θ* satisfies Σ Q_i(θ* − c_i) = 0 and F* = F(θ*) is the minimum', () => {
    const g = p.gradients(p.thetaStar!);
    for (let k = 0; k < p.d; k++) {
      let s = 0;
      let scale = 0;
      for (let i = 0; i < p.K; i++) {
        s += g[i * p.d + k];
        scale += Math.abs(g[i * p.d + k]);
      }
      expect(Math.abs(s)).toBeLessThan(1e-14 * Math.max(1, scale));
    }
    const L = p.losses(p.thetaStar!);
    expect(p.Fstar).toBeCloseTo(
      L.reduce((a, b) => a + b, 0),
      13,
    );
    for (const s of p.starts()) {
      const Ls = p.losses(s);
      expect(Ls.reduce((a, b) => a + b, 0)).toBeGreaterThan(p.Fstar!);
    }
  });

  it('labels objective i with group i mod groups; eigenvalues lie in [eigMin, eigMax]', () => {
    expect(Array.from(p.groupOf)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    for (const x of p.q) {
      expect(x).toBeGreaterThanOrEqual(0.2 * (1 - 1e-15));
      expect(x).toBeLessThanOrEqual(5 * (1 + 1e-15));
    }
    expect(p.kind).toBe('quadratic');
    expect(p.q.length).toBe(28);
    expect(p.c.length).toBe(28);
  });

  it('centres cluster around their group centroid, centroids at groupRadius', () => {
    const tight = createQuadraticGroups({
      K: 6,
      d: 3,
      groups: 2,
      groupRadius: 4,
      spread: 1e-3,
      seed: 2,
    });
    for (let i = 0; i < 6; i++) {
      const norm = Math.hypot(...tight.c.subarray(i * 3, i * 3 + 3));
      expect(Math.abs(norm - 4)).toBeLessThan(0.01);
      for (let j = 0; j < 6; j++) {
        const dist = Math.hypot(
          ...Array.from({ length: 3 }, (_, k) => tight.c[i * 3 + k] - tight.c[j * 3 + k]),
        );
        if (tight.groupOf[i] === tight.groupOf[j]) expect(dist).toBeLessThan(0.01);
      }
    }
  });

  it('same seed gives the same problem; another seed another one', () => {
    const a = createQuadraticGroups({ seed: 5 });
    const b = createQuadraticGroups({ seed: 5 });
    const c = createQuadraticGroups({ seed: 6 });
    expect(Array.from(a.q)).toEqual(Array.from(b.q));
    expect(Array.from(a.c)).toEqual(Array.from(b.c));
    expect(a.starts().map((s) => Array.from(s))).toEqual(b.starts().map((s) => Array.from(s)));
    expect(Array.from(a.c)).not.toEqual(Array.from(c.c));
  });

  it('defaults and validation name the field', () => {
    const dflt = createQuadraticGroups();
    expect(dflt.K).toBe(QUADRATIC_GROUP_DEFAULTS.K);
    expect(dflt.d).toBe(QUADRATIC_GROUP_DEFAULTS.d);
    throwsField(() => createQuadraticGroups({ K: 1 }), 'K');
    throwsField(() => createQuadraticGroups({ d: 0 }), 'd');
    throwsField(() => createQuadraticGroups({ K: 3, groups: 4 }), 'groups');
    throwsField(() => createQuadraticGroups({ groupRadius: -1 }), 'groupRadius');
    throwsField(() => createQuadraticGroups({ spread: Number.NaN }), 'spread');
    throwsField(() => createQuadraticGroups({ eigMin: 0 }), 'eigMin');
    throwsField(() => createQuadraticGroups({ eigMin: 2, eigMax: 1 }), 'eigMax');
    throwsField(() => createQuadraticGroups({ seed: 1.5 }), 'seed');
    throwsField(() => dflt.gradients(Float64Array.of(1, 2)), 'theta');
    throwsField(() => dflt.losses(Float64Array.of(1, Number.NaN, 2)), 'theta[1]');
    throwsField(() => dflt.hessianVec(new Float64Array(3), 6, new Float64Array(3)), 'i');
  });
});

describe('CAGrad toy', () => {
  const p = createCagradToy();

  it('has the six standard starts and the [−10, 10]² domain', () => {
    expect(p.starts().map((s) => Array.from(s))).toEqual([
      [-8.5, 7.5],
      [-8.5, -5],
      [9, 9],
      [0, 0],
      [-7.5, -0.5],
      [9, -1],
    ]);
    expect(p.domain).toEqual([
      [-10, 10],
      [-10, 10],
    ]);
  });

  it('F* is the minimum over a grid of the domain and ∇F(θ*) = 0', () => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i <= 200; i++) {
      for (let j = 0; j <= 200; j++) {
        const L = p.losses(Float64Array.of(-10 + i * 0.1, -10 + j * 0.1));
        best = Math.min(best, L[0] + L[1]);
      }
    }
    expect(p.Fstar!).toBeLessThanOrEqual(best);
    expect(best - p.Fstar!).toBeLessThan(1e-3);
    const g = p.gradients(p.thetaStar!);
    expect(Math.abs(g[0] + g[2])).toBeLessThan(1e-13);
    expect(Math.abs(g[1] + g[3])).toBeLessThan(1e-13);
    expect(p.thetaStar![1]).toBeGreaterThan(-10);
    expect(p.thetaStar![1]).toBeLessThan(-8);
  });

  it('rejects an unknown convention and a bad objective index', () => {
    throwsField(() => createCagradToy({ atZero: 'left' as 'zero' }), 'atZero');
    throwsField(() => p.hessianVec(Float64Array.of(1, 1), 2, Float64Array.of(1, 0)), 'i');
  });
});

describe('random conflict sets', () => {
  const conflicts = (g: Float64Array, K: number, d: number, tau: number): boolean => {
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++) {
        let gij = 0;
        let gii = 0;
        let gjj = 0;
        for (let k = 0; k < d; k++) {
          gij += g[i * d + k] * g[j * d + k];
          gii += g[i * d + k] ** 2;
          gjj += g[j * d + k] ** 2;
        }
        if (gij < -tau * Math.sqrt(gii * gjj)) return true;
      }
    }
    return false;
  };

  it('every set has at least one conflicting pair; reproducible from the seed', () => {
    const sets = randomConflictSets({ count: 50, K: 3, d: 4, seed: 8 });
    expect(sets.length).toBe(50);
    for (const s of sets) {
      expect(s.K).toBe(3);
      expect(s.d).toBe(4);
      expect(conflicts(s.g, 3, 4, 1e-9)).toBe(true);
    }
    const again = randomConflictSets({ count: 50, K: 3, d: 4, seed: 8 });
    expect(Array.from(again[49].g)).toEqual(Array.from(sets[49].g));
  });

  it('discards sets without a conflict (K = 2: about half of the draws)', () => {
    // With τ = 0.5 only pairs at more than 120° count; every kept set has one.
    const sets = randomConflictSets({ count: 30, K: 2, d: 2, seed: 1, tau: 0.5 });
    for (const s of sets) expect(conflicts(s.g, 2, 2, 0.5)).toBe(true);
  });

  it('scaled sets spread their norms log-normally', () => {
    const sets = randomConflictSets({ count: 200, K: 4, d: 50, seed: 3, scaled: true });
    const logs: number[] = [];
    for (const s of sets) {
      for (let i = 0; i < 4; i++)
        logs.push(Math.log(Math.hypot(...s.g.subarray(i * 50, i * 50 + 50))));
    }
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    // log‖g‖ ≈ log √50 + N(0, 1): standard deviation near 1 (unscaled it would be ≈ 0.1).
    expect(sd).toBeGreaterThan(0.8);
    expect(sd).toBeLessThan(1.2);
  });

  it('validation names the field', () => {
    throwsField(() => randomConflictSets({ count: 0, K: 3, d: 2 }), 'count');
    throwsField(() => randomConflictSets({ count: 1, K: 1, d: 2 }), 'K');
    throwsField(() => randomConflictSets({ count: 1, K: 2, d: 0 }), 'd');
    throwsField(() => randomConflictSets({ count: 1, K: 2, d: 2, tau: 1 }), 'tau');
  });
});

describe('createProblem', () => {
  it('dispatches every id and rejects unknown ids and parameters', () => {
    for (const id of PROBLEM_IDS) expect(createProblem(id).id).toBe(id);
    expect(createProblem('quadratic-groups', { K: 4, d: 2 }).K).toBe(4);
    expect(
      (createProblem('cagrad-toy', { atZero: 'autograd' }) as ReturnType<typeof createCagradToy>)
        .atZero,
    ).toBe('autograd');
    throwsField(() => createProblem('rosenbrock'), 'problem');
    throwsField(() => createProblem('convex-pair', { K: 3 }), 'K');
    throwsField(() => createProblem('quadratic-groups', { radius: 3 }), 'radius');
  });
});
