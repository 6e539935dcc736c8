/**
 * WebGPU in Node for the tests: Dawn from npm `webgpu` (SwiftShader through VK_ICD_FILENAMES,
 * set in vitest.config.ts). Imported for its side effect before anything that loads TypeGPU.
 */
import { create, globals } from 'webgpu';
import { createGpuContext, type GpuContext } from '../../src/gpu/device';

const g = globalThis as { __concordGpu?: GPU };
if (!g.__concordGpu) {
  Object.assign(globalThis, globals);
  g.__concordGpu = create([]);
}

let shared: Promise<GpuContext> | null = null;

/** One device per test file (a fresh one with `fresh`, e.g. to destroy it). */
export function gpuContext(fresh = false): Promise<GpuContext> {
  if (fresh) return createGpuContext();
  shared ??= createGpuContext();
  return shared;
}

/** Runs `fn` inside validation and internal error scopes and returns the errors seen. */
export async function withErrorScopes<T>(
  device: GPUDevice,
  fn: () => Promise<T> | T,
): Promise<{ value: T; errors: string[] }> {
  device.pushErrorScope('validation');
  device.pushErrorScope('internal');
  device.pushErrorScope('out-of-memory');
  const value = await fn();
  const errors: string[] = [];
  for (let k = 0; k < 3; k++) {
    const e = await device.popErrorScope();
    if (e) errors.push(e.message);
  }
  return { value, errors };
}
