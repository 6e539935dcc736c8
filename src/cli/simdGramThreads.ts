/**
 * The SIMD Gram on every core of a Node process: SimdGramPool (src/engine/simdGramPool.ts) with
 * its threads as worker_threads. A thread is an evaluated script that loads tsx and runs
 * gramThread.node.ts (the same runGramThread as the page's nested workers). Used by
 * `npm run bench` and the tests; the page's CPU engine starts its threads in
 * src/workers/gramThreads.ts.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockedMeasure } from '../engine/blockedGram';
import type { SimdLayout } from '../engine/simdGram';
import { type GramThreadInit, SimdGramPool, type SpawnGramThread } from '../engine/simdGramPool';

/** tsx's ES-module API (the resolver answers its CommonJS twin beside it). */
const TSX = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href;
const ENTRY = new URL('./gramThread.node.ts', import.meta.url).href;
const SCRIPT = `import(${JSON.stringify(TSX)}).then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); });`;

const spawnNodeThread: SpawnGramThread = (init: GramThreadInit, ready, failed) => {
  const w = new Worker(SCRIPT, { eval: true, workerData: init });
  w.on('message', (m: { kind?: string }) => {
    if (m?.kind !== 'gram-ready') return;
    // Started: from now on the thread does not keep the process alive (it waits on the memory).
    w.unref();
    ready();
  });
  w.on('error', (e) => failed(String(e)));
  return { terminate: () => void w.terminate() };
};

export class SimdGramThreads {
  readonly layout: SimdLayout;
  readonly threads: number;
  private readonly pool: SimdGramPool;

  constructor(K: number, d: number, threads: number) {
    this.pool = new SimdGramPool(K, d, threads, spawnNodeThread);
    this.layout = this.pool.layout;
    this.threads = threads;
  }

  rowsView(): Float64Array {
    return this.pool.rowsView();
  }

  /** Threads that measured the last pass (fewer than `threads` only if one failed). */
  get threadsUsed(): number {
    return this.pool.threadsUsed;
  }

  /** The measure of the rows in rowsView() (or of g), once every thread has started. */
  async measure(g?: Float64Array): Promise<BlockedMeasure> {
    await this.pool.ready();
    if (this.pool.failure) throw new Error(this.pool.failure);
    return this.pool.measure(g);
  }

  async destroy(): Promise<void> {
    this.pool.dispose();
  }
}
