import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { lab } from './helpers';

const seed = Math.floor(Math.random() * 1e9);

describe(`lab --backend gpu agrees with --backend cpu (seed ${seed})`, () => {
  it('project: projections and metrics within float32 tolerance', () => {
    const rng = createRng(seed);
    const gradients = Array.from({ length: 5 }, () =>
      Array.from({ length: 40 }, () => rng.normal()),
    );
    const input = JSON.stringify({ gradients, method: 'cosine', alpha: 0.7 });
    const [cpu, gpu] = ['cpu', 'gpu'].map((b) => {
      const r = lab(['project', '--input', '-', '--backend', b, '--json'], input);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    });
    expect(gpu.backend).toBe('gpu');
    const scale = Math.max(...cpu.projected.flat().map(Math.abs));
    cpu.projected.flat().forEach((x: number, k: number) => {
      // G from float32 partial sums: ~1e-6 relative; the coefficients amplify it modestly.
      expect(Math.abs(gpu.projected.flat()[k] - x)).toBeLessThanOrEqual(1e-4 * scale);
    });
    expect(Math.abs(gpu.metrics.B - cpu.metrics.B)).toBeLessThanOrEqual(1e-5 * cpu.metrics.B);
    expect(Math.abs(gpu.metrics.S - cpu.metrics.S)).toBeLessThanOrEqual(1e-5 * cpu.metrics.S);
  });

  it('suite: the same rates up to verdicts that float32 rounding can flip', () => {
    const run = (b: string) => {
      const r = lab([
        'suite',
        '--only',
        'high-dimensional',
        '--seed',
        String(seed % 1000),
        '--backend',
        b,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout)[0];
    };
    const cpu = run('cpu');
    const gpu = run('gpu');
    expect(gpu.backend).toBe('gpu');
    for (const [k, m] of cpu.methods.entries()) {
      for (const rate of ['pairwise', 'set', 'directionSafe', 'projectedPairs']) {
        expect(gpu.methods[k][rate].denominator).toBe(m[rate].denominator);
        expect(Math.abs(gpu.methods[k][rate].numerator - m[rate].numerator)).toBeLessThanOrEqual(2);
      }
    }
  });

  it('flow: the float32 floor sits above the float64 one', () => {
    const r = lab(['flow', '--backend', 'gpu', '--steps', '600', '--eta', '0.1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const f of out.float32Floor) {
      expect(f.gpu.minB).toBeGreaterThan(0);
      // float32 cannot resolve B below ~ε₃₂² ≈ 1e-14; float64 goes far lower on this problem.
      expect(f.gpu.minB).toBeGreaterThan(1e-20);
      expect(f.cpu.minB).toBeLessThan(f.gpu.minB);
    }
  });
});
