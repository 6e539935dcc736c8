/**
 * Long command-line runs: a progress bar on stderr (never in --json stdout), and Ctrl-C stops them
 * with exit code 130, one line on stderr and nothing on stdout (a partial result is not printed
 * as if complete). In process, Ctrl-C is the io's abort signal, aborted while the run is going;
 * one test sends a real SIGINT to the command-line process (main.ts turns it into that signal).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labIn } from './inProcess';

/** Runs argv in process and aborts its signal once its progress has reached stderr. */
async function interruptedRun(argv: string[], input = '', delayMs = 30) {
  const c = new AbortController();
  let stderr = '';
  const { runCli } = await import('../../src/cli/run');
  let stdout = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
      // the first progress line: the run is under way
      if (/\d+%/.test(t)) {
        if (delayMs === 0) c.abort();
        else setTimeout(() => c.abort(), delayMs);
      }
    },
    readStdin: (limit) => new TextEncoder().encode(input).subarray(0, limit + 1),
    isTTY: false,
    signal: c.signal,
  });
  return { code, stdout, stderr };
}

describe('Ctrl-C during a long run: exit 130, one line, no result', () => {
  it.each([
    [
      [
        'flow',
        '--K',
        '16',
        '--d',
        '400',
        '--steps',
        '200000',
        '--method',
        'pcgrad',
        '--eta',
        '1e-4',
      ],
    ],
    [['flow', '--K', '8', '--d', '200', '--steps', '500000', '--kind', 'bflow', '--eta', '1e-4']],
    [['sweep', '--W', '64', '--steps', '100000']],
    [['basin', '--n', '48', '--steps', '100000']],
    [['meta', '--cycles', '200', '--T', '20']],
    [['embed', '--source', 'learned', '--cycles', '500']],
    [['claims']],
    [['atlas', '--sets', '500']],
  ])(
    '%j',
    async (argv) => {
      const r = await interruptedRun([...argv, '--json']);
      expect(r.code, r.stderr).toBe(130);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines[lines.length - 1]).toMatch(new RegExp(`^concord lab ${argv[0]}: interrupted`));
      expect(lines.filter((l) => /interrupted/.test(l))).toHaveLength(1);
    },
    60_000,
  );

  it('flow --backend gpu (SwiftShader): the bar counts the engine runs, Ctrl-C stops them', async () => {
    const r = await interruptedRun(['flow', '--backend', 'gpu', '--steps', '100000', '--json']);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^engine flow steps \(4 runs\): 0% \(\d+\/400000\)$/m);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('concord lab flow: interrupted');
  }, 120_000);

  it('the flow says at which step it stopped', async () => {
    const r = await interruptedRun(['flow', '--K', '16', '--d', '400', '--steps', '200000']);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted at step \d+ of 200000; no result printed/);
  }, 60_000);
});

describe('project on a large input', () => {
  // 32 gradients of 65 536 entries written with 8 digits: about 23 MB of text, over the 16 Mi
  // characters from which project draws a bar of its stages.
  const big = () => {
    const row = (sign: number) =>
      `[${Array.from({ length: 65_536 }, (_, k) => (sign * ((k % 97) / 97 - 0.5)).toFixed(8)).join(',')}]`;
    const rows = Array.from({ length: 32 }, (_, i) => row(i % 2 ? -1 : 1));
    return `{"method":"sum","gradients":[${rows.join(',')}]}`;
  };

  it('draws a bar of its stages and stops between them on Ctrl-C', async () => {
    // Ctrl-C arrives during the first stage (a timer could not fire inside it): abort at once.
    const r = await interruptedRun(['project', '--input', '-', '--json'], big(), 0);
    expect(r.stderr).toMatch(/^project stages: \d+% \(\d\/5\)$/m);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').at(-1)).toBe('concord lab project: interrupted');
  }, 60_000);
});

describe('progress of a flow', () => {
  it('goes to stderr as a bar of tenths, and --json stdout stays pure JSON', async () => {
    const argv = ['flow', '--K', '16', '--d', '400', '--steps', '3000', '--eta', '1e-3', '--json'];
    const r = await labIn(argv);
    expect(r.code, r.stderr).toBe(0);
    const tenths = [...r.stderr.matchAll(/^loss-flow steps: (\d+)% \((\d+)\/3000\)$/gm)];
    expect(tenths.length).toBeGreaterThanOrEqual(5);
    const pct = tenths.map((m) => Number(m[1]));
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    expect(pct[pct.length - 1]).toBe(100);
    const out = JSON.parse(r.stdout);
    expect(out.steps).toBe(3000);
    expect(out.stop).toBe('steps');
  });
});

describe('a real SIGINT to the command-line process', () => {
  // node with tsx's loader, not the tsx wrapper: the wrapper relays a signal to its child and
  // kills it if the child has not answered within 30 ms (then exit 130 without the message).
  it('exits with 130 and the one-line message, stdout empty', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'src', 'cli', 'main.ts'),
        'flow',
        ...['--K', '16', '--d', '400', '--steps', '200000', '--json'],
      ],
      { cwd: root },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => {
      stdout += b;
    });
    child.stderr.on('data', (b) => {
      stderr += b;
      if (/\d+%/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code, stderr).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/concord lab flow: interrupted at step \d+ of 200000/);
  }, 60_000);
});
