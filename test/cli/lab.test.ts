import { describe, expect, it } from 'vitest';
import { lab } from './helpers';

describe('lab commands', () => {
  it('suite --json gives every method every rate with counts, sizes and seed', () => {
    const r = lab(['suite', '--only', 'high-dimensional', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const [s] = JSON.parse(r.stdout);
    expect(s.sizes).toMatchObject({ count: 100, K: 3, d: 100 });
    expect(s.seed).toBe(3);
    const upgrad = s.methods.find((m: { method: string }) => m.method === 'upgrad');
    // UPGrad projects onto the dual cone: every pair and the direction are non-conflicting.
    expect(upgrad.pairwise.rate).toBe(1);
    expect(upgrad.directionSafe.rate).toBe(1);
    const sum = s.methods.find((m: { method: string }) => m.method === 'sum');
    expect(sum.pairwise.rate).toBe(0);
    expect(sum.pairwise.denominator).toBeGreaterThan(0);
  });

  it('flow reports the convex pair converging to θ*', () => {
    const r = lab([
      'flow',
      '--problem',
      'convex-pair',
      '--steps',
      '3000',
      '--eta',
      '0.05',
      '--json',
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.distToThetaStar).toBeLessThan(1e-8);
    expect(out.stepsToTolF).not.toBeNull();
  });

  it('claims --json: each claim has source, definition, measured value and a verdict', () => {
    const r = lab(['claims', '--only', 'bf-6', '--json']);
    expect(r.code).toBe(0);
    const [c] = JSON.parse(r.stdout);
    expect(c.source).toBe('b-flow.txt');
    expect(c.verdict).toBe('holds under a stated definition');
    expect(c.numbers.maxIdentityError).toBeLessThan(1e-14);
    // At θ* the identity route 1 + 2I cannot resolve B; the direct value is far smaller.
    expect(c.numbers.BDirect).toBeLessThan(1e-20);
  });

  it('unknown command and bad flags exit 2 with a message', () => {
    expect(lab(['frobnicate']).code).toBe(2);
    const r = lab(['flow', '--steps', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--steps');
    const typo = lab(['suite', '--sead', '4']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--sead');
  });
});
