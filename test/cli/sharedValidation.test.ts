/**
 * One validation path (src/core/validate/sharedFields.ts): for random and hostile values of each
 * field the command line and the page share, the command line (in process, `flow --<flag>=v
 * --steps 0`) exits 2 exactly when the page's link decoder (`#<key>=v`) refuses the value for a
 * reason other than its named live limit, with the same message, the field named on both sides
 * (by its flag there, its key here); otherwise both accept it. A value refused only by the live
 * limit is accepted by the command line, and the page's message says which limit applies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FieldRule,
  fieldRange,
  RUN_MAX_ENTRIES,
  SHARED_FIELDS,
  SHARED_KEYS,
  type SharedKey,
} from '../../src/core/validate/sharedFields';
import { defaultConfig } from '../../src/state/configSchema';
import { decodeConfig } from '../../src/state/urlCodec';
import { labIn } from './inProcess';

/** steps is a field of the command line's runs only: the page's link has no step count. */
const PAGE_KEYS = SHARED_KEYS.filter((k) => k !== 'steps');
/** The method atlas's fields, taken by `lab atlas` (its flags --K, --d, --sets, --seed). */
const isAtlas = (k: SharedKey) => k.startsWith('atlas');
/** A flag of a command named back to the field's key. */
const flagToKey = (command: string) =>
  new Map<string, string>([
    ...SHARED_KEYS.filter((k) => isAtlas(k) === (command === 'atlas')).map(
      (k) => [`--${SHARED_FIELDS[k].flag}`, k] as [string, string],
    ),
    ['--K · --d', 'K · d'],
  ]);

const HOSTILE = [
  '',
  ' ',
  ' 1',
  '1 ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '1e-400',
  '0x10',
  '1_000',
  '1,5',
  '+',
  '.',
  '-0',
  '1e',
  '١',
  'null',
  'true',
  '\u0000',
  'x'.repeat(200),
];

/** Values a careful and a hostile user would try for one field: its edges and beyond. */
function valueArb(key: SharedKey): fc.Arbitrary<string> {
  const rule: FieldRule = SHARED_FIELDS[key].rule;
  const hostile = fc.constantFrom(...HOSTILE);
  if (rule.kind === 'enum') {
    return fc.oneof(
      fc.constantFrom(...rule.values),
      fc.constantFrom(...rule.values).map((v) => v.toUpperCase()),
      fc.constantFrom(...rule.values).map((v) => `${v} `),
      fc.string({ maxLength: 12 }),
      hostile,
    );
  }
  const [lo, hi] = fieldRange(key, 'run');
  const [llo, lhi] = fieldRange(key, 'live');
  const edges = [lo, hi, llo, lhi].flatMap((x) =>
    rule.kind === 'int' ? [x - 1, x, x + 1] : [x, x * (1 - 1e-9) - 1e-300, x * (1 + 1e-9) + 1e-300],
  );
  // Keep the runs light: admissible d and atlas sets beyond these cost seconds each.
  const light = (x: number) =>
    key === 'd'
      ? x <= 2048 || x > RUN_MAX_ENTRIES / 6
      : key === 'atlasSets'
        ? x <= 20 || x > hi
        : true;
  const numbers = fc.oneof(
    fc.constantFrom(...edges),
    rule.kind === 'int'
      ? fc.integer({ min: Math.max(-10, lo - 10), max: Math.min(hi + 10, 5000) })
      : fc.double({ min: lo - 1, max: hi + 1, noNaN: true }),
    fc.double({ noNaN: true }),
    fc.integer({ min: -5, max: 40 }).map((x) => x + 0.5),
  );
  return fc.oneof(numbers.filter(light).map(String), hostile);
}

/** Splits the command line's one-line refusal into [key, message]. */
function cliRefusal(stderr: string, command = 'flow'): [string, string] | null {
  const m = new RegExp(`^concord lab ${command}: (--[^:]+): (.*)$`, 'm').exec(stderr);
  if (!m) return null;
  return [flagToKey(command).get(m[1]) ?? `unmapped ${m[1]}`, m[2]];
}

/** A refusal by the live limit alone (a refusal by the run's limit names the live one after it). */
const LIVE = /^[^:]+: got [^;]*; the page's live run allows/;

