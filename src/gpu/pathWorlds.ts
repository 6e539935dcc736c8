/**
 * Paths on the GPU as one batched run: the trajectory of each of a few methods from one start
 * over H steps, each method one world of the multi-step kernel (shaders/multiStep.wgsl, so
 * K ≤ MULTI_K and d ≤ MULTI_D), with θ recorded on the GPU every R steps:
 *   samples at b = 0, R, 2R, …, ⌊H/R⌋·R, and H when R does not divide it;  R = max(1, ⌊H / S⌋),
 * so at least min(H, S) + 1 and at most 2S + 1 samples for S = `samples`.
 * The path kernel is the multi-step kernel with its recordTheta stub replaced by a recorder that
 * stores θ beside each ring row (ring = [rows × summary row | rows × θ]); the final θ is the
 * world's θ after the last dispatch. Every method's dispatches (⌈H / PATH_BATCH⌉ each, submitted
 * together chunk by chunk) run first; then one copy of every method's θ rows and final θ into
 * one staging buffer and one map: one read-back per sweep, whatever H and the sample count.
 */
import tgpu from 'typegpu';
import { InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import type { FlowKind } from '../engine/types';
import { type GpuCounters, trackedCounters } from './counters';
import { createGpuContext, type GpuContext } from './device';
import { multiStepLayout, Params } from './layouts';
import { methodUpload } from './methodUpload';
import { pairTable, pow2AtLeast } from './pipelines';
import { problemData } from './problemData';
import { WGSL } from './shaders';
import { choosePath } from './worlds';

/** Most steps of one dispatch (as the engine's multi-step batches). */
export const PATH_BATCH = 1024;

const FLOW: Record<FlowKind, number> = { loss: 0, bflow: 1, 'two-phase': 2 };
const STUB = 'fn recordTheta(world: u32, slot: u32) {}';
const QP_STUB = 'fn qpCoefRow(world: u32, i: u32) {}';
/** θ of the world after the summary rows of every ring slot. */
const RECORDER = `fn recordTheta(world: u32, slot: u32) {
  let U = L.$.params;
  let base = U.ringSlots * U.W * U.sumStride + (slot * U.W + world) * U.d;
  for (var k = 0u; k < U.d; k++) { L.$.ring[base + k] = thsh[k]; }
}`;

export interface GpuPathRequest {
  problem: Problem;
  methods: MethodSpec[];
  flow: FlowKind;
  eta: number;
  epsSwitch: number;
  /** θ at step 0 (length d). */
  start: Float64Array;
  horizon: number;
  /** S: at least min(H, S) sample intervals (R = max(1, ⌊H / S⌋)). */
  samples: number;
  /** Tests: every output buffer is filled with this value before the run. */
  poison?: number;
}

export interface GpuPaths {
  /** Per method: θ at each sample step, steps.length × d. */
  paths: Float64Array[];
  steps: Int32Array;
  /** Work issued by this sweep (dispatches, read-backs …). */
  counters: GpuCounters;
}

/** The sample steps 0, R, …, ⌊H/R⌋·R (and H), R = max(1, ⌊H / samples⌋); and R. */
export function recordSteps(horizon: number, samples: number): { steps: Int32Array; R: number } {
  const H = Math.max(0, Math.floor(horizon));
  const R = Math.max(1, Math.floor(H / Math.max(1, Math.floor(samples))));
  const rows = Math.floor(H / R) + 1;
  const steps = new Int32Array(rows + (H % R === 0 ? 0 : 1));
  for (let k = 0; k < rows; k++) steps[k] = k * R;
  steps[steps.length - 1] = H;
  return { steps, R };
}

/** True when the batched path takes a problem of K objectives in d dimensions. */
export function pathsFit(K: number, d: number): boolean {
  return choosePath(K, d) === 'multi-step';
}

const contexts = new WeakMap<GPUDevice, Promise<GpuContext>>();

/** One GpuContext per device, shared by every sweep on it. */
export function pathContext(device: GPUDevice): Promise<GpuContext> {
  let ctx = contexts.get(device);
  if (!ctx) {
    ctx = createGpuContext(device);
    contexts.set(device, ctx);
  }
  return ctx;
}

const pipes = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** The path kernel for a problem kernel and invocation count, compiled once per device. */
function pathPipeline(
  ctx: GpuContext,
  kernel: keyof typeof WGSL.problems,
  tile: number,
  qp: boolean,
): GPUComputePipeline {
  let byKey = pipes.get(ctx.device);
  if (!byKey) {
    byKey = new Map();
    pipes.set(ctx.device, byKey);
  }
  const key = `${kernel}/${tile}/${qp}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  if (!WGSL.multiStep.includes(STUB)) {
    throw new Error('shaders/multiStep.wgsl no longer has the recordTheta stub the paths need');
  }
  const template = [
    WGSL.util,
    WGSL.problems[kernel],
    WGSL.methods,
    qp ? WGSL.qp : QP_STUB,
    WGSL.multiStep.replace(STUB, RECORDER),
  ].join('\n');
  const code = tgpu.resolve({ template, externals: { L: multiStepLayout } });
  const pipe = ctx.device.createComputePipeline({
    label: 'concord-paths',
    layout: ctx.device.createPipelineLayout({
      bindGroupLayouts: [ctx.root.unwrap(multiStepLayout)],
    }),
    compute: {
      module: ctx.device.createShaderModule({ label: 'concord-paths', code }),
      entryPoint: 'main',
      constants: { TILE: tile },
    },
  });
  byKey.set(key, pipe);
  return pipe;
}

/** One method's world: its buffers, parameters and bind group. */
interface PathWorld {
  params: ReturnType<typeof paramsBuffer>;
  values: Record<string, number>;
  bind: GPUBindGroup;
  theta: GPUBuffer;
  ring: GPUBuffer;
}

function paramsBuffer(ctx: GpuContext, values: Record<string, number>) {
  return ctx.root.createBuffer(Params, values as never).$usage('uniform');
}

/**
 * Runs every method's path in one batched run and reads all of them back at once (module
 * comment). Rejects with InputError where the batched path does not take the problem or a method.
 */
export async function gpuPaths(ctx: GpuContext, req: GpuPathRequest): Promise<GpuPaths> {
  const { problem } = req;
  const { K, d } = problem;
  if (!pathsFit(K, d)) {
    throw new InputError('problem', `batched paths need K ≤ 16 and d ≤ 64, got K = ${K}, d = ${d}`);
  }
  if (req.start.length !== d) {
    throw new InputError('start', `must have length d = ${d}, got ${req.start.length}`);
  }
  const { steps, R } = recordSteps(req.horizon, req.samples);
  const H = steps[steps.length - 1];
  const rows = Math.floor(H / R) + 1;
  const uploads = req.methods.map((m) => methodUpload(m, K));
  const data = problemData(problem);
  const device = ctx.device;
  const counters = trackedCounters();
  const pairs = pairTable(K);
  const P = pairs.length;
  const sumStride = 7 + K;
  const tile = pow2AtLeast(Math.max(d, K));
  const qp = uploads.some((u) => u.method >= 5);
  const pipe = pathPipeline(ctx, data.kernel, tile, qp);
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const all: GPUBuffer[] = [];
  const buffer = (values: ArrayBufferView & ArrayLike<number>, n = values.length) => {
    const b = device.createBuffer({ size: Math.max(4, 4 * n), usage: STORAGE });
    all.push(b);
    if (values.length > 0) {
      device.queue.writeBuffer(b, 0, values.buffer, values.byteOffset, values.byteLength);
    }
    return b;
  };
  const start32 = Float32Array.from(req.start);
  const prob = buffer(data.prob);
  const worlds: PathWorld[] = uploads.map((m) => {
    const tables = new Uint32Array(P + m.orders.length);
    tables.set(pairs, 0);
    tables.set(new Uint32Array(m.orders.buffer, m.orders.byteOffset, m.orders.length), P);
    const coef = new Float32Array(m.alpha.length + m.A.length);
    coef.set(m.alpha, 0);
    coef.set(m.A, m.alpha.length);
    const theta = buffer(Float32Array.of(...start32, ...start32));
    const ringFloats = rows * (sumStride + d);
    const ring = buffer(new Float32Array(ringFloats).fill(req.poison ?? 0));
    const offS = K + 4;
    const world = buffer(new Float32Array(offS + sumStride).fill(req.poison ?? 0));
    const state = buffer(Uint32Array.of(0, 0, 0xffffffff, 0));
    const values: Record<string, number> = {
      W: 1,
      K,
      d,
      nChunks: 1,
      chunkCols: d,
      P,
      npairs: (K * (K + 1)) / 2,
      nx: 32768,
      method: m.method,
      gating: m.gating,
      flow: FLOW[req.flow],
      doStep: 1,
      alphaStride: 0,
      AStride: 0,
      orderStride: 0,
      offA: m.alpha.length,
      offOrd: P,
      offP: K,
      offS,
      sumStride,
      eta: req.eta,
      tau: m.tau,
      epsSwitch: req.epsSwitch,
      qpC: m.c ?? 0.5,
      T: 0,
      recordEvery: R,
      ringBase: 0,
      ringSlots: rows,
      step0: 0,
      firstRecord: 1,
      offC: 0,
      orderMode: m.orderMode ?? 0,
      orderSeed: (m.orderSeed ?? 0) >>> 0,
      movedNorm: 0,
    };
    const params = paramsBuffer(ctx, values);
    const bind = ctx.root.unwrap(
      ctx.root.createBindGroup(multiStepLayout, {
        params: ctx.root.unwrap(params),
        prob,
        tables: buffer(tables),
        coefIn: buffer(coef),
        theta,
        worldState: state,
        worldData: world,
        ring,
      }),
    );
    return { params, values, bind, theta, ring };
  });
  const staging = device.createBuffer({
    size: Math.max(4, 4 * worlds.length * (rows + 1) * d),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  all.push(staging);
  try {
    // Chunks of at most PATH_BATCH steps (one chunk of 0 steps when H = 0: it records θ_0).
    for (let s0 = 0; s0 < H || (H === 0 && s0 === 0); s0 += PATH_BATCH) {
      const T = Math.min(PATH_BATCH, H - s0);
      const chunk = {
        T,
        step0: s0,
        firstRecord: s0 === 0 ? 1 : 0,
        // Rows written by earlier chunks: the multiples of R in [0, s0].
        ringBase: s0 === 0 ? 0 : Math.floor(s0 / R) + 1,
      };
      const enc = device.createCommandEncoder();
      for (const w of worlds) {
        Object.assign(w.values, chunk);
        w.params.write(w.values as never);
        const pass = enc.beginComputePass();
        pass.setPipeline(pipe);
        pass.setBindGroup(0, w.bind);
        pass.dispatchWorkgroups(1, 1);
        pass.end();
        counters.dispatches++;
        counters.batches++;
        counters.worldSteps += T;
      }
      device.queue.submit([enc.finish()]);
      counters.submits++;
      if (H === 0) break;
    }
    const enc = device.createCommandEncoder();
    const per = (rows + 1) * d * 4;
    worlds.forEach((w, m) => {
      enc.copyBufferToBuffer(w.ring, rows * sumStride * 4, staging, m * per, rows * d * 4);
      enc.copyBufferToBuffer(w.theta, 0, staging, m * per + rows * d * 4, d * 4);
    });
    device.queue.submit([enc.finish()]);
    counters.submits++;
    counters.readbacks++;
    await staging.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    const paths = worlds.map((_, m) => {
      const p = new Float64Array(steps.length * d);
      // Rows at 0, R, …; the last sample (H, when R does not divide it) is the final θ.
      const base = m * (rows + 1) * d;
      for (let k = 0; k < steps.length; k++) {
        const at = k < rows ? base + k * d : base + rows * d;
        for (let j = 0; j < d; j++) p[k * d + j] = out[at + j];
      }
      return p;
    });
    return { paths, steps, counters: { ...counters } };
  } finally {
    for (const b of all) b.destroy();
    for (const w of worlds) w.params.destroy();
  }
}
