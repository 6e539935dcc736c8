/**
 * The aggregators of the method atlas from the command line: `project` takes their fields and
 * reproduces TorchJD's documented UPGrad output, bad fields exit 2 naming the field, and `suite`
 * lists every method with its rates.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './helpers';

const J = [
  [-4, 1, 1],
  [6, 1, 1],
];

function run(body: unknown) {
  return lab(['project', '--input', '-', '--json'], JSON.stringify(body));
}

describe('lab project / suite with the new aggregators', () => {
  it("UPGrad with TorchJD's Gram and mean convention prints TorchJD's [0.2929, 1.9004, 1.9004]", () => {
    const r = run({ gradients: J, method: 'upgrad', torchjd: true, scale: 'mean' });
    expect(r.code).toBe(0);
    const d: number[] = JSON.parse(r.stdout).direction;
    for (const [k, x] of [0.2929, 1.9004, 1.9004].entries()) {
      expect(Math.abs(d[k] - x)).toBeLessThan(5e-5);
    }
  });

  it('bad fields exit 2 and name the field', () => {
    const bad = [
      [{ gradients: J, method: 'krum' }, 'gradients'],
      [{ gradients: J, method: 'constant', weights: [1] }, 'weights'],
      [{ gradients: J, method: 'gradvac', beta: 2 }, 'beta'],
      [{ gradients: J, method: 'upgrad', torchjd: 'yes' }, 'torchjd'],
    ] as const;
    for (const [body, field] of bad) {
      const r = run(body);
      expect(r.code, JSON.stringify(body)).toBe(2);
      expect(r.stderr).toContain(field);
    }
  });

  it('suite runs every method (krum left out below K = 3)', () => {
    const r = lab(['suite', '--only', 'high-dimensional', '--json']);
    expect(r.code).toBe(0);
    const [s] = JSON.parse(r.stdout);
    const names: string[] = s.methods.map((m: { method: string }) => m.method);
    for (const m of [
      'dualproj',
      'imtlg',
      'alignedmtl',
      'nashmtl',
      'graddrop',
      'config',
      'krum',
      'trimmedmean',
      'rlw',
      'mean',
      'gradvac',
    ]) {
      expect(
        names.some((n) => n.startsWith(m)),
        m,
      ).toBe(true);
    }
    const dualproj = s.methods.find((m: { method: string }) => m.method === 'dualproj');
    expect(dualproj.directionSafe.rate).toBe(1);
    const k2 = JSON.parse(
      lab(['suite', '--only', 'high-dimensional', '--K', '2', '--json']).stdout,
    )[0];
    expect(k2.methods.some((m: { method: string }) => m.method.startsWith('krum'))).toBe(false);
  });

  it('atlas prints every method with its properties (same measurement as the page)', () => {
    const r = lab(['atlas', '--K', '3', '--d', '4', '--sets', '10', '--seed', '2', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.params).toEqual({ K: 3, d: 4, sets: 10, seed: 2 });
    const upgrad = out.rows.find((x: { method: string }) => x.method === 'upgrad');
    // Non-conflict on the 10 random and the 10 hard sets.
    expect(upgrad.properties.nonConflicting).toMatchObject({ checked: 20, failures: 0 });
    const sum = out.rows.find((x: { method: string }) => x.method === 'sum');
    expect(sum.properties.paretoFixedPoints.failures).toBe(10);
    expect(sum.properties.paretoFixedPoints.counterexample.gradients).toHaveLength(3);
  });
});
