/**
 * Which kernel measures the CPU engine's large-d Gram (d ≥ BLOCKED_MIN_D), and which one ran
 * last. By default SimdGram on this thread (or the JavaScript blocked pass where WebAssembly
 * SIMD is refused); a host with threads to spare installs a factory that splits the parts over
 * them (the page's engine worker: src/workers/gramThreads.ts). Every kernel but the JavaScript
 * one gives the same bits (simdGramPool.ts), so the choice never changes a run.
 */
import { type BlockedMeasure, blockedMeasure } from './blockedGram';
import { SimdGram, simdGramAvailable } from './simdGram';

export interface LargeGram {
  readonly layout: { K: number; d: number };
  /** Threads (this one included) that measured the last pass. */
  readonly threadsUsed: number;
  measure(g: Float64Array): BlockedMeasure;
  /** Resolves when every thread has started (a kernel without threads has none). */
  ready?(): Promise<void>;
  dispose(): void;
}

export type LargeGramFactory = (K: number, d: number) => LargeGram;

const oneThread: LargeGramFactory = (K, d) => new SimdGram(K, d);

let factory: LargeGramFactory = oneThread;
/** The kernel's memory for the last (K, d) measured (one large set at a time). */
let current: LargeGram | null = null;
/** How a large-d Gram ran: the kernel and threads, and its time (both passes, copy-in included). */
export interface GramRun {
  path: string;
  ms: number;
}

let last: GramRun | null = null;

/** Installs the factory of large-d Gram kernels (the current kernel is dropped). */
export function setLargeGramFactory(f: LargeGramFactory | null): void {
  current?.dispose();
  current = null;
  factory = f ?? oneThread;
}

/**
 * How the last large-d Gram ran ("WASM SIMD, 2 threads", "WASM SIMD, 1 thread", "JavaScript,
 * 1 thread") and its time; null before one ran.
 */
export function lastGramRun(): GramRun | null {
  return last ? { ...last } : null;
}

/** Longest wait of prepareLargeGram for the threads to start. */
const START_MS = 10_000;

/**
 * Builds the kernel for K×d rows now and waits (at most START_MS) until its threads have
 * started, so a run's first steps already use them; they start asynchronously, and a thread
 * blocked in a Gram would never hear that they did.
 */
export async function prepareLargeGram(K: number, d: number): Promise<void> {
  if (!simdGramAvailable()) return;
  const kernel = kernelFor(K, d);
  if (!kernel?.ready) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    kernel.ready(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, START_MS);
    }),
  ]);
  clearTimeout(timer);
}

/** The installed kernel for K×d rows (kept while K and d stay), null where its memory was refused. */
function kernelFor(K: number, d: number): LargeGram | null {
  if (!current || current.layout.K !== K || current.layout.d !== d) {
    current?.dispose();
    current = null;
    try {
      current = factory(K, d);
    } catch {
      // The memory for K×d rows could not be reserved: the JavaScript pass needs none.
    }
  }
  return current;
}

/** The blocked measure of K×d rows g with the installed kernels (JavaScript where SIMD is refused). */
export function largeMeasure(g: Float64Array, K: number, d: number): BlockedMeasure {
  const t0 = performance.now();
  const kernel = simdGramAvailable() ? kernelFor(K, d) : null;
  if (kernel) {
    const m = kernel.measure(g);
    const n = kernel.threadsUsed;
    last = { path: `WASM SIMD, ${n} thread${n === 1 ? '' : 's'}`, ms: performance.now() - t0 };
    return m;
  }
  const m = blockedMeasure(g, K, d);
  last = { path: 'JavaScript, 1 thread', ms: performance.now() - t0 };
  return m;
}
