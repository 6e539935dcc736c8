/**
 * The SIMD Gram of src/engine/simdGram.ts on every core of a Node process: the K×d rows live in
 * one shared WebAssembly memory; each worker thread instantiates the same kernels on it and takes
 * a range of columns for the Gram, Σg, ‖ŝ‖² and max|g| into its own part of the memory (a second
 * pass with σ ≠ 1 only where max|g| is outside [2^-400, 2^400], as in SimdGram.measure); the main thread adds the parts in a fixed order
 * (finishSimd), so the result does not depend on which thread finished first. Node only (used by
 * `npm run bench`); in the page, shared memory needs cross-origin isolation, which Concord's
 * server does not send, so the page's CPU engine runs the single-threaded kernels in its worker.
 */
import { Worker } from 'node:worker_threads';
import type { BlockedMeasure } from '../engine/blockedGram';
import {
  clearPart,
  finishSimd,
  gramColumns,
  instantiateSimd,
  type SimdKernels,
  type SimdLayout,
  secondSigma,
  simdLayout,
} from '../engine/simdGram';
import { CHUNK, simdGramFunctions } from '../engine/simdGramKernel';
import { wasmModule } from '../engine/wasmEncoder';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { bytes, memory } = workerData;
const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { mem: memory } }).exports;
parentPort.on('message', (m) => {
  k.gram(...m.args);
  parentPort.postMessage(0);
});
`;

export class SimdGramThreads {
  readonly layout: SimdLayout;
  readonly threads: number;
  private readonly memory: WebAssembly.Memory;
  private readonly workers: Worker[];
  private readonly k: SimdKernels;

  constructor(K: number, d: number, threads: number) {
    this.threads = threads;
    this.layout = simdLayout(K, d, threads);
    const pages = Math.ceil(this.layout.bytes / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });
    const bytes = wasmModule(simdGramFunctions(), { minPages: 1, maxPages: 65536, shared: true });
    this.k = instantiateSimd(this.memory, true);
    this.workers = Array.from(
      { length: threads },
      () => new Worker(WORKER, { eval: true, workerData: { bytes, memory: this.memory } }),
    );
  }

  rowsView(): Float64Array {
    const { K, d } = this.layout;
    return new Float64Array(this.memory.buffer, this.layout.rows, K * d);
  }

  private ask(w: number, msg: unknown): Promise<number> {
    return new Promise((resolve) => {
      this.workers[w].once('message', resolve);
      this.workers[w].postMessage(msg);
    });
  }

  /** The measure of the rows in rowsView() (the same quantities as SimdGram.measure). */
  async measure(): Promise<BlockedMeasure> {
    const L = this.layout;
    const { K, d } = L;
    const f64 = new Float64Array(this.memory.buffer);
    const quad = d & ~3;
    const pass = async (sigma: number) => {
      for (let w = 0; w < this.threads; w++) clearPart(f64, L, w);
      const cols = Math.ceil(quad / this.threads / CHUNK) * CHUNK;
      await Promise.all(
        this.workers.map((_, w) => {
          const c0 = Math.min(quad, w * cols);
          const c1 = Math.min(quad, c0 + cols);
          if (c1 <= c0) return Promise.resolve(0);
          const p = L.part(w);
          const args = [L.rows, d, K, L.K4, c0, c1, p.tile, L.sum, p.G, p.ss, sigma, 1 / sigma];
          return this.ask(w, { kind: 'gram', args });
        }),
      );
      if (quad < d) gramColumns(this.k, f64, L, 0, quad, d, sigma);
    };
    await pass(1);
    const sigma = secondSigma(f64, L, this.threads);
    if (sigma !== 1) await pass(sigma);
    return finishSimd(f64, L, this.threads, sigma);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
