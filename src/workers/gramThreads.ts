/**
 * The CPU engine worker's Gram on every core: where the page is cross-origin isolated (shared
 * memory allowed) and the machine has more than one core, large-d Grams of more than one part
 * run on SimdGramPool with n − 1 Web Workers nested in the engine worker (n = the cores, at most
 * MAX_GRAM_THREADS); elsewhere on SimdGram in the engine worker alone. Both give the same bits.
 */
import { InputError } from '../core/errors';
import { setLargeGramFactory } from '../engine/largeGram';
import { gramParts, SimdGram } from '../engine/simdGram';
import { type GramThreadReady, SimdGramPool, type SpawnGramThread } from '../engine/simdGramPool';

/** Most threads one Gram uses (beyond this the copy bandwidth, not the cores, bounds it). */
export const MAX_GRAM_THREADS = 8;

const spawnWebThread: SpawnGramThread = (init, ready, failed) => {
  const w = new Worker(new URL('./gramThread.worker.ts', import.meta.url), {
    type: 'module',
    name: `concord-gram-${init.thread}`,
  });
  w.onmessage = (e: MessageEvent<GramThreadReady>) => {
    if (e.data?.kind === 'gram-ready') ready();
  };
  w.onerror = (e) => {
    e.preventDefault();
    failed(e.message || 'a Gram thread failed to start');
  };
  w.postMessage(init);
  return { terminate: () => w.terminate() };
};

/** Threads for the Gram here: the cores (at most MAX_GRAM_THREADS), 1 where shared memory is refused. */
export function gramThreadCount(): number {
  const g = globalThis as {
    crossOriginIsolated?: boolean;
    navigator?: { hardwareConcurrency?: number };
  };
  if (g.crossOriginIsolated !== true || typeof Worker !== 'function') return 1;
  const cores = g.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(MAX_GRAM_THREADS, Math.floor(cores)));
}

/**
 * Installs the threaded Gram for this worker's CPU engine where it can run (module comment), on
 * at most `most` threads (default every core; 1: this worker alone).
 */
export function installGramThreads(most?: number): void {
  if (most !== undefined && !(Number.isInteger(most) && most >= 1)) {
    throw new InputError('gramThreads', `must be an integer ≥ 1, got ${most}`);
  }
  const n = Math.min(most ?? MAX_GRAM_THREADS, gramThreadCount());
  if (n === 1) {
    setLargeGramFactory(null);
    return;
  }
  setLargeGramFactory((K, d) => {
    if (gramParts(d) === 1) return new SimdGram(K, d);
    try {
      return new SimdGramPool(K, d, Math.min(n, gramParts(d)), spawnWebThread);
    } catch {
      // A shared memory of this size was refused: one thread in a memory of its own.
      return new SimdGram(K, d);
    }
  });
}
