/**
 * The SIMD Gram of simdGram.ts on n threads sharing one WebAssembly memory, for both hosts: Node
 * (worker_threads, src/cli/simdGramThreads.ts) and the page (Web Workers nested in the CPU
 * engine's worker, src/workers/gramThreads.ts). Each host only says how to start a thread
 * (SpawnGramThread); the kernels, the split and the messages are here.
 *
 * The host is thread 0 and starts threads 1..n−1. Thread t measures the parts
 * [⌊t·P/n⌋, ⌊(t+1)·P/n⌋) of the P = gramParts(d) parts (threadParts); the parts are fixed by d,
 * and finishSimd adds them in order, so the result is bit-identical to SimdGram whatever n.
 * A pass: the host writes σ, clears DONE, raises GEN and wakes the threads (Atomics.notify),
 * measures its own parts, then waits (Atomics.wait) until DONE = n − 1; the second pass (σ ≠ 1,
 * secondSigma) runs the same way. A thread, once started with GramThreadInit, instantiates the
 * kernels on the shared memory, posts GramThreadReady and waits on GEN. Until every thread is
 * ready (their start is asynchronous; a blocked host would never see it) and after a thread
 * fails to start or to answer within answerMs, the host measures every part itself (after a
 * silent thread, in a memory of its own: the silent one may still write to the shared one).
 * Blocking waits are allowed in workers and in Node's main thread, never on a page's main thread.
 */
import type { BlockedMeasure } from './blockedGram';
import {
  finishSimd,
  instantiateSimd,
  measureParts,
  SimdGram,
  type SimdKernels,
  type SimdLayout,
  secondSigma,
  simdLayout,
} from './simdGram';

/** Int32 words of the control block: pass number, threads done, stop. */
const GEN = 0;
const DONE = 1;
const STOP = 2;
/** Bytes of the control block (three words, then σ as a float64 at byte 16). */
const CTRL_BYTES = 32;
/** Longest wait for the threads of one pass before the host measures alone (default). */
const ANSWER_MS = 10_000;
const PAGE = 65536;

/** What a thread is started with (posted or passed as workerData). */
export interface GramThreadInit {
  kind: 'gram-thread';
  memory: WebAssembly.Memory;
  K: number;
  d: number;
  thread: number;
  threads: number;
}

export interface GramThreadReady {
  kind: 'gram-ready';
  thread: number;
}

/** The parts [p0, p1) of thread t of n: ⌊t·P/n⌋ to ⌊(t+1)·P/n⌋. */
export function threadParts(parts: number, n: number, t: number): [number, number] {
  return [Math.floor((t * parts) / n), Math.floor(((t + 1) * parts) / n)];
}

/** Byte offset of the control block in a pool's memory (after the last part). */
function ctrlOffset(L: SimdLayout): number {
  return L.bytes;
}

