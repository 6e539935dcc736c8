/**
 * The CPU engine's large-d measure in WebAssembly SIMD (simdGramKernel.ts): the quantities of
 * blockedMeasure (blockedGram.ts), with a power-of-two scaling y = σ·g:
 *   Ĝ_ij = Σ_k y_ik y_jk,  ŝ_k = Σ_i y_ik,  G = Ĝ/σ²,  S = tr Ĝ/σ²,
 *   B = ‖ŝ‖²/tr Ĝ (directly from the sum),  I = Σ_{i<j} Ĝ_ij / tr Ĝ,  Σg = ŝ/σ.
 * One pass with σ = 1 also finds max|g_ik|. Where it lies in [2^-400, 2^400] that pass stands: no
 * product or sum can overflow (|g_ik g_jk| ≤ 2^800, K·d terms), and a product small enough to
 * underflow is below 2^-222·max², far under the rounding of the sums, as it is with the scaling.
 * Otherwise a second pass runs with blockedMeasure's σ = pow2Scale(max|g_ik|), which keeps
 * entries of 1e±200 from over- or underflowing. Non-finite entries make S non-finite, as in the
 * core. Only the order of the float64 sums differs from the core. The rows live in a WebAssembly memory
 * (rowsView): a caller that writes its gradients there pays no copy; measure() of a plain array
 * copies it in first. The columns are cut into parts of PART_COLS (the last part takes the rest),
 * fixed by d alone: each part has its own Gram, ‖ŝ‖² and max (gramColumns) and finishSimd adds
 * the parts in order, so a split of the parts over threads sharing one memory (simdGramPool.ts)
 * gives the same bits as SimdGram on one thread. Where WebAssembly SIMD is missing
 * or refused (a page whose CSP lacks 'wasm-unsafe-eval'), simdGramAvailable() is false and the
 * engine keeps the JavaScript blocked pass.
 */
import { pow2Scale } from '../core/metrics/scaled';
import type { BlockedMeasure } from './blockedGram';
import { CHUNK, simdGramFunctions } from './simdGramKernel';
import { wasmModule } from './wasmEncoder';

const PAGE = 65536;
/** Most pages a shared memory may grow to (4 GiB). */
const MAX_PAGES = 65536;

/** Columns per part (32 chunks): the unit the threads share out, fixed so results do not depend on them. */
export const PART_COLS = 4096;

/** Parts of d columns: ⌈d / PART_COLS⌉, at least 1. */
export function gramParts(d: number): number {
  return Math.max(1, Math.ceil(d / PART_COLS));
}

export interface SimdLayout {
  K: number;
  d: number;
  /** Parts of the columns (gramParts(d)); part p holds [p·PART_COLS, min(d, (p+1)·PART_COLS)). */
  parts: number;
  /** K rounded up to a multiple of 4 (the kernel's row blocks). */
  K4: number;
  /** Byte offsets: rows (K×d), Σg (d), then per part its tile, K4×K4 Gram, ‖ŝ‖² and max|y|;
   * bytes is the end of the last part (16-byte aligned). */
  rows: number;
  sum: number;
  part: (w: number) => { tile: number; G: number; ss: number };
  bytes: number;
}

export function simdLayout(K: number, d: number): SimdLayout {
  const parts = gramParts(d);
  const K4 = 4 * Math.ceil(K / 4);
  const al = (x: number) => 16 * Math.ceil(x / 16);
  const sum = al(K * d * 8);
  const first = al(sum + d * 8);
  const stride = al(K4 * CHUNK * 8 + K4 * K4 * 8 + 16);
  const part = (w: number) => {
    const tile = first + w * stride;
    return { tile, G: tile + K4 * CHUNK * 8, ss: tile + K4 * CHUNK * 8 + K4 * K4 * 8 };
  };
  return { K, d, parts, K4, rows: 0, sum, part, bytes: first + parts * stride };
}

export interface SimdKernels {
  gram: (...args: number[]) => void;
}

/** The kernels instantiated on `memory` (shared when the memory is). */
export function instantiateSimd(memory: WebAssembly.Memory, shared: boolean): SimdKernels {
  const bytes = wasmModule(simdGramFunctions(), { minPages: 1, maxPages: MAX_PAGES, shared });
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
    env: { mem: memory },
  });
  return inst.exports as unknown as SimdKernels;
}

let available: boolean | null = null;

/** Whether this runtime compiles the SIMD kernels (validated and instantiated once). */
export function simdGramAvailable(): boolean {
  if (available !== null) return available;
  try {
    const mem = new WebAssembly.Memory({ initial: 1 });
    const bytes = wasmModule(simdGramFunctions(), { minPages: 1, maxPages: 1, shared: false });
    available = WebAssembly.validate(bytes as BufferSource) && !!instantiateSimd(mem, false);
  } catch {
    available = false;
  }
  return available;
}

/**
 * Adds the columns [c0, c1) of the rows to part w's Gram and ‖ŝ‖², raises its max|σ·g| and writes
 * their Σg; the part's tile, Gram, ‖ŝ‖² and max must be zero before its first range. The last
 * (c1 − c0) mod 4 columns are summed here.
 */
