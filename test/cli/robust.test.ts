/**
 * Hostile input to the command-line lab, run in process (runCli): every listed failure gets its
 * regression case, then a fuzz run over argv and --input bodies asserts exit code 0 or 2 (never
 * 1, a defect) and that each run ends within a bound. The commands refuse heavy work before
 * starting it (core/io/limits.ts), so the bound holds for every argv.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labIn } from './inProcess';

const project = (body: unknown) =>
  labIn(
    ['project', '--input', '-', '--json'],
    typeof body === 'string' ? body : JSON.stringify(body),
  );
const ok = {
  gradients: [
    [1, 0],
    [-1, 1],
  ],
  method: 'pcgrad',
};

describe('regressions: each exits 2 with the field named, or 0 with finite numbers', () => {
  it.each([
    [
      'a row written as {"length": 1e15}',
      { gradients: [{ length: 1e15 }, [1]], method: 'sum' },
      /gradients\[0\]: must be an array/,
    ],
    [
      '100,000 rows',
      { gradients: Array.from({ length: 100_000 }, () => [1]), method: 'sum' },
      /gradients: has K = 100000 gradients; at most 256/,
    ],
    [
      'an A entry that sends the projection beyond float64',
      {
        gradients: [
          [2, 0],
          [-1, 0.1],
        ],
        method: 'interaction',
        A: [
          [0, 1e308],
          [1e308, 0],
        ],
      },
      /outside float64's range \(the interaction matrix A/,
    ],
  ])('%s', async (_name, body, message) => {
    const r = await project(body);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a byte-order mark before the JSON is read, not "Unexpected token"', async () => {
    const r = await project(`\ufeff${JSON.stringify(ok)}`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.conflicts).toEqual([[0, 1]]);
  });

  it('entries near 1e±154 and beyond: conflicts and cosines as at unit scale', async () => {
    const unit = JSON.parse((await project(ok)).stdout);
    for (const s of [1e154, 1e-154, 1e300, 1e-300]) {
      const r = await project({ ...ok, gradients: ok.gradients.map((g) => g.map((x) => x * s)) });
      expect(r.code, String(s)).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.metrics.conflicts).toEqual([[0, 1]]);
      expect(out.metrics.cos[0][1]).toBeCloseTo(unit.metrics.cos[0][1], 14);
      expect(out.metrics.B).toBeCloseTo(unit.metrics.B, 14);
      // S = 3·s² is outside float64 here: null, with log10 S given.
      expect(out.metrics.log10S).toBeCloseTo(Math.log10(3) + 2 * Math.log10(s), 10);
      expect(out.projected[0][0] / s).toBeCloseTo(unit.projected[0][0], 14);
    }
  });

  it('--backend gpu with entries ≥ 2e19 (beyond float32 squared) answers like the CPU', async () => {
    const body = JSON.stringify({
      ...ok,
      gradients: ok.gradients.map((g) => g.map((x) => x * 3e19)),
    });
    const gpu = await labIn(['project', '--input', '-', '--backend', 'gpu', '--json'], body);
    expect(gpu.code, gpu.stderr).toBe(0);
    const cpu = await labIn(['project', '--input', '-', '--json'], body);
    const a = JSON.parse(gpu.stdout);
    const b = JSON.parse(cpu.stdout);
    // Rows rescaled by a power of two before float32: the GPU itself computes this set.
    expect(a.backend).toBe('gpu');
    expect(a.metrics.conflicts).toEqual(b.metrics.conflicts);
    expect(a.metrics.cos[0][1]).toBeCloseTo(b.metrics.cos[0][1], 6);
    expect(a.projected[0][0] / b.projected[0][0]).toBeCloseTo(1, 6);
  }, 120_000);

  it('--backend gpu with a row spanning beyond float32 says so and computes on the CPU', async () => {
    const body = JSON.stringify({
      gradients: [
        [1, 1e-45],
        [-1, 1],
      ],
      method: 'pcgrad',
    });
    const r = await labIn(['project', '--input', '-', '--backend', 'gpu', '--json'], body);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.backend).toBe('cpu');
    expect(out.notes.join(' ')).toMatch(/beyond float32's range; computed on the CPU/);
  }, 120_000);

  it.each([
    [['suite', '--only', 'bogus'], /--only: no suite "bogus"/],
    [['meta', '--a0', '5', '--amax', '1'], /--a0: got 5; must lie in the box \[0, --amax = 1\]/],
    [['flow', '--K', '4096', '--d', '4097'], /--K · --d: got K·d = 4096·4097/],
    [
      ['flow', '--K', '4096', '--d', '4096'],
      /--steps: .*needs about 1\.37e\+14 multiply-adds .*limit is 2\^36/,
    ],
    [['meta', '--K', '64'], /--cycles: .*rollouts .*limit is 2\^36/],
    [['project', '--input', '/dev/zero'], /--input: holds more than 256 MiB/],
  ])(
    '%j',
    async (argv, message) => {
      const r = await labIn(argv as string[]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    },
    60_000,
  );

  it('progress goes to stderr, never into --json stdout', async () => {
    const r = await labIn(['meta', '--cycles', '2', '--T', '5', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/meta-learning cycles: 100% \(2\/2\)/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  }, 60_000);

  it('an interruption stops a run with exit code 130', async () => {
    const c = new AbortController();
    c.abort();
    const r = await labIn(['meta', '--cycles', '3', '--T', '5'], '', c.signal);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
  });
});

/** Field values a hostile user would try. */
const HOSTILE = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1e999',
    'NaN',
    '',
    ' ',
    '1e-400',
    '0x10',
    '4097',
    '1.5',
    'true',
    '--',
    '-',
  ),
  fc.integer({ min: -5, max: 10_000 }).map(String),
  fc.string({ maxLength: 8 }),
);
const FLAGS = [
  'K',
  'd',
  'steps',
  'eta',
  'method',
  'alpha',
  'tau',
  'seed',
  'only',
  'cycles',
  'T',
  'a0',
  'amax',
  'perturb',
  'kind',
  'problem',
  'bogus',
  'json',
  'backend',
  'input',
  'groups',
];

