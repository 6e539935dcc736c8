/**
 * The state of W worlds on the GPU (worlds.ts): their buffers, uniform parameters, pipelines and
 * bind groups, and the primitive encoders every path uses (a dispatch, the Gram kernel with its
 * chunk reduction, the per-world update) and the method upload. Stepping is in worldsStep.ts,
 * read-backs and test hooks in worlds.ts.
 */
import type { TgpuBuffer, TgpuRoot } from 'typegpu';
import * as d from 'typegpu/data';
import { InputError } from '../core/errors';
import { type GpuCounters, trackedCounters } from './counters';
import type { GpuContext } from './device';
import { Params } from './layouts';
import { type Pipes, pairTable, pipelines, pow2AtLeast } from './pipelines';
import { problemData } from './problemData';
import { readBuffer, readRanges } from './readback';
import type { ProblemKernel } from './shaders';
import { StagingPair, SummaryRing } from './summaryRing';
import { type WorldBindGroups, worldBindGroups } from './worldsBindGroups';
import {
  type Buf,
  choosePath,
  type GpuWorldsInit,
  gramChunks,
  KMAX,
  MAX_BATCH,
  type MethodUpload,
  NX,
  type StepPath,
  TILE_MAX,
  WORK_PER_DISPATCH,
} from './worldsConfig';
import { packMethod } from './worldsMethod';

export class WorldsBase {
  readonly W: number;
  readonly K: number;
  readonly d: number;
  readonly P: number;
  readonly npairs: number;
  readonly nChunks: number;
  readonly chunkCols: number;
  /** The per-step Gram kernel: gramStep.wgsl ('tile') or bigStep.wgsl ('big'). */
  readonly gramKernel: 'tile' | 'big';
  readonly sumStride: number;
  readonly path: StepPath;
  /** Invocations per world of the multi-step kernel: the power of two ≥ max(d, K). */
  readonly multiTile: number;
  /** Most steps one batch (one dispatch on the multi-step path) advances. */
  readonly batchSteps: number;
  readonly counters: GpuCounters = trackedCounters();
  readonly ring: SummaryRing | null;
  protected readonly ringBuf: Buf;
  protected readonly staging: StagingPair;
  protected stepCount: number;
  protected rowStale = false;
  protected readonly offC: number;
  protected readonly root: TgpuRoot;
  protected readonly device: GPUDevice;
  protected readonly theta: [Buf, Buf];
  protected readonly partials: Buf;
  protected readonly reduced: Buf | null;
  protected tables: Buf;
  protected coefIn: Buf;
  protected readonly world: Buf;
  protected readonly state: Buf;
  protected readonly flags: Buf;
  protected readonly prob: Buf;
  protected readonly params: {
    step: TgpuBuffer<typeof Params>;
    measure: TgpuBuffer<typeof Params>;
  };
  protected pipes: Pipes;
  protected readonly pipeArgs: [ProblemKernel, number, number, number];
  protected bg!: WorldBindGroups;
  protected values: d.Infer<typeof Params>;
  protected readonly pairs: Uint32Array;
  protected parity = 0;
  protected readonly probLength: number;
  protected buffers: Buf[] = [];

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
    const ch = gramChunks(data.kernel, K, dim, W, init.gramKernel ?? 'auto');
    this.gramKernel = ch.kernel;
    this.chunkCols = ch.chunkCols;
    this.nChunks = ch.nChunks;
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
      movedNorm: init.movedNorm ?? 0,
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

  /** Pipelines for method code `method` (QP methods 5–7 link the QP solvers). */
  protected pipesFor(method: number): Pipes {
    const [kernel, tile, uw, mt] = this.pipeArgs;
    const bigK = this.gramKernel === 'big' ? this.K : 0;
    return pipelines(this.device, this.root, kernel, tile, uw, mt, method >= 5, bigK);
  }

  protected submit(enc: GPUCommandEncoder): void {
    this.device.queue.submit([enc.finish()]);
    this.counters.submits++;
  }

  /** A counted read-back of a buffer range. */
  protected async read(b: Buf, offset: number, size: number): Promise<ArrayBuffer> {
    this.counters.readbacks++;
    return readBuffer(this.device, this.gpu(b), offset, size);
  }

