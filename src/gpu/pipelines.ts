/**
 * Compute pipelines of the three kernels, compiled once per device and workgroup shape, and the
 * pair table that orders the Gram kernel's partial sums.
 */
import type { TgpuBindGroupLayout, TgpuRoot } from 'typegpu';
import {
  gramStepLayout,
  linkKernels,
  multiStepLayout,
  reduceLayout,
  worldUpdateLayout,
} from './layouts';
import type { ProblemKernel } from './shaders';

/** Pair table entries i | j<<8 | kind<<16: Gram pairs i ≤ j, then ‖Σg‖², then the K losses. */
export function pairTable(K: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < K; i++) for (let j = i; j < K; j++) out.push(i | (j << 8));
  out.push(1 << 16);
  for (let i = 0; i < K; i++) out.push(i | (2 << 16));
  return Uint32Array.from(out);
}

export type Pipes = {
  gram: () => GPUComputePipeline;
  /** bigStep.wgsl (quadratic groups, large d), specialised to K (bigK). */
  big: () => GPUComputePipeline;
  reduce: () => GPUComputePipeline;
  update: () => GPUComputePipeline;
  multi: () => GPUComputePipeline;
};
const pipeCache = new WeakMap<GPUDevice, Map<string, Pipes>>();

/** Invocations per workgroup of bigStep.wgsl (its reduction holds 8 × BIG_WG floats). */
export const BIG_WG = 128;

export function pow2AtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Memoises a thunk. */
function once<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => {
    v ??= make();
    return v;
  };
}

/**
 * The compute pipelines for `kernel`, each compiled on first use, once per device and shape:
 * tile = Gram kernel invocations (columns per tile), uw = per-world update invocations,
 * multiTile = multi-step invocations per world, bigK = K of the large-d kernel; `qp` links the QP solvers of shaders/qp.wgsl
 * (methods mgda, cagrad, upgrad), else a stub (their compilation is slow on emulated GPUs).
 */
export function pipelines(
  device: GPUDevice,
  root: TgpuRoot,
  kernel: ProblemKernel,
  tile: number,
  uw: number,
  multiTile: number,
  qp: boolean,
  bigK = 0,
): Pipes {
  let byKernel = pipeCache.get(device);
  if (!byKernel) {
    byKernel = new Map();
    pipeCache.set(device, byKernel);
  }
  const key = `${kernel}/${tile}/${uw}/${multiTile}/${qp}/${bigK}`;
  const hit = byKernel.get(key);
  if (hit) return hit;
  const code = once(() => linkKernels(kernel, qp));
  const pipe = (
    wgsl: string,
    layout: TgpuBindGroupLayout,
    label: string,
    constants: Record<string, number>,
  ) =>
    device.createComputePipeline({
      label,
      layout: device.createPipelineLayout({ bindGroupLayouts: [root.unwrap(layout)] }),
      compute: {
        module: device.createShaderModule({ label, code: wgsl }),
        entryPoint: 'main',
        constants,
      },
    });
  const pipes: Pipes = {
    gram: once(() => pipe(code().gramStep, gramStepLayout, 'concord-gramStep', { TILE: tile })),
    big: once(() =>
      pipe(code().bigStep, gramStepLayout, 'concord-bigStep', { KC: bigK, WG: BIG_WG }),
    ),
    reduce: once(() => pipe(code().reduce, reduceLayout, 'concord-reduce', {})),
    update: once(() =>
      pipe(code().worldUpdate, worldUpdateLayout, 'concord-worldUpdate', { UW: uw }),
    ),
    multi: once(() =>
      pipe(code().multiStep, multiStepLayout, 'concord-multiStep', { TILE: multiTile }),
    ),
  };
  byKernel.set(key, pipes);
  return pipes;
}
