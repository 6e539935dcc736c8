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
 */
import tgpu from 'typegpu';
import * as d from 'typegpu/data';
import WGSL_GRAM_CHUNKED from '../../shaders/gramChunked.wgsl?raw';
import { InputError } from '../core/errors';
import { readBuffer } from './readback';
import { WGSL } from './shaders';

export interface ChunkedSet {
  K: number;
  d: number;
  /** K×d row-major. */
  g: Float32Array | Float64Array;
}

export interface GramChunkedResult {
  /** K×K, float64. */
  G: Float64Array;
  /** ‖Σ_i g_i‖². */
  sumSq: number;
  /** Columns per chunk and number of chunks used. */
  chunkCols: number;
  chunks: number;
  /** Bytes of the GPU buffers (chunk, partials, staging) or of the CPU scratch. */
  scratchBytes: number;
}

export interface GramChunkedOptions {
  /** Called with the share of columns done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Columns per chunk (default: the largest that fits the limits and the budget). */
  chunkCols?: number;
  /** Upper bound on the chunk buffer in bytes (default 64 MiB). */
  maxChunkBytes?: number;
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
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let failed: string | null = null;
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
    const packed = g instanceof Float32Array ? null : new Float32Array(K * n);
    let groupOffset = 0;
    for (let c = 0; c < chunks; c++) {
      const c0 = c * n;
      const cols = Math.min(n, dim - c0);
      for (let i = 0; i < K; i++) {
        const row = g.subarray(i * dim + c0, i * dim + c0 + cols);
        if (packed) packed.set(row, i * cols);
        else write(device, dataBuf, i * cols * 4, row);
      }
      if (packed) write(device, dataBuf, 0, packed.subarray(0, K * cols));
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
  } catch (e) {
    failed = e instanceof Error ? e.message : String(e);
  } finally {
    const oom = await device.popErrorScope();
    const validation = await device.popErrorScope();
    failed ??= (validation ?? oom)?.message ?? null;
    for (const b of [dataBuf, pairBuf, partBuf, paramBuf]) b.destroy();
  }
  if (failed !== null || raw === null) throw new Error(`GPU Gram failed: ${failed}`);
  const part = new Float32Array(raw);
  const acc = new Float64Array(P);
  for (let q = 0; q < totalGroups; q++) for (let p = 0; p < P; p++) acc[p] += part[q * P + p];
  const G = new Float64Array(K * K);
  let p = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i; j < K; j++, p++) {
      G[i * K + j] = acc[p];
      G[j * K + i] = acc[p];
    }
  }
  for (let q = 0; q < P; q++) {
    if (!Number.isFinite(acc[q])) {
      throw new Error('GPU Gram failed: a partial sum is missing or overflowed float32');
    }
  }
  return {
    G,
    sumSq: acc[P - 1],
    chunkCols: n,
    chunks,
    scratchBytes: 4 * K * n + 2 * partialBytes + (g instanceof Float32Array ? 0 : 4 * K * n),
  };
}

/** Default CPU chunk: 2^16 columns. */
const CPU_CHUNK = 65536;

/** The same sums in float64 on the CPU, chunk by chunk (module comment). */
export async function gramChunkedCpu(
  gs: ChunkedSet,
  opts: GramChunkedOptions = {},
): Promise<GramChunkedResult> {
  checkSet(gs);
  const { K, d: dim, g } = gs;
  const n = opts.chunkCols ?? CPU_CHUNK;
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new InputError('chunkCols', `must be an integer ≥ 1, got ${n}`);
  }
  const G = new Float64Array(K * K);
  const s = new Float64Array(n);
  let sumSq = 0;
  const chunks = Math.ceil(dim / n);
  for (let c = 0; c < chunks; c++) {
    const c0 = c * n;
    const c1 = Math.min(dim, c0 + n);
    s.fill(0);
    for (let i = 0; i < K; i++) {
      const bi = i * dim;
      for (let k = c0; k < c1; k++) s[k - c0] += g[bi + k];
      for (let j = i; j < K; j++) {
        const bj = j * dim;
        let v = 0;
        for (let k = c0; k < c1; k++) v += g[bi + k] * g[bj + k];
        G[i * K + j] += v;
      }
    }
    for (let k = 0; k < c1 - c0; k++) sumSq += s[k] * s[k];
    opts.onProgress?.(c1 / dim);
    if (c + 1 < chunks) await new Promise((r) => setTimeout(r, 0));
  }
  for (let i = 0; i < K; i++) for (let j = 0; j < i; j++) G[i * K + j] = G[j * K + i];
  return { G, sumSq, chunkCols: n, chunks, scratchBytes: 8 * n };
}
