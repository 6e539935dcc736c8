/**
 * W worlds on the GPU: buffers, pipelines and bind groups of the kernels, and the command
 * sequence of one step on the per-step path:
 *   worldUpdate(doStep = 1) at θ_t  →  gramStep(doStep = 1): θ_{t+1} and its partial sums
 *   →  reduce over chunks (only when d spans several chunks).
 * θ lives in two buffers used in turn (ping-pong), so a world whose step produced a non-finite
 * θ still has θ_t in the other buffer. Summaries are a worldUpdate(doStep = 0) pass that writes
 * one small per-world row, read back as plain f32 (NaN-safe).
 *
 * Multi-step path (K ≤ MULTI_K, d ≤ MULTI_D; the workgroup memory of multiStep.wgsl, ≈ 13.5 kB,
 * fits the 16 kB every WebGPU device offers): one dispatch advances every world T steps and
 * writes the current summary row at its end, so a batch is one dispatch and a summary one
 * read-back. With recordEvery = S > 0 both paths also write a summary row every S steps into a
 * ring (summaryRing.ts) that the host copies out asynchronously.
 */
import type { TgpuBuffer, TgpuRoot } from 'typegpu';
import * as d from 'typegpu/data';
import { InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import { type GpuCounters, trackedCounters } from './counters';
import type { GpuContext } from './device';
import {
  gramStepLayout,
  multiStepLayout,
  Params,
  reduceLayout,
  worldUpdateLayout,
} from './layouts';
import { type Pipes, pairTable, pipelines, pow2AtLeast } from './pipelines';
import { problemData } from './problemData';
import { readBuffer } from './readback';
import type { ProblemKernel } from './shaders';
import { StagingPair, SummaryRing } from './summaryRing';

/** Most columns per Gram tile (the tile is the power of two ≥ d, capped here). */
export const TILE_MAX = 64;
export const KMAX = 32;
/** Workgroups per dispatch row; larger counts use a second dimension. */
const NX = 32768;
/** Aim for about this many Gram workgroups per step when splitting long vectors into chunks. */
const TARGET_GROUPS = 2048;

/** Largest K and d of the multi-step path (its workgroup memory, see the module comment). */
export const MULTI_K = 16;
export const MULTI_D = 64;
/** Aim for at most about this many gradient entries computed per multi-step dispatch. */
const WORK_PER_DISPATCH = 1 << 27;
/** Most steps in one multi-step dispatch. */
const MAX_BATCH = 1024;

export type FlowCode = 0 | 1 | 2;
export type StepPath = 'multi-step' | 'per-step';
export type PathChoice = 'auto' | StepPath;

/** The path a set of worlds takes: multi-step where K ≤ MULTI_K and d ≤ MULTI_D. */
export function choosePath(K: number, d: number, choice: PathChoice = 'auto'): StepPath {
  const fits = K <= MULTI_K && d <= MULTI_D;
  if (choice === 'multi-step' && !fits) {
    throw new InputError(
      'gpuPath',
      `the multi-step path needs K ≤ ${MULTI_K} and d ≤ ${MULTI_D}, got K = ${K}, d = ${d}`,
    );
  }
  if (choice === 'per-step') return 'per-step';
  return fits ? 'multi-step' : 'per-step';
}

export interface MethodUpload {
  /** 0 sum, 1 pcgrad, 2 cosine simultaneous, 3 cosine sequential, 4 interaction. */
  method: number;
  /** 0 conflicting, 1 all. */
  gating: number;
  tau: number;
  /** Length 1 (shared) or W. */
  alpha: Float32Array;
  /** Length K·K (shared) or W·K·K. */
  A: Float32Array;
  /** Length K·(K−1) (shared) or W·K·(K−1); unused (may be empty) when orderMode is 1. */
  orders: Int32Array;
  /** CAGrad's c (method 6). */
  c?: number;
  /** 1: per-step permutation of (orderSeed, step) built in the shader; 0: the table. */
  orderMode?: number;
  /** The run's seed mod 2³² (orderMode 1). */
  orderSeed?: number;
}

export interface GpuWorldsInit {
  problem: Problem;
  W: number;
  /** W·d initial θ. */
  thetas: Float32Array;
  flow: FlowCode;
  eta: number;
  epsSwitch: number;
  method: MethodUpload;
  /** Initial per-world state [phase, status, switchStep, stepCount] (W·4); default fresh. */
  state?: Uint32Array;
  /** Global step count at creation (a resumed run); default 0. */
  step?: number;
  /** Path choice (default 'per-step': tests drive its kernels one by one; engines pass 'auto'). */
  path?: PathChoice;
  /** Summary rows into the ring every this many steps (0 or absent: no ring). */
  recordEvery?: number;
  /** Tests: also write the K×K coefficients of each per-step update (readCoefficients). */
  keepCoefficients?: boolean;
}

type Buf = TgpuBuffer<d.WgslArray<d.F32>> | TgpuBuffer<d.WgslArray<d.U32>>;

export class GpuWorlds {
  readonly W: number;
  readonly K: number;
  readonly d: number;
  readonly P: number;
  readonly npairs: number;
  readonly nChunks: number;
  readonly chunkCols: number;
  readonly sumStride: number;
  readonly path: StepPath;
  /** Invocations per world of the multi-step kernel: the power of two ≥ max(d, K). */
  readonly multiTile: number;
  /** Most steps one batch (one dispatch on the multi-step path) advances. */
  readonly batchSteps: number;
  readonly counters: GpuCounters = trackedCounters();
  readonly ring: SummaryRing | null;
  private readonly ringBuf: Buf;
  private readonly staging: StagingPair;
  private stepCount: number;
  private rowStale = false;
  private readonly offC: number;
  private readonly root: TgpuRoot;
  private readonly device: GPUDevice;
  private readonly theta: [Buf, Buf];
  private readonly partials: Buf;
  private readonly reduced: Buf | null;
  private tables: Buf;
  private coefIn: Buf;
  private readonly world: Buf;
  private readonly state: Buf;
  private readonly flags: Buf;
  private readonly prob: Buf;
  private readonly params: { step: TgpuBuffer<typeof Params>; measure: TgpuBuffer<typeof Params> };
  private pipes: Pipes;
  private readonly pipeArgs: [ProblemKernel, number, number, number];
  private bg!: {
    gram: GPUBindGroup[];
    reduce: GPUBindGroup | null;
    update: { step: GPUBindGroup; measure: GPUBindGroup };
    multi: GPUBindGroup | null;
  };
  private values: d.Infer<typeof Params>;
  private readonly pairs: Uint32Array;
  private parity = 0;
  private readonly probLength: number;
  private buffers: Buf[] = [];

  constructor(ctx: GpuContext, init: GpuWorldsInit) {
    const { problem, W } = init;
    const { K } = problem;
    const dim = problem.d;
    this.root = ctx.root;
    this.device = ctx.device;
    this.W = W;
    this.K = K;
    this.d = dim;
    const data = problemData(problem);
    this.pairs = pairTable(K);
    this.P = this.pairs.length;
    this.npairs = (K * (K + 1)) / 2;
    if (K > KMAX) throw new InputError('problem.K', `must be ≤ ${KMAX} on the GPU, got ${K}`);
    const tile = Math.min(TILE_MAX, pow2AtLeast(dim));
    if (data.kernel !== 'quadratic' && dim > tile) {
      throw new InputError('problem.d', `must be ≤ ${TILE_MAX} for "${problem.id}" on the GPU`);
    }
    const tiles = Math.ceil(dim / tile);
    const tilesPerChunk =
      data.kernel === 'quadratic' ? Math.max(1, Math.ceil((tiles * W) / TARGET_GROUPS)) : tiles;
    this.chunkCols = Math.min(tilesPerChunk, tiles) * tile;
    this.nChunks = Math.ceil(dim / this.chunkCols);
    this.sumStride = 7 + K;
    this.path = choosePath(K, dim, init.path ?? 'per-step');
    this.multiTile = pow2AtLeast(Math.max(dim, K));
    this.stepCount = init.step ?? 0;
    const S = init.recordEvery ?? 0;
    if (!(Number.isInteger(S) && S >= 0)) {
      throw new InputError('recordEvery', `must be an integer ≥ 0, got ${S}`);
    }
    this.ring = S > 0 ? new SummaryRing(S, W, this.sumStride) : null;
    const work = Math.floor(WORK_PER_DISPATCH / (W * this.multiTile * (K + 1)));
    const perStep = this.path === 'per-step' ? 64 : MAX_BATCH;
    this.batchSteps = Math.max(
      1,
      Math.min(
        perStep,
        this.path === 'multi-step' ? work : perStep,
        this.ring?.maxBatchSteps() ?? perStep,
      ),
    );
    const root = this.root;
    const f32 = (n: number): Buf => {
      const b = root.createBuffer(d.arrayOf(d.f32, Math.max(n, 1))).$usage('storage');
      this.buffers.push(b);
      return b;
    };
    const u32 = (n: number): Buf => {
      const b = root.createBuffer(d.arrayOf(d.u32, Math.max(n, 1))).$usage('storage');
      this.buffers.push(b);
      return b;
    };
    const multi = this.path === 'multi-step';
    this.theta = [f32((multi ? 2 : 1) * W * dim), f32(W * dim)];
    this.write(this.theta[0], init.thetas);
    // Multi-step: the second half holds θ at the last ring row (for its `moved` column).
    if (multi) {
      const th = init.thetas;
      this.device.queue.writeBuffer(
        this.gpu(this.theta[0]),
        W * dim * 4,
        th.buffer,
        th.byteOffset,
        th.byteLength,
      );
    }
    this.ringBuf = f32(this.ring ? this.ring.slots * this.ring.rowFloats : 1);
    this.staging = new StagingPair(this.device, this.counters);
    this.probLength = data.prob.length;
    this.prob = f32(data.prob.length);
    this.write(this.prob, data.prob);
    this.partials = f32(W * this.nChunks * this.P);
    this.reduced = this.nChunks > 1 ? f32(W * this.P) : null;
    const m = init.method;
    this.tables = u32(this.P + m.orders.length);
    this.coefIn = f32(m.alpha.length + m.A.length);
    const offP = W * K;
    const offS = offP + 4 * W;
    this.offC = init.keepCoefficients ? offS + W * this.sumStride : 0;
    this.world = f32(offS + W * this.sumStride + (init.keepCoefficients ? W * K * K : 0));
    this.state = u32(4 * W);
    this.flags = u32(W);
    const state = init.state ?? new Uint32Array(4 * W);
    if (!init.state) for (let w = 0; w < W; w++) state[4 * w + 2] = 0xffffffff;
    this.write(this.state, state);
    const summary0 = new Float32Array(W * this.sumStride).fill(Number.NaN);
    this.device.queue.writeBuffer(this.gpu(this.world), offS * 4, summary0);
    this.values = {
      W,
      K,
      d: dim,
      nChunks: this.nChunks,
      chunkCols: this.chunkCols,
      P: this.P,
      npairs: this.npairs,
      nx: NX,
      method: 0,
      gating: 0,
      flow: init.flow,
      doStep: 1,
      alphaStride: 0,
      AStride: 0,
      orderStride: 0,
      offA: 1,
      offOrd: this.P,
      offP,
      offS,
      sumStride: this.sumStride,
      eta: init.eta,
      tau: m.tau,
      epsSwitch: init.epsSwitch,
      qpC: m.c ?? 0.5,
      T: 0,
      recordEvery: S,
      ringBase: 0,
      ringSlots: this.ring?.slots ?? 1,
      step0: this.stepCount,
      firstRecord: 0,
      offC: this.offC,
      orderMode: 0,
      orderSeed: 0,
    };
    this.params = {
      step: root.createBuffer(Params, this.values).$usage('uniform'),
      measure: root.createBuffer(Params, { ...this.values, doStep: 0 }).$usage('uniform'),
    };
    this.pipeArgs = [data.kernel, tile, pow2AtLeast(K), this.multiTile];
    this.pipes = this.pipesFor(m.method);
    this.makeBindGroups();
    this.setMethod(m);
    if (!multi) {
      // Partial sums at θ_0, so the first step and the first summaries have their Gram matrices.
      const enc = this.device.createCommandEncoder();
      this.encodeGram(enc, false);
      this.submit(enc);
    }
    // The summary rows at θ_0 are written by the first batch or summary read.
    this.rowStale = true;
  }

  /** Writes the ring row of the current step if one is due and not yet written. */
  private recordDue(): void {
    const ring = this.ring;
    if (!ring || ring.dueSteps(this.stepCount, 0).length === 0) return;
    if (this.path === 'multi-step') {
      this.runMulti(0, true);
      return;
    }
    const enc = this.device.createCommandEncoder();
    this.encodeRingRows(enc, ring.dueSteps(this.stepCount, 0));
    this.submit(enc);
  }

  /** Pipelines for method code `method` (QP methods 5–7 link the QP solvers). */
  private pipesFor(method: number): Pipes {
    const [kernel, tile, uw, mt] = this.pipeArgs;
    return pipelines(this.device, this.root, kernel, tile, uw, mt, method >= 5);
  }

  private submit(enc: GPUCommandEncoder): void {
    this.device.queue.submit([enc.finish()]);
    this.counters.submits++;
  }

  /** A counted read-back of a buffer range. */
  private async read(b: Buf, offset: number, size: number): Promise<ArrayBuffer> {
    this.counters.readbacks++;
    return readBuffer(this.device, this.gpu(b), offset, size);
  }

  /** One multi-step dispatch of T steps (T = 0: measure only, the current row refreshed). */
  private runMulti(T: number, record = true): void {
    const ring = this.ring;
    const due = ring && record ? ring.dueSteps(this.stepCount, T) : [];
    const base = ring && due.length > 0 ? ring.reserve(due) : 0;
    Object.assign(this.values, {
      T,
      step0: this.stepCount,
      ringBase: base,
      firstRecord: due.length > 0 && due[0] === this.stepCount ? 1 : 0,
      recordEvery: record ? (ring?.recordEvery ?? 0) : 0,
    });
    this.params.step.write(this.values);
    const enc = this.device.createCommandEncoder();
    this.dispatch(enc, this.pipes.multi(), this.bg.multi as GPUBindGroup, this.W);
    this.submit(enc);
    this.stepCount += T;
    if (T > 0) {
      this.counters.batches++;
      this.counters.worldSteps += T * this.W;
    }
  }

  /** Per-step path: summary rows at the current θ copied into the ring for each due step. */
  private encodeRingRows(enc: GPUCommandEncoder, due: number[]): void {
    const ring = this.ring;
    if (!ring || due.length === 0) return;
    const slot = ring.reserve(due);
    this.encodeUpdate(enc, false);
    const bytes = ring.rowFloats * 4;
    enc.copyBufferToBuffer(
      this.gpu(this.world),
      this.values.offS * 4,
      this.gpu(this.ringBuf),
      slot * bytes,
      bytes,
    );
  }

  private gpu(b: Buf | TgpuBuffer<typeof Params>): GPUBuffer {
    return this.root.unwrap(b);
  }

  private write(b: Buf, data: ArrayBufferView & ArrayLike<number>): void {
    this.device.queue.writeBuffer(this.gpu(b), 0, data.buffer, data.byteOffset, data.byteLength);
  }

  private makeBindGroups(): void {
    const root = this.root;
    const gram = [0, 1].flatMap((par) =>
      (['step', 'measure'] as const).map((kind) =>
        root.unwrap(
          root.createBindGroup(gramStepLayout, {
            params: this.gpu(this.params[kind]),
            thetaSrc: this.gpu(this.theta[par]),
            thetaDst: this.gpu(this.theta[1 - par]),
            prob: this.gpu(this.prob),
            tables: this.gpu(this.tables),
            worldData: this.gpu(this.world),
            partials: this.gpu(this.partials),
            flags: this.gpu(this.flags),
          }),
        ),
      ),
    );
    const red = this.reduced ?? this.partials;
    const update = (kind: 'step' | 'measure') =>
      root.unwrap(
        root.createBindGroup(worldUpdateLayout, {
          params: this.gpu(this.params[kind]),
          red: this.gpu(red),
          tables: this.gpu(this.tables),
          coefIn: this.gpu(this.coefIn),
          worldData: this.gpu(this.world),
          worldState: this.gpu(this.state),
          flags: this.gpu(this.flags),
        }),
      );
    this.bg = {
      gram,
      reduce: this.reduced
        ? root.unwrap(
            root.createBindGroup(reduceLayout, {
              params: this.gpu(this.params.step),
              partials: this.gpu(this.partials),
              reduced: this.gpu(this.reduced),
            }),
          )
        : null,
      update: { step: update('step'), measure: update('measure') },
      multi:
        this.path === 'multi-step'
          ? root.unwrap(
              root.createBindGroup(multiStepLayout, {
                params: this.gpu(this.params.step),
                prob: this.gpu(this.prob),
                tables: this.gpu(this.tables),
                coefIn: this.gpu(this.coefIn),
                theta: this.gpu(this.theta[0]),
                worldState: this.gpu(this.state),
                worldData: this.gpu(this.world),
                ring: this.gpu(this.ringBuf),
              }),
            )
          : null,
    };
  }

  private dispatch(enc: GPUCommandEncoder, pipe: GPUComputePipeline, bg: GPUBindGroup, n: number) {
    const pass = enc.beginComputePass();
    pass.setPipeline(pipe);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(Math.min(n, NX), Math.ceil(n / NX));
    pass.end();
    this.counters.dispatches++;
  }

  /** Gram kernel (+ chunk reduction): with `step`, θ_{t+1} from θ_t, else measure at θ_t. */
  private encodeGram(enc: GPUCommandEncoder, step: boolean): void {
    const bg = this.bg.gram[this.parity * 2 + (step ? 0 : 1)];
    this.dispatch(enc, this.pipes.gram(), bg, this.W * this.nChunks);
    if (this.bg.reduce) this.dispatch(enc, this.pipes.reduce(), this.bg.reduce, this.W * this.P);
    if (step) this.parity = 1 - this.parity;
  }

  /** Per-world update: step mode and weights (`step`), or the summary row. */
  encodeUpdate(enc: GPUCommandEncoder, step: boolean): void {
    const bg = step ? this.bg.update.step : this.bg.update.measure;
    this.dispatch(enc, this.pipes.update(), bg, this.W);
  }

  /**
   * Encodes and submits n steps: batches of at most batchSteps steps, one dispatch each on the
   * multi-step path; on the per-step path three dispatches a step (update, Gram, chunk sums)
   * and a summary pass plus a copy into the ring for each due row, one submission per batch.
   */
  advance(n: number): void {
    if (this.path === 'multi-step') {
      for (let s = 0; s < n; s += this.batchSteps) this.runMulti(Math.min(this.batchSteps, n - s));
      if (n > 0) this.rowStale = false;
      return;
    }
    for (let s = 0; s < n; s += this.batchSteps) {
      const enc = this.device.createCommandEncoder();
      if (this.ring) this.encodeRingRows(enc, this.ring.dueSteps(this.stepCount, 0));
      const end = Math.min(n, s + this.batchSteps);
      for (let k = s; k < end; k++) {
        this.encodeUpdate(enc, true);
        this.encodeGram(enc, true);
        this.stepCount++;
        if (this.ring) this.encodeRingRows(enc, this.ring.dueSteps(this.stepCount, 0));
      }
      this.submit(enc);
      this.counters.batches++;
      this.counters.worldSteps += (end - s) * this.W;
    }
  }

  /**
   * The ring rows written since the last call (oldest first): their global steps, the rows
   * (steps.length × W × sumStride floats) and how many older rows the ring overwrote unread.
   * The copy is encoded after the work submitted so far; later batches may be submitted before
   * the returned promise is awaited.
   */
  takeHistory(): Promise<{ steps: number[]; rows: Float32Array; dropped: number }> {
    const ring = this.ring;
    if (!ring) throw new InputError('recordEvery', 'no summary ring: create with recordEvery > 0');
    this.recordDue();
    const { records, dropped } = ring.take();
    const steps = records.map((r) => r.step);
    if (records.length === 0) {
      return Promise.resolve({ steps, rows: new Float32Array(0), dropped });
    }
    const bytes = ring.rowFloats * 4;
    const src = this.gpu(this.ringBuf);
    return this.staging
      .read(records.length * bytes, (enc, dst) => {
        // Consecutive slots in one copy each (at most two runs: the ring wraps once).
        let k = 0;
        while (k < records.length) {
          let e = k + 1;
          while (e < records.length && records[e].slot === records[e - 1].slot + 1) e++;
          enc.copyBufferToBuffer(src, records[k].slot * bytes, dst, k * bytes, (e - k) * bytes);
          k = e;
        }
      })
      .then((buf) => ({ steps, rows: new Float32Array(buf), dropped }));
  }

  /**
   * The current summary rows through the double-buffered staging pair (a summary pass first on
   * the per-step path, or when the method changed since the last batch on the multi-step path);
   * resolves once copied, without blocking later submissions.
   */
  readRowsAsync(): Promise<Float32Array> {
    this.refreshRow();
    const off = this.values.offS * 4;
    const size = this.W * this.sumStride * 4;
    const src = this.gpu(this.world);
    return this.staging
      .read(size, (enc, dst) => enc.copyBufferToBuffer(src, off, dst, 0, size))
      .then((b) => new Float32Array(b));
  }

  /** Makes the current summary rows current (a summary pass where they may be stale). */
  private refreshRow(): void {
    if (this.path === 'multi-step') {
      if (this.rowStale) this.runMulti(0, false);
      this.rowStale = false;
      return;
    }
    const enc = this.device.createCommandEncoder();
    this.encodeUpdate(enc, false);
    this.submit(enc);
  }

  /** Recomputes the partial sums at the current θ (no step). */
  measureGram(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeGram(enc, false);
    this.submit(enc);
  }

  /** Runs only the per-world update (step mode): weights and modes at the current θ. */
  updateOnly(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeUpdate(enc, true);
    this.submit(enc);
  }

  /** Method, α, A and order table (per world when their length says so). */
  setMethod(m: MethodUpload): void {
    const { W, K } = this;
    const perWorldAlpha = m.alpha.length === W && W > 1;
    const perWorldA = m.A.length === W * K * K && W > 1;
    const perWorldOrd = m.orders.length === W * K * (K - 1) && W > 1;
    const coef = new Float32Array(m.alpha.length + m.A.length);
    const tables = new Uint32Array(this.P + m.orders.length);
    const fits = (b: Buf, n: number) => this.gpu(b).size >= n * 4;
    if (!fits(this.coefIn, coef.length) || !fits(this.tables, tables.length)) {
      this.coefIn.destroy();
      this.tables.destroy();
      this.coefIn = this.root.createBuffer(d.arrayOf(d.f32, coef.length)).$usage('storage');
      this.tables = this.root.createBuffer(d.arrayOf(d.u32, tables.length)).$usage('storage');
      this.buffers.push(this.coefIn, this.tables);
      this.makeBindGroups();
    }
    coef.set(m.alpha, 0);
    coef.set(m.A, m.alpha.length);
    this.device.queue.writeBuffer(this.gpu(this.coefIn), 0, coef);
    tables.set(this.pairs, 0);
    tables.set(new Uint32Array(m.orders.buffer, m.orders.byteOffset, m.orders.length), this.P);
    this.device.queue.writeBuffer(this.gpu(this.tables), 0, tables);
    Object.assign(this.values, {
      method: m.method,
      gating: m.gating,
      tau: m.tau,
      alphaStride: perWorldAlpha ? 1 : 0,
      AStride: perWorldA ? K * K : 0,
      orderStride: perWorldOrd ? K * (K - 1) : 0,
      offA: m.alpha.length,
      qpC: m.c ?? 0.5,
      orderMode: m.orderMode ?? 0,
      orderSeed: (m.orderSeed ?? 0) >>> 0,
    });
    this.uploadParams();
    this.rowStale = true;
    if (this.pipes) this.pipes = this.pipesFor(m.method);
  }

  setEta(eta: number): void {
    this.values.eta = eta;
    this.uploadParams();
  }

  private uploadParams(): void {
    this.params.step.write(this.values);
    this.params.measure.write({ ...this.values, doStep: 0 });
  }

  /**
   * Summary rows (W × (7 + K) floats: B, I, F, conflicts, status, switchStep, L_0..L_{K−1},
   * moved; moved is NaN outside the multi-step ring).
   */
  async summaryRows(): Promise<Float32Array> {
    this.refreshRow();
    const off = this.values.offS * 4;
    return new Float32Array(await this.read(this.world, off, this.W * this.sumStride * 4));
  }

  /** Per-world state [phase, status, switchStep, stepCount] and divergence flags. */
  async readState(): Promise<{ state: Uint32Array; flags: Uint32Array }> {
    const state = new Uint32Array(await this.read(this.state, 0, this.W * 16));
    // The multi-step kernel marks divergence in the state itself and never sets a flag.
    const flags =
      this.path === 'multi-step'
        ? new Uint32Array(this.W)
        : new Uint32Array(await this.read(this.flags, 0, this.W * 4));
    return { state, flags };
  }

  /**
   * θ of every world (W·d). A world whose last step produced a non-finite θ (flag set, not yet
   * processed) is read from the other buffer, which holds its last finite θ.
   */
  async readThetas(): Promise<Float32Array> {
    const bytes = this.W * this.d * 4;
    const cur = new Float32Array(await this.read(this.theta[this.parity], 0, bytes));
    if (this.path === 'multi-step') return cur;
    const { state, flags } = await this.readState();
    let other: Float32Array | null = null;
    for (let w = 0; w < this.W; w++) {
      if (flags[w] !== 0 && state[4 * w + 1] !== 2) {
        other ??= new Float32Array(await this.read(this.theta[1 - this.parity], 0, bytes));
        cur.set(other.subarray(w * this.d, (w + 1) * this.d), w * this.d);
      }
    }
    return cur;
  }

  /** θ of one world (d values), with the same rule as readThetas. */
  async readTheta(world: number): Promise<Float32Array> {
    const bytes = this.d * 4;
    const { state, flags } = await this.readState();
    const useOther = flags[world] !== 0 && state[4 * world + 1] !== 2;
    const buf = this.theta[useOther ? 1 - this.parity : this.parity];
    return new Float32Array(await this.read(buf, world * bytes, bytes));
  }

  /** Reduced partial sums at the current θ: W × P (Gram pairs, ‖Σg‖², losses). */
  async readPartials(): Promise<Float32Array> {
    const src = this.reduced ?? this.partials;
    return new Float32Array(await this.read(src, 0, this.W * this.P * 4));
  }

  /** Direction weights w (W·K) from the last step-mode update. */
  async readWeights(): Promise<Float32Array> {
    return new Float32Array(await this.read(this.world, 0, this.W * this.K * 4));
  }

  /** Tests: the K×K coefficients per world of the last per-step update (keepCoefficients). */
  async readCoefficients(): Promise<Float32Array> {
    if (!this.offC) throw new InputError('keepCoefficients', 'create with keepCoefficients');
    const n = this.W * this.K * this.K;
    return new Float32Array(await this.read(this.world, this.offC * 4, n * 4));
  }

  /** Tests: overwrites the reduced partial sums (W × P: Gram pairs, ‖Σg‖², losses). */
  writePartials(data: Float32Array): void {
    this.write(this.reduced ?? this.partials, data);
  }

  /** Overwrites the entries of `name` with `value` (tests poison outputs before a run). */
  poison(name: 'partials' | 'weights' | 'thetaNext', value: number): void {
    const b =
      name === 'partials'
        ? (this.reduced ?? this.partials)
        : name === 'weights'
          ? this.world
          : this.theta[1 - this.parity];
    const n =
      name === 'weights'
        ? this.W * this.K
        : name === 'partials'
          ? this.reduced
            ? this.W * this.P
            : this.W * this.nChunks * this.P
          : this.W * this.d;
    this.device.queue.writeBuffer(this.gpu(b), 0, new Float32Array(n).fill(value));
  }

  /** Tests: overwrites the current summary rows and the whole ring with `value`. */
  poisonRows(value: number): void {
    const rows = new Float32Array(this.W * this.sumStride).fill(value);
    this.device.queue.writeBuffer(this.gpu(this.world), this.values.offS * 4, rows);
    if (this.ring) {
      const n = this.ring.slots * this.ring.rowFloats;
      this.device.queue.writeBuffer(this.gpu(this.ringBuf), 0, new Float32Array(n).fill(value));
    }
  }

  /** Bytes a step must move at minimum: read θ and the problem constants, write θ. */
  minBytesPerStep(): number {
    return (2 * this.W * this.d + this.probLength) * 4;
  }

  destroy(): void {
    this.staging.destroy();
    for (const b of this.buffers) b.destroy();
    this.params.step.destroy();
    this.params.measure.destroy();
    this.buffers = [];
  }
}