  /** Ranges of several buffers in one counted read-back, in order. */
  protected async readMany(parts: [Buf, number, number][]): Promise<ArrayBuffer[]> {
    this.counters.readbacks++;
    return readRanges(
      this.device,
      parts.map(([b, offset, size]) => ({ src: this.gpu(b), offset, size })),
    );
  }

  protected gpu(b: Buf | TgpuBuffer<typeof Params>): GPUBuffer {
    return this.root.unwrap(b);
  }

  protected write(b: Buf, data: ArrayBufferView & ArrayLike<number>): void {
    this.device.queue.writeBuffer(this.gpu(b), 0, data.buffer, data.byteOffset, data.byteLength);
  }

  protected makeBindGroups(): void {
    const g = (b: Buf) => this.gpu(b);
    this.bg = worldBindGroups(
      this.root,
      {
        params: { step: this.gpu(this.params.step), measure: this.gpu(this.params.measure) },
        theta: [g(this.theta[0]), g(this.theta[1])],
        prob: g(this.prob),
        tables: g(this.tables),
        coefIn: g(this.coefIn),
        world: g(this.world),
        state: g(this.state),
        flags: g(this.flags),
        partials: g(this.partials),
        reduced: this.reduced ? g(this.reduced) : null,
        ring: g(this.ringBuf),
      },
      this.path === 'multi-step',
    );
  }

  protected dispatch(
    enc: GPUCommandEncoder,
    pipe: GPUComputePipeline,
    bg: GPUBindGroup,
    n: number,
  ) {
    const pass = enc.beginComputePass();
    pass.setPipeline(pipe);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(Math.min(n, NX), Math.ceil(n / NX));
    pass.end();
    this.counters.dispatches++;
  }

  /** Gram kernel (+ chunk reduction): with `step`, θ_{t+1} from θ_t, else measure at θ_t. */
  protected encodeGram(enc: GPUCommandEncoder, step: boolean): void {
    const bg = this.bg.gram[this.parity * 2 + (step ? 0 : 1)];
    const pipe = this.gramKernel === 'big' ? this.pipes.big() : this.pipes.gram();
    this.dispatch(enc, pipe, bg, this.W * this.nChunks);
    if (this.bg.reduce) this.dispatch(enc, this.pipes.reduce(), this.bg.reduce, this.W * this.P);
    if (step) this.parity = 1 - this.parity;
  }

  /** Per-world update: step mode and weights (`step`), or the summary row. */
  encodeUpdate(enc: GPUCommandEncoder, step: boolean): void {
    const bg = step ? this.bg.update.step : this.bg.update.measure;
    this.dispatch(enc, this.pipes.update(), bg, this.W);
  }

  /** Method, α, A and order table (per world when their length says so). */
  setMethod(m: MethodUpload): void {
    const { coef, tables, values } = packMethod(m, this.W, this.K, this.pairs);
    const fits = (b: Buf, n: number) => this.gpu(b).size >= n * 4;
    if (!fits(this.coefIn, coef.length) || !fits(this.tables, tables.length)) {
      this.coefIn.destroy();
      this.tables.destroy();
      this.coefIn = this.root.createBuffer(d.arrayOf(d.f32, coef.length)).$usage('storage');
      this.tables = this.root.createBuffer(d.arrayOf(d.u32, tables.length)).$usage('storage');
      this.buffers.push(this.coefIn, this.tables);
      this.makeBindGroups();
    }
    this.device.queue.writeBuffer(this.gpu(this.coefIn), 0, coef);
    this.device.queue.writeBuffer(this.gpu(this.tables), 0, tables);
    Object.assign(this.values, values);
    this.uploadParams();
    this.rowStale = true;
    if (this.pipes) this.pipes = this.pipesFor(m.method);
  }

  setEta(eta: number): void {
    this.values.eta = eta;
    this.uploadParams();
  }

  protected uploadParams(): void {
    this.params.step.write(this.values);
    this.params.measure.write({ ...this.values, doStep: 0 });
  }
}
