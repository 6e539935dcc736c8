/**
 * The Gram matrix G_ij = Σ_k g_ik g_jk and ‖Σ_i g_i‖² = Σ_k (Σ_i g_ik)² of a K×d gradient set too
 * large for one buffer (imported sets, d up to 10^7 and beyond), in column chunks.
 *
 * GPU (shaders/gramChunked.wgsl): each chunk of n columns is uploaded as K rows of n float32
 * values into one reused buffer whose size respects maxStorageBufferBindingSize and
 * maxBufferSize (and a 64 MiB budget); each workgroup writes float32 partial sums over its
 * `colsPerGroup` columns, and the host adds all partials in float64. The error of an entry is
 * therefore that of float32 sums over colsPerGroup columns (≈ colsPerGroup·ε₃₂·Σ|g_ik g_jk| in
 * the worst case), not over d. The host waits for each chunk before uploading the next, so the
 * queue never stages more than one chunk. The partial sums are poisoned with NaN before the
 * kernel runs, so a missed write cannot pass for a zero. Validation and out-of-memory errors are
 * caught with error scopes and raised, so the caller can fall back to the CPU.
 *
 * CPU (gramChunkedCpu): the same sums in float64, chunk by chunk, yielding to the event loop
 * between chunks so a progress bar can move.
 *
 * Scale: both routes work on the rows rescaled by a power of two each (core/metrics/rowScaled.ts:
 * ĝ_i = 2^(e_i)·g_i with max |ĝ_ik| ∈ [1, 2)), so a set of 1e-20 or 1e30 values neither
 * underflows nor overflows float32, and float64 data of 1e±300 neither float64. The GPU route
 * refuses (Float32RangeError, the caller then computes on the CPU) a row whose entries span more
 * than float32's normal range (a non-zero |ĝ_ik| < 2^-126, which float32 would flush). The result
 * holds the row-scaled Ĝ with its exponents, and the same matrix on one common scale,
 * G = 2^(2E)·gᵢ·gⱼ with E = min_i e_i, next to ‖2^E·Σ_i g_i‖² (added on the host in float64 from
 * the same values, so B is exact to float64 whatever the route).
 */
import tgpu from 'typegpu';
import * as d from 'typegpu/data';
import WGSL_GRAM_CHUNKED from '../../shaders/gramChunked.wgsl?raw';
import { InputError } from '../core/errors';
import { commonScale, ldexp, type RowScaledGram, rowExponents } from '../core/metrics/rowScaled';
import { readBuffer } from './readback';
import { WGSL } from './shaders';

export interface ChunkedSet {
  K: number;
  d: number;
  /** K×d row-major. */
  g: Float32Array | Float64Array;
}

export interface GramChunkedResult {
  /** K×K, float64, on the common scale: G_ij = 2^(2E)·g_i·g_j (module comment). */
  G: Float64Array;
  /** The common scale's exponent E (G and sumSq are 2^(2E) times the unscaled values). */
  E: number;
  /** ‖2^E·Σ_i g_i‖². */
  sumSq: number;
  /** The Gram matrix of the row-scaled gradients and the row exponents. */
  rowGram: RowScaledGram;
  /** Columns per chunk and number of chunks used. */
  chunkCols: number;
  chunks: number;
  /** Bytes of the GPU buffers (chunk, partials, staging) or of the CPU scratch. */
  scratchBytes: number;
}

export interface GramChunkedOptions {
  /**
   * CPU only: the whole set's row exponents e and common exponent E, for a block of columns
   * summed apart (the worker pool); default: computed from the rows at hand.
   */
  exponents?: { e: Int32Array; E: number };
  /** Called with the share of columns done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Columns per chunk (default: the largest that fits the limits and the budget). */
  chunkCols?: number;
  /** Upper bound on the chunk buffer in bytes (default 64 MiB). */
  maxChunkBytes?: number;
}

/** A row spans more than float32 can hold after rescaling: the caller computes on the CPU. */
export class Float32RangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Float32RangeError';
  }
}

/** Smallest normal float32 number. */
const F32_MIN_NORMAL = 2 ** -126;

/** 2^n as a factor, or null when it is not a finite normal float64 (use ldexp then). */
const pow2 = (n: number): number | null => (n >= -1000 && n <= 1000 ? 2 ** n : null);

