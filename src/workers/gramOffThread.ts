/**
 * The large-import Gram pass off the main thread: float64 column blocks summed in the lab's
 * worker pool (see gramOffThread below); in-process without a pool. Every block is rescaled by
 * the whole set's power-of-two row exponents (one pass here), so the result is the scale-safe
 * row-scaled Gram matrix of gramChunkedCpu at any magnitude.
 */
import { rowExponents } from '../core/metrics/rowScaled';
import {
  type ChunkedSet,
  commonExponent,
  finish,
  type GramChunkedOptions,
  type GramChunkedResult,
} from '../gpu/gramChunked';
import { labPool } from './labPool';

const aborted = (what: string) => new DOMException(`${what} cancelled`, 'AbortError');

/** Columns per Gram block sent to a worker (the CPU chunk of gramChunkedCpu). */
export const GRAM_BLOCK_COLS = 65536;

/**
 * G and ‖Σ_i g_i‖² of a large set in float64 on the pool: blocks of GRAM_BLOCK_COLS columns are
 * copied out (K × n values each, transferred), summed in workers, and added here in block order
 * (so G is the same sum gramChunkedCpu forms); at most two blocks per worker are in flight.
 * Without a pool: gramChunkedCpu in-process.
 */
export async function gramOffThread(
  gs: ChunkedSet,
  opts: GramChunkedOptions & { signal?: AbortSignal } = {},
): Promise<Omit<GramChunkedResult, 'chunkCols' | 'chunks'>> {
  const pool = labPool();
  const { K, d, g } = gs;
  if (!pool) {
    const { gramChunkedCpu } = await import('../gpu/gramChunked');
    return gramChunkedCpu(gs, opts);
  }
  // The exponents when the caller has them (decoded in a worker), else one pass here.
  const e = opts.exponents?.e ?? rowExponents(g, K, d);
  const E = opts.exponents?.E ?? commonExponent(g, K, d, e);
  const n = GRAM_BLOCK_COLS;
  const blocks = Math.ceil(d / n);
  const results: ({ G: Float64Array; sumSq: number } | null)[] = new Array(blocks).fill(null);
  const inFlight = new Set<Promise<void>>();
  let finished = 0;
  const limit = 2 * pool.size;
  for (let b = 0; b < blocks; b++) {
    if (opts.signal?.aborted) throw aborted('Gram pass');
    const c0 = b * n;
    const w = Math.min(d, c0 + n) - c0;
    const block = g instanceof Float32Array ? new Float32Array(K * w) : new Float64Array(K * w);
    for (let i = 0; i < K; i++) block.set(g.subarray(i * d + c0, i * d + c0 + w), i * w);
    const p = pool
      .run(
        { kind: 'gramBlock', K, n: w, g: block, e, E },
        {
          transfer: [block.buffer as ArrayBuffer],
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
      )
      .then((r) => {
        results[b] = r;
        finished++;
        opts.onProgress?.(finished / blocks);
      });
    const tracked = p.finally(() => inFlight.delete(tracked));
    // A failed block is raised by the await below; the others must not go unhandled.
    tracked.catch(() => {});
    inFlight.add(tracked);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const G = new Float64Array(K * K);
  let sumSq = 0;
  for (const r of results) {
    const part = r!;
    for (let k = 0; k < K * K; k++) G[k] += part.G[k];
    sumSq += part.sumSq;
  }
  const bytesPerValue = g instanceof Float32Array ? 4 : 8;
  return {
    ...finish(G, e, K, sumSq),
    scratchBytes: Math.min(limit, blocks) * K * n * bytesPerValue,
  };
}
