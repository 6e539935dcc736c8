/**
 * The lab page's experiments on the command line: `sweep`, `basin` and `embed` give the same
 * numbers as the functions the page calls with the page's own arguments (src/ui/lab/*Panel.tsx),
 * for the same seed; with --backend gpu (SwiftShader here) they agree within float32 tolerance;
 * `--help` lists every command with its options.
 */
import { describe, expect, it } from 'vitest';
import { createQuadraticGroups } from '../../src/core/problems/index';
import { alphaSweep } from '../../src/lab/alphaSweep';
import { basinMap } from '../../src/lab/basinMap';
import { coulombView } from '../../src/lab/coulombView';
import { cosineAt } from '../../src/ui/lab/metaGroups';
import { batchProblem, defaultEta } from '../../src/ui/lab/problemChoice';
import { lab } from './helpers';

function json(args: string[]) {
  const r = lab([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('sweep, basin and embed: the page’s numbers from the CLI', () => {
  it('sweep equals alphaSweep as the α-sweep panel calls it', async () => {
    const problem = batchProblem('quadratic-groups', 1);
    const page = await alphaSweep({
      problem,
      method: { id: 'cosine', mode: 'sequential' },
      W: 9,
      eta: defaultEta(problem),
      steps: 120,
      tol: 1e-4,
      backend: 'cpu',
    });
    const cli = json(['sweep', '--mode', 'sequential', '--W', '9', '--steps', '120']);
    expect(cli.alpha).toEqual(Array.from(page.alpha));
    expect(cli.stepsToTol).toEqual(Array.from(page.stepsToTol, (s) => (s < 0 ? null : s)));
    expect(cli.finalB).toEqual(Array.from(page.finalB));
    expect(cli.finalGap).toEqual(Array.from(page.finalGap));
    // The sweep is not flat: a different α gives a different final B (the test can fail).
    expect(new Set(cli.finalB).size).toBeGreaterThan(1);
  });

  it('basin equals basinMap as the basin panel calls it', async () => {
    const problem = batchProblem('cagrad-toy', 1);
    const page = await basinMap({
      problem,
      method: { id: 'pcgrad', seed: 1 },
      n: 8,
      eta: defaultEta(problem),
      steps: 150,
      backend: 'cpu',
    });
    const cli = json(['basin', '--method', 'pcgrad', '--n', '8', '--steps', '150']);
    expect(cli.ends).toEqual(Array.from(page.ends));
    expect(cli.settleStep).toEqual(Array.from(page.settleStep));
    expect(cli.diverged).toEqual(page.diverged);
    expect(cli.settled).toBe(Array.from(page.settleStep).filter((s) => s >= 0).length);
  });

  it('embed equals coulombView of the Coulomb panel’s default target', () => {
    const K = 5;
    const seed = 4;
    const p = createQuadraticGroups({ K, d: 3, groups: 2, seed });
    const page = coulombView(cosineAt(p, p.starts()[0]), K, { m: 2, seed });
    const cli = json(['embed', '--K', String(K), '--seed', String(seed), '--m', '2']);
    expect(cli.fit.residual).toBe(page.fit.residual);
    expect(cli.rankErrors).toEqual(Array.from(page.rankErrors));
    expect(cli.positions.flat()).toEqual(Array.from(page.positions));
    expect(cli.exact.maxError).toBeLessThan(1e-12);
  });

  it('--backend gpu (SwiftShader): the same sweep and embedding within float32 tolerance', () => {
    const args = ['sweep', '--W', '5', '--steps', '60', '--check-every', '60'];
    const cpu = json(args);
    const gpu = json([...args, '--backend', 'gpu']);
    expect(gpu.backend).toBe('gpu');
    cpu.finalB.forEach((b: number, w: number) => {
      expect(Math.abs(gpu.finalB[w] - b)).toBeLessThanOrEqual(1e-3 * Math.max(b, 1e-3));
    });
    const ec = json(['embed', '--K', '4']);
    const eg = json(['embed', '--K', '4', '--backend', 'gpu']);
    expect(eg.backend).toBe('gpu');
    ec.W.flat().forEach((w: number, k: number) => {
      expect(Math.abs(eg.W.flat()[k] - w)).toBeLessThanOrEqual(1e-5);
    });
  }, 120_000);

  it('--help lists every command with its options', () => {
    const r = lab(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['project', 'suite', 'flow', 'meta', 'claims', 'sweep', 'basin', 'embed']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
    expect(r.stdout).toContain('--backend cpu|gpu');
    expect(r.stdout).toContain('--budget');
  });
});
