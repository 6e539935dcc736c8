/**
 * SimdGramPool's fallbacks, with in-process stand-ins for its threads (no thread runs): until
 * every thread is ready, after a thread fails to start, and after a ready thread never answers a
 * pass (within answerMs), the pool measures every part itself, with the same bits as SimdGram.
 * Where the page is not cross-origin isolated (Node has no crossOriginIsolated), the engine
 * worker's Gram takes one thread.
 */
import { describe, expect, it } from 'vitest';
import type { BlockedMeasure } from '../../src/engine/blockedGram';
import { PART_COLS, SimdGram } from '../../src/engine/simdGram';
import {
  type GramThreadInit,
  SimdGramPool,
  type SpawnGramThread,
  threadParts,
} from '../../src/engine/simdGramPool';
import { gramThreadCount } from '../../src/workers/gramThreads';
import { freshSeed, randomPoints } from '../gpu/helpers';

const K = 6;
const d = 3 * PART_COLS + 3;

function bits(m: BlockedMeasure): bigint[] {
  const all = Float64Array.from([m.S, m.B, m.I, ...m.G, ...m.sum]);
  return Array.from(new BigUint64Array(all.buffer));
}

/** Threads that never run; `ready` and `failed` are called as the case asks. */
function standIns(when: 'never' | 'ready' | 'fail') {
  const inits: GramThreadInit[] = [];
  let terminated = 0;
  const spawn: SpawnGramThread = (init, ready, failed) => {
    inits.push(init);
    if (when === 'ready') ready();
    if (when === 'fail') failed('stand-in failed to start');
    return { terminate: () => terminated++ };
  };
  return { spawn, inits, terminated: () => terminated };
}

describe('SimdGramPool', () => {
  it('splits the parts in order, every part once, for every thread count', () => {
    for (const parts of [1, 2, 3, 7, 64]) {
      for (const n of [1, 2, 3, 8]) {
        const seen: number[] = [];
        for (let t = 0; t < n; t++) {
          const [p0, p1] = threadParts(parts, n, t);
          for (let p = p0; p < p1; p++) seen.push(p);
        }
        expect(seen).toEqual(Array.from({ length: parts }, (_, p) => p));
      }
    }
  });

  it('measures alone until its threads are ready, with the bits of one thread', () => {
    const g = randomPoints(freshSeed(), K * d);
    const s = standIns('never');
    const pool = new SimdGramPool(K, d, 3, s.spawn);
    expect(s.inits.map((i) => [i.thread, i.threads])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(bits(pool.measure(g))).toEqual(bits(new SimdGram(K, d).measure(g)));
    expect(pool.threadsUsed).toBe(1);
    pool.dispose();
    expect(s.terminated()).toBe(2);
  });

  it('a thread that fails to start: the pool measures alone and says why', async () => {
    const g = randomPoints(freshSeed(), K * d).map((x) => x * 1e300);
    const s = standIns('fail');
    const pool = new SimdGramPool(K, d, 2, s.spawn);
    await pool.ready();
    expect(pool.failure).toBe('stand-in failed to start');
    expect(bits(pool.measure(g))).toEqual(bits(new SimdGram(K, d).measure(g)));
    expect(pool.threadsUsed).toBe(1);
  });

  it('a ready thread that never answers: after answerMs the pool measures alone, same bits', () => {
    const g = randomPoints(freshSeed(), K * d);
    const s = standIns('ready');
    const pool = new SimdGramPool(K, d, 2, s.spawn, 50);
    expect(bits(pool.measure(g))).toEqual(bits(new SimdGram(K, d).measure(g)));
    expect(pool.failure).toMatch(/did not answer within 50 ms/);
    expect(pool.threadsUsed).toBe(1);
    // Later measures go straight to its own memory.
    const g2 = randomPoints(freshSeed(), K * d);
    expect(bits(pool.measure(g2))).toEqual(bits(new SimdGram(K, d).measure(g2)));
  });

  it('without cross-origin isolation the engine worker Gram takes one thread', () => {
    expect((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated).not.toBe(true);
    expect(gramThreadCount()).toBe(1);
  });
});