const WORK_FLAGS = new Set(['K', 'd', 'steps', 'cycles', 'T']);

describe('fuzz: exit code 0 or 2, never 1, in bounded time', () => {
  it('argv of every command', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('suite', 'flow', 'meta', 'project', 'nope'),
        fc.array(fc.tuple(fc.constantFrom(...FLAGS), HOSTILE), { maxLength: 4 }),
        async (cmd, raw) => {
          // Admissible sizes up to 64 each: a run of the largest admissible work (about a minute
          // by the cost limit) is bounded, but a few of them would exceed this test's budget.
          const pairs = raw.map(([f, v]) =>
            WORK_FLAGS.has(f) && /^\d+$/.test(v) && Number(v) > 64 ? ([f, '64'] as const) : [f, v],
          );
          const argv = [cmd, ...pairs.flatMap(([f, v]) => [`--${f}`, v])];
          // Keep runs short: heavy but admissible work (e.g. 10 000 steps) is not the point here.
          if (!pairs.some(([f]) => f === 'steps' || f === 'cycles'))
            argv.push(cmd === 'meta' ? '--cycles' : '--steps', '0');
          if (cmd === 'suite') return;
          const r = await labIn(argv, JSON.stringify(ok));
          expect([0, 2], `${argv.join(' ')}\n${r.stderr}`).toContain(r.code);
          expect(r.ms, argv.join(' ')).toBeLessThan(60_000);
        },
      ),
      { numRuns: 120 },
    );
  }, 300_000);

  it('--input bodies: arbitrary JSON, numbers at every magnitude, broken text', async () => {
    const num = fc.oneof(
      fc.double(),
      fc.constantFrom(1e308, -1e308, 5e-324, 1e-300, 1e300, 2e19, 0, -0),
      fc.integer(),
    );
    const body = fc.oneof(
      fc
        .record({
          gradients: fc.array(fc.array(num, { maxLength: 4 }), { maxLength: 4 }),
          method: fc.constantFrom(
            'sum',
            'pcgrad',
            'cosine',
            'interaction',
            'mgda',
            'cagrad',
            'upgrad',
            'bogus',
          ),
          alpha: fc.option(num, { nil: undefined }),
          A: fc.option(fc.array(fc.array(num, { maxLength: 3 }), { maxLength: 3 }), {
            nil: undefined,
          }),
        })
        .map((o) => JSON.stringify(o)),
      fc.json(),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const r = await labIn(['project', '--input', '-', '--json'], text);
        expect([0, 2], `${text}\n${r.stderr}`).toContain(r.code);
        if (r.code === 0) expect(r.stdout).not.toMatch(/Infinity|NaN/);
        expect(r.ms).toBeLessThan(10_000);
      }),
      { numRuns: 300 },
    );
  });
});

describe('one validation path: the command line and the page accept the same project files', () => {
  it('parseProjectText (lab project) and importGradients (the page) agree on every body', async () => {
    const { parseProjectText } = await import('../../src/core/io/projectInput');
    const { importGradients } = await import('../../src/core/io/importGradients');
    const num = fc.oneof(fc.double(), fc.constantFrom(1e308, 5e-324, 0), fc.integer());
    const body = fc.oneof(
      fc
        .record({
          gradients: fc.oneof(
            fc.array(fc.array(num, { maxLength: 3 }), { maxLength: 4 }),
            fc.constant([{ length: 1e15 }, [1]]),
            fc.constant('x'),
          ),
          method: fc.constantFrom('sum', 'pcgrad', 'interaction', 'bogus'),
          tau: fc.option(num, { nil: undefined }),
          A: fc.option(fc.array(fc.array(num, { maxLength: 3 }), { maxLength: 3 }), {
            nil: undefined,
          }),
        })
        .map((o) => JSON.stringify(o)),
      fc.constant(`\ufeff${JSON.stringify(ok)}`),
    );
    fc.assert(
      fc.property(body, (text) => {
        const cli = (() => {
          try {
            parseProjectText(text);
            return true;
          } catch {
            return false;
          }
        })();
        const page = (() => {
          try {
            importGradients('f.json', new TextEncoder().encode(text));
            return true;
          } catch {
            return false;
          }
        })();
        expect(page, text).toBe(cli);
      }),
      { numRuns: 300 },
    );
  });
});