export function gramColumns(
  k: SimdKernels,
  f64: Float64Array,
  L: SimdLayout,
  w: number,
  c0: number,
  c1: number,
  sigma: number,
): void {
  const { K, d, K4 } = L;
  const p = L.part(w);
  const even = c0 + ((c1 - c0) & ~3);
  if (even > c0) k.gram(L.rows, d, K, K4, c0, even, p.tile, L.sum, p.G, p.ss, sigma, 1 / sigma);
  for (let col = even; col < c1; col++) {
    let sc = 0;
    const y = new Float64Array(K);
    for (let r = 0; r < K; r++) {
      y[r] = f64[L.rows / 8 + r * d + col] * sigma;
      sc += y[r];
      if (Math.abs(y[r]) > f64[p.ss / 8 + 1]) f64[p.ss / 8 + 1] = Math.abs(y[r]);
    }
    const G0 = p.G / 8;
    for (let r = 0; r < K; r++) for (let t = r; t < K; t++) f64[G0 + r * K4 + t] += y[r] * y[t];
    f64[p.ss / 8] += sc * sc;
    f64[L.sum / 8 + col] = sc * (1 / sigma);
  }
}

/** The measure from the parts' Grams and ‖ŝ‖² (summed over parts in order) and σ. */
export function finishSimd(
  f64: Float64Array,
  L: SimdLayout,
  parts: number,
  sigma: number,
): BlockedMeasure {
  const { K, d, K4 } = L;
  const Gh = new Float64Array(K * K);
  let ss = 0;
  for (let w = 0; w < parts; w++) {
    const p = L.part(w);
    for (let i = 0; i < K; i++)
      for (let j = i; j < K; j++) Gh[i * K + j] += f64[p.G / 8 + i * K4 + j];
    ss += f64[p.ss / 8];
  }
  let tr = 0;
  let off = 0;
  const G = new Float64Array(K * K);
  const inv = 1 / (sigma * sigma);
  for (let i = 0; i < K; i++) {
    tr += Gh[i * K + i];
    for (let j = i; j < K; j++) {
      if (j > i) off += Gh[i * K + j];
      const v = Gh[i * K + j] * inv;
      G[i * K + j] = v;
      G[j * K + i] = v;
    }
  }
  const sum = f64.slice(L.sum / 8, L.sum / 8 + d);
  const S = tr * inv;
  return { G, S, B: tr > 0 ? ss / tr : Number.NaN, I: tr > 0 ? off / tr : Number.NaN, sum };
}

/** Zeroes part w's tile, Gram, ‖ŝ‖² and max. */
export function clearPart(f64: Float64Array, L: SimdLayout, w: number): void {
  const p = L.part(w);
  f64.fill(0, p.tile / 8, p.ss / 8 + 2);
}

/** Clears and measures the parts [p0, p1) with scale σ (each part's columns, gramColumns). */
export function measureParts(
  k: SimdKernels,
  f64: Float64Array,
  L: SimdLayout,
  p0: number,
  p1: number,
  sigma: number,
): void {
  for (let p = p0; p < p1; p++) {
    clearPart(f64, L, p);
    const c0 = p * PART_COLS;
    const c1 = p === L.parts - 1 ? L.d : c0 + PART_COLS;
    gramColumns(k, f64, L, p, c0, c1, sigma);
  }
}

/** Largest max|g| the first pass (σ = 1) keeps (module comment). */
const SAFE_HI = 2 ** 400;
const SAFE_LO = 2 ** -400;

/**
 * σ after a first pass with σ = 1 over the parts: 1 when max|g| lies in [2^-400, 2^400] or
 * pow2Scale(max) is 1 anyway, else pow2Scale(max|g|) (the caller runs a second pass with it).
 */
export function secondSigma(f64: Float64Array, L: SimdLayout, parts: number): number {
  let mx = 0;
  for (let w = 0; w < parts; w++) mx = Math.max(mx, f64[L.part(w).ss / 8 + 1]);
  return mx >= SAFE_LO && mx <= SAFE_HI ? 1 : pow2Scale(mx);
}

/** A single-threaded SIMD Gram of K×d rows held in its own WebAssembly memory. */
export class SimdGram {
  readonly layout: SimdLayout;
  readonly threadsUsed = 1;
  private readonly memory: WebAssembly.Memory;
  private readonly k: SimdKernels;

  constructor(K: number, d: number) {
    this.layout = simdLayout(K, d);
    const pages = Math.ceil(this.layout.bytes / PAGE);
    this.memory = new WebAssembly.Memory({ initial: pages });
    this.k = instantiateSimd(this.memory, false);
  }

  /** The K×d rows inside the memory: write gradients here to measure them without a copy. */
  rowsView(): Float64Array {
    const { K, d } = this.layout;
    return new Float64Array(this.memory.buffer, this.layout.rows, K * d);
  }

  /** The measure of the rows in rowsView(), or of g after copying it there. */
  measure(g?: Float64Array): BlockedMeasure {
    const L = this.layout;
    const f64 = new Float64Array(this.memory.buffer);
    if (g) f64.set(g, L.rows / 8);
    measureParts(this.k, f64, L, 0, L.parts, 1);
    const sigma = secondSigma(f64, L, L.parts);
    if (sigma !== 1) measureParts(this.k, f64, L, 0, L.parts, sigma);
    return finishSimd(f64, L, L.parts, sigma);
  }

  /** Nothing to end (the memory goes with the object). */
  dispose(): void {}
}