/** The result from row-scaled Gram sums Ĝ (upper triangle filled), e, and ‖2^E Σ g‖². */
export function finish(
  Gh: Float64Array,
  e: Int32Array,
  K: number,
  sumSq: number,
): Pick<GramChunkedResult, 'G' | 'E' | 'sumSq' | 'rowGram'> {
  for (let i = 0; i < K; i++) for (let j = 0; j < i; j++) Gh[i * K + j] = Gh[j * K + i];
  const rowGram: RowScaledGram = { K, G: Gh, e };
  const c = commonScale(rowGram);
  return { G: c.G, E: c.E, sumSq, rowGram };
}

/** The common exponent E = min e_i over non-zero rows (0 when all rows are zero). */
export function commonExponent(
  g: ArrayLike<number>,
  K: number,
  dim: number,
  e: Int32Array,
): number {
  let E = Number.POSITIVE_INFINITY;
  for (let i = 0; i < K; i++) {
    let nz = false;
    for (let k = i * dim; k < (i + 1) * dim && !nz; k++) nz = g[k] !== 0;
    if (nz) E = Math.min(E, e[i]);
  }
  return Number.isFinite(E) ? E : 0;
}

/** Largest K the GPU kernel takes (its tile holds K × 64 values). */
export const GRAM_CHUNKED_MAX_K = 32;
/** Columns per workgroup (16 tiles of 64). */
export const COLS_PER_GROUP = 1024;
const DEFAULT_CHUNK_BYTES = 64 * 2 ** 20;

const Params = d.struct({
  K: d.u32,
  n: d.u32,
  colsPerGroup: d.u32,
  P: d.u32,
  groupOffset: d.u32,
  nx: d.u32,
});

export const gramChunkedLayout = tgpu
  .bindGroupLayout({
    params: { uniform: Params },
    data: { storage: (n: number) => d.arrayOf(d.f32, n), access: 'readonly' },
    pairs: { storage: (n: number) => d.arrayOf(d.u32, n), access: 'readonly' },
    partials: { storage: (n: number) => d.arrayOf(d.f32, n), access: 'mutable' },
  })
  .$idx(0);

/** queue.writeBuffer of a typed array's bytes (any backing buffer). */
function write(device: GPUDevice, buf: GPUBuffer, offset: number, x: ArrayBufferView): void {
  device.queue.writeBuffer(buf, offset, x.buffer as ArrayBuffer, x.byteOffset, x.byteLength);
}

function checkSet(gs: ChunkedSet): void {
  const { K, d: dim, g } = gs;
  if (!(Number.isInteger(K) && K >= 1)) throw new InputError('K', `must be ≥ 1, got ${K}`);
  if (!(Number.isInteger(dim) && dim >= 1)) throw new InputError('d', `must be ≥ 1, got ${dim}`);
  if (g.length !== K * dim) {
    throw new InputError('gradients', `must hold K·d = ${K * dim} entries, got ${g.length}`);
  }
}

/** Pair table (i | j << 8) for i ≤ j, row by row. */
function pairTable(K: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < K; i++) for (let j = i; j < K; j++) out.push(i | (j << 8));
  return Uint32Array.from(out);
}

/** Columns per chunk: a multiple of COLS_PER_GROUP within the byte limit (at least one group). */
export function chunkColumns(K: number, dim: number, limitBytes: number): number {
  const fit = Math.floor(limitBytes / (4 * K) / COLS_PER_GROUP) * COLS_PER_GROUP;
  return Math.max(COLS_PER_GROUP, Math.min(fit, Math.ceil(dim / COLS_PER_GROUP) * COLS_PER_GROUP));
}

