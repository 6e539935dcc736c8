/**
 * TypeGPU schemas and bind group layouts of the kernels, and their linking: each kernel is its
 * WGSL files concatenated and passed to tgpu.resolve with the layout as the external `L`, so
 * `L.$.name` in the WGSL becomes the binding declared by the layout.
 */
import tgpu, { type TgpuBindGroupLayout } from 'typegpu';
import * as d from 'typegpu/data';
import { type ProblemKernel, WGSL } from './shaders';

/** Uniform parameters shared by every kernel of one set of worlds. */
export const Params = d.struct({
  W: d.u32,
  K: d.u32,
  d: d.u32,
  nChunks: d.u32,
  chunkCols: d.u32,
  P: d.u32,
  npairs: d.u32,
  nx: d.u32,
  method: d.u32,
  gating: d.u32,
  flow: d.u32,
  doStep: d.u32,
  alphaStride: d.u32,
  AStride: d.u32,
  orderStride: d.u32,
  offA: d.u32,
  offOrd: d.u32,
  offP: d.u32,
  offS: d.u32,
  sumStride: d.u32,
  eta: d.f32,
  tau: d.f32,
  epsSwitch: d.f32,
  /** CAGrad's c (method 6). */
  qpC: d.f32,
  /** Multi-step kernel: steps T of this dispatch, ring row interval, ring slot of its first row,
   * ring slots, global step at the dispatch's start, 1 if a row is due at its start. */
  T: d.u32,
  recordEvery: d.u32,
  ringBase: d.u32,
  ringSlots: d.u32,
  step0: d.u32,
  firstRecord: d.u32,
  /** Offset in worldData of the K×K coefficients per world (0: not written; tests). */
  offC: d.u32,
  /** PCGrad order: 0 the uploaded table, 1 the per-step permutation hashed in the shader. */
  orderMode: d.u32,
  orderSeed: d.u32,
  /** Norm of the ring rows' `moved` column: 0 max_k |Δθ_k|, 1 ‖Δθ‖₂. */
  movedNorm: d.u32,
});

const f32s = (n: number) => d.arrayOf(d.f32, n);
const u32s = (n: number) => d.arrayOf(d.u32, n);
const atomics = (n: number) => d.arrayOf(d.atomic(d.u32), n);

/** Fused step + Gram kernel (gramStep.wgsl + a problem file). */
export const gramStepLayout = tgpu
  .bindGroupLayout({
    params: { uniform: Params },
    thetaSrc: { storage: f32s, access: 'readonly' },
    thetaDst: { storage: f32s, access: 'mutable' },
    prob: { storage: f32s, access: 'readonly' },
    tables: { storage: u32s, access: 'readonly' },
    worldData: { storage: f32s, access: 'readonly' },
    partials: { storage: f32s, access: 'mutable' },
    flags: { storage: atomics, access: 'mutable' },
  })
  .$idx(0);

/** Chunk reduction kernel (reduce.wgsl). */
export const reduceLayout = tgpu
  .bindGroupLayout({
    params: { uniform: Params },
    partials: { storage: f32s, access: 'readonly' },
    reduced: { storage: f32s, access: 'mutable' },
  })
  .$idx(0);

/** Per-world update kernel (worldUpdate.wgsl + methods.wgsl). */
export const worldUpdateLayout = tgpu
  .bindGroupLayout({
    params: { uniform: Params },
    red: { storage: f32s, access: 'readonly' },
    tables: { storage: u32s, access: 'readonly' },
    coefIn: { storage: f32s, access: 'readonly' },
    worldData: { storage: f32s, access: 'mutable' },
    worldState: { storage: u32s, access: 'mutable' },
    flags: { storage: atomics, access: 'mutable' },
  })
  .$idx(0);

/** Multi-step kernel (multiStep.wgsl + a problem file + methods.wgsl + qp.wgsl). */
export const multiStepLayout = tgpu
  .bindGroupLayout({
    params: { uniform: Params },
    prob: { storage: f32s, access: 'readonly' },
    tables: { storage: u32s, access: 'readonly' },
    coefIn: { storage: f32s, access: 'readonly' },
    theta: { storage: f32s, access: 'mutable' },
    worldState: { storage: u32s, access: 'mutable' },
    worldData: { storage: f32s, access: 'mutable' },
    ring: { storage: f32s, access: 'mutable' },
  })
  .$idx(0);

function link(parts: string[], layout: TgpuBindGroupLayout): string {
  return tgpu.resolve({ template: parts.join('\n'), externals: { L: layout } });
}

/** WGSL of the kernels, the Gram kernel specialised to `problem`. */
/** Stands in for qp.wgsl in kernels that run no QP method. */
const QP_STUB = 'fn qpCoefRow(world: u32, i: u32) {}';

export function linkKernels(
  problem: ProblemKernel,
  qp = true,
): {
  gramStep: string;
  bigStep: string;
  reduce: string;
  worldUpdate: string;
  multiStep: string;
} {
  const qpCode = qp ? WGSL.qp : QP_STUB;
  return {
    gramStep: link([WGSL.util, WGSL.problems[problem], WGSL.gramStep], gramStepLayout),
    bigStep: link([WGSL.util, WGSL.bigStep], gramStepLayout),
    reduce: link([WGSL.util, WGSL.reduce], reduceLayout),
    worldUpdate: link([WGSL.util, WGSL.methods, qpCode, WGSL.worldUpdate], worldUpdateLayout),
    multiStep: link(
      [WGSL.util, WGSL.problems[problem], WGSL.methods, qpCode, WGSL.multiStep],
      multiStepLayout,
    ),
  };
}
