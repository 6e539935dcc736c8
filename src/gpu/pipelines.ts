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
  gram: GPUComputePipeline;
  reduce: GPUComputePipeline;
  update: GPUComputePipeline;
  /** Compiled on first use (worlds on the multi-step path only). */
  multi: () => GPUComputePipeline;
};
const pipeCache = new WeakMap<GPUDevice, Map<string, Pipes>>();

export function pow2AtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * The three compute pipelines for `kernel`, compiled once per device and workgroup shape:
 * tile = Gram kernel invocations (columns per tile), uw = per-world update invocations.
 */
export function pipelines(
  device: GPUDevice,
  root: TgpuRoot,
  kernel: ProblemKernel,
  tile: number,
  uw: number,
  multiTile = 64,
): Pipes {
  let byKernel = pipeCache.get(device);
  if (!byKernel) {
    byKernel = new Map();
    pipeCache.set(device, byKernel);
  }
  const key = `${kernel}/${tile}/${uw}/${multiTile}`;
  const hit = byKernel.get(key);
  if (hit) return hit;
  const code = linkKernels(kernel);
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
  let multi: GPUComputePipeline | null = null;
  const pipes: Pipes = {
    gram: pipe(code.gramStep, gramStepLayout, 'concord-gramStep', { TILE: tile }),
    reduce: pipe(code.reduce, reduceLayout, 'concord-reduce', {}),
    update: pipe(code.worldUpdate, worldUpdateLayout, 'concord-worldUpdate', { UW: uw }),
    multi: () => {
      multi ??= pipe(code.multiStep, multiStepLayout, 'concord-multiStep', { TILE: multiTile });
      return multi;
    },
  };
  byKernel.set(key, pipes);
  return pipes;
}
