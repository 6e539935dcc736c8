/**
 * W worlds on the GPU: buffers, pipelines and bind groups of the three kernels, and the
 * command sequence of one step:
 *   worldUpdate(doStep = 1) at θ_t  →  gramStep(doStep = 1): θ_{t+1} and its partial sums
 *   →  reduce over chunks (only when d spans several chunks).
 * θ lives in two buffers used in turn (ping-pong), so a world whose step produced a non-finite
 * θ still has θ_t in the other buffer. Summaries are a worldUpdate(doStep = 0) pass that writes
 * one small per-world row, read back as plain f32 (NaN-safe).
 */
import type { TgpuBuffer, TgpuRoot } from 'typegpu';
import * as d from 'typegpu/data';
import { InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import type { GpuContext } from './device';
import { gramStepLayout, Params, reduceLayout, worldUpdateLayout } from './layouts';
import { type Pipes, pairTable, pipelines, pow2AtLeast } from './pipelines';
import { problemData } from './problemData';
import { readBuffer } from './readback';

/** Most columns per Gram tile (the tile is the power of two ≥ d, capped here). */
export const TILE_MAX = 64;
export const KMAX = 32;
/** Workgroups per dispatch row; larger counts use a second dimension. */
const NX = 32768;
/** Aim for about this many Gram workgroups per step when splitting long vectors into chunks. */
const TARGET_GROUPS = 2048;

export type FlowCode = 0 | 1 | 2;

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
  /** 1: per-step permutation of (orderSeed, step, world) built in the shader; 0: the table. */
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
  private readonly pipes: Pipes;
  private bg!: {
    gram: GPUBindGroup[];
    reduce: GPUBindGroup | null;
    update: { step: GPUBindGroup; measure: GPUBindGroup };
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
    this.sumStride = 6 + K;
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
    this.theta = [f32(W * dim), f32(W * dim)];
    this.write(this.theta[0], init.thetas);
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
    this.world = f32(offS + W * this.sumStride);
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
      orderMode: 0,
      orderSeed: 0,
    };
    this.params = {
      step: root.createBuffer(Params, this.values).$usage('uniform'),
      measure: root.createBuffer(Params, { ...this.values, doStep: 0 }).$usage('uniform'),
    };
    this.pipes = pipelines(this.device, root, data.kernel, tile, pow2AtLeast(K));
    this.makeBindGroups();
    this.setMethod(m);
    // Partial sums at θ_0, so the first step and the first summaries have their Gram matrices.
    const enc = this.device.createCommandEncoder();
    this.encodeGram(enc, false);
    this.device.queue.submit([enc.finish()]);
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
    };
  }

  private dispatch(enc: GPUCommandEncoder, pipe: GPUComputePipeline, bg: GPUBindGroup, n: number) {
    const pass = enc.beginComputePass();
    pass.setPipeline(pipe);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(Math.min(n, NX), Math.ceil(n / NX));
    pass.end();
  }

  /** Gram kernel (+ chunk reduction): with `step`, θ_{t+1} from θ_t, else measure at θ_t. */
  private encodeGram(enc: GPUCommandEncoder, step: boolean): void {
    const bg = this.bg.gram[this.parity * 2 + (step ? 0 : 1)];
    this.dispatch(enc, this.pipes.gram, bg, this.W * this.nChunks);
    if (this.bg.reduce) this.dispatch(enc, this.pipes.reduce, this.bg.reduce, this.W * this.P);
    if (step) this.parity = 1 - this.parity;
  }

  /** Per-world update: step mode and weights (`step`), or the summary row. */
  encodeUpdate(enc: GPUCommandEncoder, step: boolean): void {
    const bg = step ? this.bg.update.step : this.bg.update.measure;
    this.dispatch(enc, this.pipes.update, bg, this.W);
  }

  /** Encodes and submits n steps. */
  advance(n: number): void {
    const perSubmit = 64;
    for (let s = 0; s < n; s += perSubmit) {
      const enc = this.device.createCommandEncoder();
      for (let k = s; k < Math.min(n, s + perSubmit); k++) {
        this.encodeUpdate(enc, true);
        this.encodeGram(enc, true);
      }
      this.device.queue.submit([enc.finish()]);
    }
  }

  /** Recomputes the partial sums at the current θ (no step). */
  measureGram(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeGram(enc, false);
    this.device.queue.submit([enc.finish()]);
  }

  /** Runs only the per-world update (step mode): weights and modes at the current θ. */
  updateOnly(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeUpdate(enc, true);
    this.device.queue.submit([enc.finish()]);
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
      orderMode: m.orderMode ?? 0,
      orderSeed: (m.orderSeed ?? 0) >>> 0,
    });
    this.uploadParams();
  }

  setEta(eta: number): void {
    this.values.eta = eta;
    this.uploadParams();
  }

  private uploadParams(): void {
    this.params.step.write(this.values);
    this.params.measure.write({ ...this.values, doStep: 0 });
  }

  /** Summary rows (W × (6 + K) floats: B, I, F, conflicts, status, switchStep, L_0..). */
  async summaryRows(): Promise<Float32Array> {
    const enc = this.device.createCommandEncoder();
    this.encodeUpdate(enc, false);
    this.device.queue.submit([enc.finish()]);
    const off = this.values.offS * 4;
    return new Float32Array(
      await readBuffer(this.device, this.gpu(this.world), off, this.W * this.sumStride * 4),
    );
  }

  /** Per-world state [phase, status, switchStep, stepCount] and divergence flags. */
  async readState(): Promise<{ state: Uint32Array; flags: Uint32Array }> {
    const state = new Uint32Array(
      await readBuffer(this.device, this.gpu(this.state), 0, this.W * 16),
    );
    const flags = new Uint32Array(
      await readBuffer(this.device, this.gpu(this.flags), 0, this.W * 4),
    );
    return { state, flags };
  }

  /**
   * θ of every world (W·d). A world whose last step produced a non-finite θ (flag set, not yet
   * processed) is read from the other buffer, which holds its last finite θ.
   */
  async readThetas(): Promise<Float32Array> {
    const bytes = this.W * this.d * 4;
    const cur = new Float32Array(
      await readBuffer(this.device, this.gpu(this.theta[this.parity]), 0, bytes),
    );
    const { state, flags } = await this.readState();
    let other: Float32Array | null = null;
    for (let w = 0; w < this.W; w++) {
      if (flags[w] !== 0 && state[4 * w + 1] !== 2) {
        other ??= new Float32Array(
          await readBuffer(this.device, this.gpu(this.theta[1 - this.parity]), 0, bytes),
        );
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
    return new Float32Array(await readBuffer(this.device, this.gpu(buf), world * bytes, bytes));
  }

  /** Reduced partial sums at the current θ: W × P (Gram pairs, ‖Σg‖², losses). */
  async readPartials(): Promise<Float32Array> {
    const src = this.reduced ?? this.partials;
    return new Float32Array(await readBuffer(this.device, this.gpu(src), 0, this.W * this.P * 4));
  }

  /** Direction weights w (W·K) from the last step-mode update. */
  async readWeights(): Promise<Float32Array> {
    return new Float32Array(
      await readBuffer(this.device, this.gpu(this.world), 0, this.W * this.K * 4),
    );
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

  /** Bytes a step must move at minimum: read θ and the problem constants, write θ. */
  minBytesPerStep(): number {
    return (2 * this.W * this.d + this.probLength) * 4;
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
    this.params.step.destroy();
    this.params.measure.destroy();
    this.buffers = [];
  }
}