describe('the command line and the page accept and refuse the same values', () => {
  it.each(PAGE_KEYS)(
    '%s',
    async (key) => {
      const flag = SHARED_FIELDS[key].flag;
      await fc.assert(
        fc.asyncProperty(valueArb(key), async (text) => {
          const page = decodeConfig(`#${key}=${encodeURIComponent(text)}`);
          const command = isAtlas(key) ? 'atlas' : 'flow';
          const light = isAtlas(key)
            ? key === 'atlasSets'
              ? []
              : ['--sets', '1']
            : ['--steps', '0'];
          const cli = await labIn([command, `--${flag}=${text}`, ...light, '--json']);
          const where = `${key}=${JSON.stringify(text)}\n${cli.stderr}\n${page.messages}`;
          expect([0, 2], where).toContain(cli.code);
          const messages = page.messages ?? [];
          const refused = page.fallbacks.length > 0;
          const liveOnly = refused && messages.every((m) => LIVE.test(m));
          if (!refused || liveOnly) {
            expect(cli.code, where).toBe(0);
            if (liveOnly) {
              // The page says which limit applies, and that the command line takes the value.
              expect(messages.join('\n')).toMatch(/the command line accepts \[/);
            }
            return;
          }
          expect(cli.code, where).toBe(2);
          const [k, message] = cliRefusal(cli.stderr, command) ?? ['none', cli.stderr];
          expect(messages, where).toContain(`${k}: ${message}`);
          expect(cli.stdout).toBe('');
        }),
        { numRuns: 40 },
      );
    },
    120_000,
  );

  it('steps (the command line only) follows the same rule and message format', async () => {
    for (const [text, ok] of [
      ['0', true],
      ['10', true],
      ['-1', false],
      ['1.5', false],
      ['1e7', true],
      ['10000001', false],
      ['0x10', false],
      ['', false],
    ] as const) {
      // 1e7 is admissible: check it without running it (cost limit, a larger problem).
      const argv = text === '1e7' ? ['--K', '64', '--d', '512'] : [];
      const r = await labIn(['flow', `--steps=${text}`, ...argv, '--json']);
      if (ok && text !== '1e7') expect(r.code, `${text}: ${r.stderr}`).toBe(0);
      else if (ok) expect(r.stderr).toMatch(/--steps: 10000000 steps at K = 64/);
      else expect(r.stderr).toMatch(/^concord lab flow: --steps: got .*; must be/m);
    }
  });

  it('the live limits are named, and the command line states them beside its own', async () => {
    const page = decodeConfig('#K=40');
    expect(page.config.K).toBe(defaultConfig().K);
    expect(page.messages).toEqual([
      "K: got 40; the page's live run allows [2, 32] (the live page steps and draws every frame; K ≤ 32); the command line accepts [2, 4096]",
    ]);
    const ok = await labIn(['flow', '--K', '40', '--steps', '0', '--json']);
    expect(ok.code).toBe(0);
    const no = await labIn(['flow', '--K', '5000', '--steps', '0']);
    expect(no.code).toBe(2);
    expect(no.stderr).toBe(
      "concord lab flow: --K: got 5000; must be in [2, 4096] (the limit of any run; the page's live run allows [2, 32])\n",
    );
    expect(decodeConfig('#K=5000').messages).toEqual([
      "K: got 5000; must be in [2, 4096] (the limit of any run; the page's live run allows [2, 32])",
    ]);
  });

  it.each([
    ['tau', 5],
    ['alpha', -0.5],
    ['c', 0.995],
    ['seed', -3],
    ['beta', 0],
    ['trim', 2.5],
  ])(
    'a project file’s %s = %s gets the message of the flag and of the link',
    async (key, value) => {
      const body = {
        gradients: [
          [1, 0],
          [-1, 1],
        ],
        method: 'cosine',
        [key]: value,
      };
      const r = await labIn(['project', '--input', '-', '--json'], JSON.stringify(body));
      expect(r.code).toBe(2);
      const flag = SHARED_FIELDS[key as SharedKey].flag;
      const viaFlag = await labIn(['flow', `--${flag}=${value}`, '--steps', '0']);
      const [, message] = cliRefusal(viaFlag.stderr) ?? ['', 'none'];
      expect(r.stderr).toBe(`concord lab project: ${key}: ${message}\n`);
      expect(decodeConfig(`#${key}=${value}`).messages).toContain(`${key}: ${message}`);
    },
  );
});
