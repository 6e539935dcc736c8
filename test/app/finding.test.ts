import { describe, expect, it } from 'vitest';
import { runFinding } from '../../src/ui/finding';

const steps = (n: number) => Float64Array.from({ length: n }, (_, k) => k * 10);

describe('run finding', () => {
  it('names a run that froze on the Pareto set with a large F − F*', () => {
    const gaps = Float64Array.from({ length: 40 }, (_, k) => (k < 10 ? 5 - k * 0.4 : 0.1448));
    const f = runFinding({ method: 'cosine', steps: steps(40), gaps, paretoRel: 1e-9 });
    expect(f).toMatch(/stopped for good at F − F\* = 0\.145/);
    expect(f).toMatch(/Pareto gap is 0/);
  });

  it('explains a rise of F − F* while Pareto-stationary', () => {
    const gaps = Float64Array.from({ length: 12 }, (_, k) => 0.52 + k);
    const f = runFinding({ method: 'pcgrad', steps: steps(12), gaps, paretoRel: 0 });
    expect(f).toMatch(/rose from 0\.52 to 11\.5/);
    expect(f).toMatch(/PCGrad/);
  });

  it('says nothing while a run still descends, or for Sum at its minimum', () => {
    const falling = Float64Array.from({ length: 40 }, (_, k) => 5 * 0.9 ** k);
    expect(
      runFinding({ method: 'cosine', steps: steps(40), gaps: falling, paretoRel: 0.3 }),
    ).toBeNull();
    const done = Float64Array.from({ length: 40 }, (_, k) => (k < 5 ? 1 / (k + 1) : 0));
    expect(runFinding({ method: 'sum', steps: steps(40), gaps: done, paretoRel: 0 })).toBeNull();
  });

  it('distinguishes a stop away from Pareto stationarity', () => {
    const gaps = Float64Array.from({ length: 40 }, () => 2);
    expect(runFinding({ method: 'cagrad', steps: steps(40), gaps, paretoRel: 0.2 })).toMatch(
      /Pareto gap above 0/,
    );
  });
});