/** A thread's side: instantiate, say ready, then measure its parts at every raised GEN until STOP. */
export function runGramThread(init: GramThreadInit, post: (m: GramThreadReady) => void): void {
  const { memory, K, d, thread, threads } = init;
  const k: SimdKernels = instantiateSimd(memory, true);
  const L = simdLayout(K, d);
  const ctrl = new Int32Array(memory.buffer, ctrlOffset(L), 4);
  const f64 = new Float64Array(memory.buffer);
  const [p0, p1] = threadParts(L.parts, threads, thread);
  post({ kind: 'gram-ready', thread });
  let gen = 0;
  for (;;) {
    Atomics.wait(ctrl, GEN, gen);
    gen = Atomics.load(ctrl, GEN);
    if (Atomics.load(ctrl, STOP) !== 0) return;
    measureParts(k, f64, L, p0, p1, f64[ctrlOffset(L) / 8 + 2]);
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}

export interface GramThreadHandle {
  terminate(): void;
}

/** Starts one thread with `init`; calls ready() when it posts GramThreadReady, failed() on error. */
export type SpawnGramThread = (
  init: GramThreadInit,
  ready: () => void,
  failed: (reason: string) => void,
) => GramThreadHandle;

/** The measure of K×d rows on `threads` threads (this one included) over one shared memory. */
export class SimdGramPool {
  readonly layout: SimdLayout;
  readonly threads: number;
  /** Threads (this one included) that measured the last pass. */
  threadsUsed = 1;
  /** Why the pool measures alone from now on (a thread failed or did not answer), or null. */
  failure: string | null = null;
  private readonly memory: WebAssembly.Memory;
  private readonly k: SimdKernels;
  private readonly ctrl: Int32Array;
  private readonly handles: GramThreadHandle[] = [];
  private readyCount = 0;
  private readonly allReady: Promise<void>;
  /** A private single-threaded Gram once a thread failed mid-pass (this memory may still be written). */
  private alone: SimdGram | null = null;

  private readonly answerMs: number;

  /** `answerMs`: longest wait for the threads of one pass (default ANSWER_MS). */
  constructor(K: number, d: number, threads: number, spawn: SpawnGramThread, answerMs = ANSWER_MS) {
    this.answerMs = answerMs;
    if (!(Number.isInteger(threads) && threads >= 1)) {
      throw new RangeError(`threads must be an integer ≥ 1, got ${threads}`);
    }
    this.threads = threads;
    this.layout = simdLayout(K, d);
    const pages = Math.ceil((ctrlOffset(this.layout) + CTRL_BYTES) / PAGE);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.k = instantiateSimd(this.memory, true);
    this.ctrl = new Int32Array(this.memory.buffer, ctrlOffset(this.layout), 4);
    let settle: () => void = () => {};
    this.allReady = new Promise<void>((resolve) => {
      settle = resolve;
    });
    if (threads === 1) settle();
    for (let t = 1; t < threads; t++) {
      const init: GramThreadInit = {
        kind: 'gram-thread',
        memory: this.memory,
        K,
        d,
        thread: t,
        threads,
      };
      const onReady = () => {
        if (++this.readyCount === threads - 1) settle();
      };
      this.handles.push(spawn(init, onReady, (reason) => this.fail(reason, settle)));
    }
  }

  /** Resolves when every thread is ready (or the pool gave up on them). */
  ready(): Promise<void> {
    return this.allReady;
  }

  /** The K×d rows inside the shared memory: write gradients here to measure them without a copy. */
  rowsView(): Float64Array {
    const { K, d } = this.layout;
    return new Float64Array(this.memory.buffer, this.layout.rows, K * d);
  }

  /** The measure of the rows in rowsView(), or of g after copying it there (as SimdGram.measure). */
  measure(g?: Float64Array): BlockedMeasure {
    if (this.alone) {
      this.threadsUsed = 1;
      return this.alone.measure(g ?? this.rowsView());
    }
    const L = this.layout;
    const f64 = new Float64Array(this.memory.buffer);
    if (g) f64.set(g, L.rows / 8);
    const together = this.failure === null && this.readyCount === this.threads - 1;
    const n = together ? this.threads : 1;
    if (!this.pass(f64, n, 1)) return this.measure();
    const sigma = secondSigma(f64, L, L.parts);
    if (sigma !== 1 && !this.pass(f64, n, sigma)) return this.measure();
    this.threadsUsed = n;
    return finishSimd(f64, L, L.parts, sigma);
  }

  /** One pass with σ on n threads; false when a thread did not answer (the pool is then alone). */
  private pass(f64: Float64Array, n: number, sigma: number): boolean {
    const L = this.layout;
    if (n === 1) {
      measureParts(this.k, f64, L, 0, L.parts, sigma);
      return true;
    }
    f64[ctrlOffset(L) / 8 + 2] = sigma;
    Atomics.store(this.ctrl, DONE, 0);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    const [p0, p1] = threadParts(L.parts, n, 0);
    measureParts(this.k, f64, L, p0, p1, sigma);
    const deadline = Date.now() + this.answerMs;
    for (;;) {
      const done = Atomics.load(this.ctrl, DONE);
      if (done === n - 1) return true;
      const left = deadline - Date.now();
      if (left <= 0) break;
      Atomics.wait(this.ctrl, DONE, done, left);
    }
    this.fail(`a Gram thread did not answer within ${this.answerMs} ms`, () => {});
    this.alone = new SimdGram(L.K, L.d);
    return false;
  }

  private fail(reason: string, settle: () => void): void {
    this.failure ??= reason;
    for (const h of this.handles) h.terminate();
    settle();
  }

  /** Stops and ends the threads. */
  dispose(): void {
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    for (const h of this.handles) h.terminate();
  }
}
