/**
 * The claims panel's numbers equal the CLI's for the same seed: the panel's measureClaim (the
 * shared Claim.run) against `npm run lab -- claims --only ID --json --seed S [--definition D]`
 * run in a child process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/lab/claims/index';
import { measureClaim } from '../../src/ui/lab/measureClaim';

const run = promisify(execFile);

async function cli(id: string, seed: number, definition?: string) {
  const args = ['tsx', 'src/cli/main.ts', 'claims', '--only', id, '--json', '--seed', String(seed)];
  if (definition) args.push('--definition', definition);
  const { stdout } = await run('npx', args, { cwd: process.cwd(), maxBuffer: 1 << 24 });
  const out = JSON.parse(stdout) as {
    id: string;
    measured: string;
    numbers: Record<string, number | null>;
    verdict: string;
    definition: string;
    table?: unknown;
  }[];
  expect(out.length).toBe(1);
  return out[0];
}

const CASES: [string, number, string | undefined][] = [
  ['im-1', 7, undefined],
  ['im-1', 7, 'all'],
  ['im-4', 3, undefined],
  ['cs-3', 11, undefined],
  ['bf-2', 5, undefined],
];

describe('claims panel against the CLI', () => {
  for (const [id, seed, definition] of CASES) {
    it(`${id}, seed ${seed}${definition ? `, definition ${definition}` : ''}`, async () => {
      const claim = CLAIMS.find((c) => c.id === id);
      expect(claim).toBeDefined();
      if (!claim) return;
      const [panel, fromCli] = await Promise.all([
        measureClaim(claim, seed, definition),
        cli(id, seed, definition),
      ]);
      expect(panel.value).toBe(fromCli.measured);
      expect(panel.numbers).toEqual(fromCli.numbers);
      expect(panel.verdict).toBe(fromCli.verdict);
      expect(panel.definitionUsed).toBe(fromCli.definition);
      expect(panel.table ?? null).toEqual(fromCli.table ?? null);
    }, 120_000);
  }

  it('measures different numbers for a different seed (the comparison can fail)', async () => {
    const claim = CLAIMS.find((c) => c.id === 'im-1');
    if (!claim) throw new Error('im-1 missing');
    const a = await measureClaim(claim, 7, undefined);
    const b = await measureClaim(claim, 8, undefined);
    expect(a.numbers.maxRelativeDifference).not.toBe(b.numbers.maxRelativeDifference);
  });
});