/** The chunked Gram matrix on the GPU (module comment). */
export async function gramChunkedGpu(
  device: GPUDevice,
  gs: ChunkedSet,
  opts: GramChunkedOptions = {},
): Promise<GramChunkedResult> {
  checkSet(gs);
  const { K, d: dim, g } = gs;
  if (K > GRAM_CHUNKED_MAX_K) {
    throw new InputError('K', `the GPU Gram kernel takes K ≤ ${GRAM_CHUNKED_MAX_K}, got ${K}`);
  }
  const lim = device.limits;
  const limit = Math.min(
    lim.maxStorageBufferBindingSize,
    lim.maxBufferSize,
    opts.maxChunkBytes ?? DEFAULT_CHUNK_BYTES,
  );
  const n = opts.chunkCols ?? chunkColumns(K, dim, limit);
  if (!(Number.isInteger(n) && n >= 1 && 4 * K * n <= limit)) {
    throw new InputError('chunkCols', `must be ≥ 1 with 4·K·chunkCols ≤ ${limit} bytes, got ${n}`);
  }
  const chunks = Math.ceil(dim / n);
  const groupsOf = (cols: number) => Math.ceil(cols / COLS_PER_GROUP);
  let totalGroups = 0;
  for (let c = 0; c < chunks; c++) totalGroups += groupsOf(Math.min(n, dim - c * n));
  const pairs = pairTable(K);
  const P = pairs.length + 1;
  const partialBytes = totalGroups * P * 4;
  if (partialBytes > Math.min(lim.maxStorageBufferBindingSize, lim.maxBufferSize)) {
    throw new InputError('d', `needs ${partialBytes} bytes of partial sums, over the GPU limit`);
  }
  const root = tgpu.initFromDevice({ device });
  const code = tgpu.resolve({
    template: [WGSL.util, WGSL_GRAM_CHUNKED].join('\n'),
    externals: { L: gramChunkedLayout },
  });
  const S = GPUBufferUsage.STORAGE;
  const dataBuf = device.createBuffer({ size: 4 * K * n, usage: S | GPUBufferUsage.COPY_DST });
  const pairBuf = device.createBuffer({
    size: Math.max(16, pairs.byteLength),
    usage: S | GPUBufferUsage.COPY_DST,
  });
  const partBuf = device.createBuffer({
    size: partialBytes,
    usage: S | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const paramBuf = device.createBuffer({
    size: 32,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const e = rowExponents(g, K, dim);
  const E = commonExponent(g, K, dim, e);
  let sumSqHost = 0;
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let failed: string | null = null;
  let rangeError: Float32RangeError | null = null;
  let raw: ArrayBuffer | null = null;
  try {
    const pipeline = device.createComputePipeline({
      label: 'concord-gramChunked',
      layout: device.createPipelineLayout({
        bindGroupLayouts: [root.unwrap(gramChunkedLayout)],
      }),
      compute: {
        module: device.createShaderModule({ label: 'concord-gramChunked', code }),
        entryPoint: 'main',
      },
    });
    const bindGroup = root.unwrap(
      root.createBindGroup(gramChunkedLayout, {
        params: paramBuf,
        data: dataBuf,
        pairs: pairBuf,
        partials: partBuf,
      }),
    );
    write(device, pairBuf, 0, pairs);
    // Poisoned with NaN: a partial sum the kernel failed to write makes G non-finite (rejected
    // below) instead of silently dropping that workgroup's columns.
    write(device, partBuf, 0, new Float32Array(totalGroups * P).fill(Number.NaN));
    const packed = new Float32Array(K * n);
    const colSum = new Float64Array(n);
    let groupOffset = 0;
    for (let c = 0; c < chunks; c++) {
      const c0 = c * n;
      const cols = Math.min(n, dim - c0);
      colSum.fill(0);
      for (let i = 0; i < K; i++) {
        const o = i * dim + c0;
        const s = pow2(e[i]);
        const t = pow2(E - e[i]);
        for (let k = 0; k < cols; k++) {
          const x = g[o + k];
          if (x === 0) {
            packed[i * cols + k] = 0;
            continue;
          }
          const y = s === null ? ldexp(x, e[i]) : x * s;
          if (Math.abs(y) < F32_MIN_NORMAL) {
            throw new Float32RangeError(
              `row ${i} holds entries more than 2^126 below its largest (column ${c0 + k}), beyond float32's range`,
            );
          }
          packed[i * cols + k] = y;
          colSum[k] += t === null ? ldexp(y, E - e[i]) : y * t;
        }
      }
      for (let k = 0; k < cols; k++) sumSqHost += colSum[k] * colSum[k];
      write(device, dataBuf, 0, packed.subarray(0, K * cols));
      const groups = groupsOf(cols);
      const nx = Math.min(groups, 65535);
      const params = new Uint32Array([K, cols, COLS_PER_GROUP, P, groupOffset, nx, 0, 0]);
      write(device, paramBuf, 0, params);
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(nx, Math.ceil(groups / nx));
      pass.end();
      device.queue.submit([enc.finish()]);
      groupOffset += groups;
      await device.queue.onSubmittedWorkDone();
      opts.onProgress?.((c0 + cols) / dim);
    }
    raw = await readBuffer(device, partBuf, 0, partialBytes);
  } catch (err) {
    if (err instanceof Float32RangeError) rangeError = err;
    else failed = err instanceof Error ? err.message : String(err);
  } finally {
    const oom = await device.popErrorScope();
    const validation = await device.popErrorScope();
    failed ??= (validation ?? oom)?.message ?? null;
    for (const b of [dataBuf, pairBuf, partBuf, paramBuf]) b.destroy();
  }
  if (rangeError) throw rangeError;
  if (failed !== null || raw === null) throw new Error(`GPU Gram failed: ${failed}`);
  const part = new Float32Array(raw);
  const acc = new Float64Array(P);
  for (let q = 0; q < totalGroups; q++) for (let p = 0; p < P; p++) acc[p] += part[q * P + p];
  const Gh = new Float64Array(K * K);
  let p = 0;
  for (let i = 0; i < K; i++) for (let j = i; j < K; j++, p++) Gh[i * K + j] = acc[p];
  for (let q = 0; q < P; q++) {
    if (!Number.isFinite(acc[q])) {
      throw new Error('GPU Gram failed: a partial sum is missing or overflowed float32');
    }
  }
  return {
    ...finish(Gh, e, K, sumSqHost),
    chunkCols: n,
    chunks,
    scratchBytes: 4 * K * n + 2 * partialBytes + 4 * K * n + 8 * n,
  };
}

/** Default CPU chunk: 2^16 columns, fewer for large K (the scaled chunk holds K·n ≤ 2^21 values). */
const CPU_CHUNK = 65536;

/** The same sums in float64 on the CPU, chunk by chunk (module comment). */
export async function gramChunkedCpu(
  gs: ChunkedSet,
  opts: GramChunkedOptions = {},
): Promise<GramChunkedResult> {
  checkSet(gs);
  const { K, d: dim, g } = gs;
  const n = opts.chunkCols ?? Math.max(1024, Math.min(CPU_CHUNK, Math.floor(2 ** 21 / K)));
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new InputError('chunkCols', `must be an integer ≥ 1, got ${n}`);
  }
  const e = opts.exponents?.e ?? rowExponents(g, K, dim);
  const E = opts.exponents?.E ?? commonExponent(g, K, dim, e);
  const Gh = new Float64Array(K * K);
  const y = new Float64Array(K * n);
  const s = new Float64Array(n);
  let sumSq = 0;
  const chunks = Math.ceil(dim / n);
  for (let c = 0; c < chunks; c++) {
    const c0 = c * n;
    const cols = Math.min(dim, c0 + n) - c0;
    s.fill(0);
    for (let i = 0; i < K; i++) {
      const bi = i * dim + c0;
      const f = pow2(e[i]);
      const t = pow2(E - e[i]);
      for (let k = 0; k < cols; k++) {
        const x = g[bi + k];
        const v = f === null ? ldexp(x, e[i]) : x * f;
        y[i * cols + k] = v;
        s[k] += t === null ? ldexp(v, E - e[i]) : v * t;
      }
    }
    for (let i = 0; i < K; i++) {
      const oi = i * cols;
      for (let j = i; j < K; j++) {
        const oj = j * cols;
        let v = 0;
        for (let k = 0; k < cols; k++) v += y[oi + k] * y[oj + k];
        Gh[i * K + j] += v;
      }
    }
    for (let k = 0; k < cols; k++) sumSq += s[k] * s[k];
    opts.onProgress?.((c0 + cols) / dim);
    if (c + 1 < chunks) await new Promise((r) => setTimeout(r, 0));
  }
  return { ...finish(Gh, e, K, sumSq), chunkCols: n, chunks, scratchBytes: 8 * (K + 1) * n };
}
