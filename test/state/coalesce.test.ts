/**
 * Latest value wins (src/state/latest.ts, src/state/pump.ts): a busy consumer sees only the
 * newest pending value of each key, and no value is ever applied after a newer one, whatever
 * the interleaving of offers and slow jobs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatestMailbox } from '../../src/state/latest';
import { Pump } from '../../src/state/pump';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('LatestMailbox', () => {
  it('keeps only the newest pending value per key, with increasing sequence numbers', () => {
    const m = new LatestMailbox<{ alpha: number; eta: number }>();
    const s1 = m.offer('alpha', 0.1);
    const s2 = m.offer('eta', 0.5);
    const s3 = m.offer('alpha', 0.2);
    expect(s1 < s2 && s2 < s3).toBe(true);
    expect(m.size).toBe(2);
    expect(m.peek('alpha')).toBe(0.2);
    const got = m.take();
    // Ordered by each key's latest offer: eta (s2) before alpha (s3).
    expect(got).toEqual([
      { key: 'eta', value: 0.5, seq: s2 },
      { key: 'alpha', value: 0.2, seq: s3 },
    ]);
    expect(m.size).toBe(0);
    expect(m.takeOne('alpha')).toBeUndefined();
  });

  it('takeOne takes one key and leaves the others', () => {
    const m = new LatestMailbox<{ a: string; b: string }>();
    m.offer('a', 'x');
    m.offer('b', 'y');
    m.offer('a', 'z');
    expect(m.takeOne('a')?.value).toBe('z');
    expect(m.has('a')).toBe(false);
    expect(m.peek('b')).toBe('y');
  });
});

describe('Pump with a mailbox: no stale value after a newer one', () => {
  it('a consumer busy for several offers applies only the newest', async () => {
    const m = new LatestMailbox<{ alpha: number }>();
    const applied: number[] = [];
    let release: (() => void) | null = null;
    const pump = new Pump(
      () => {
        const p = m.takeOne('alpha');
        if (!p) return null;
        return async () => {
          applied.push(p.value);
          await new Promise<void>((r) => {
            release = r;
          });
        };
      },
      (e) => {
        throw e;
      },
    );
    m.offer('alpha', 1);
    pump.kick();
    await tick();
    expect(applied).toEqual([1]);
    // Offered while the first job is still running: only 4 may follow.
    for (const v of [2, 3, 4]) {
      m.offer('alpha', v);
      pump.kick();
    }
    release!();
    await tick();
    release!();
    await pump.idle();
    expect(applied).toEqual([1, 4]);
  });

  it('over random interleavings of offers and job durations, applied values only increase and end at the last offer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ gap: fc.nat(3), work: fc.nat(3) }), { minLength: 1, maxLength: 30 }),
        async (plan) => {
          const m = new LatestMailbox<{ alpha: number }>();
          const applied: number[] = [];
          const works = plan.map((p) => p.work);
          let j = 0;
          const pump = new Pump(
            () => {
              const p = m.takeOne('alpha');
              if (!p) return null;
              const work = works[j++ % works.length];
              return async () => {
                for (let k = 0; k < work; k++) await tick();
                applied.push(p.value);
              };
            },
            (e) => {
              throw e;
            },
          );
          for (let v = 0; v < plan.length; v++) {
            m.offer('alpha', v);
            pump.kick();
            for (let k = 0; k < plan[v].gap; k++) await tick();
          }
          await pump.idle();
          for (let k = 1; k < applied.length; k++)
            expect(applied[k]).toBeGreaterThan(applied[k - 1]);
          expect(applied[applied.length - 1]).toBe(plan.length - 1);
          expect(applied.length).toBeLessThanOrEqual(plan.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a failing job goes to onError and the pump carries on', async () => {
    const errors: unknown[] = [];
    const jobs = [
      async () => {
        throw new Error('boom');
      },
      async () => {},
    ];
    let ran = 0;
    const pump = new Pump(
      () => {
        const job = jobs.shift();
        return job
          ? async () => {
              ran++;
              await job();
            }
          : null;
      },
      (e) => {
        errors.push(e);
      },
    );
    pump.kick();
    await pump.idle();
    expect(ran).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });
});
