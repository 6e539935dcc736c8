/**
 * The backend of a lab run. 'auto' takes the GPU when the app's shared WebGPU device exists
 * (src/ui/gpu.ts) and the CPU otherwise; 'gpu' without a device is refused with a message rather
 * than silently run elsewhere. Lab engines are created on the shared device and disposed after
 * each run; the main view's engine is never touched.
 */
import type { Backend } from '../../engine/types';
import { initSharedDevice, webgpuUnavailableReason } from '../gpu';

export type LabBackendPref = 'auto' | Backend;

export interface ResolvedBackend {
  backend: Backend;
  device?: GPUDevice;
}

export async function resolveBackend(pref: LabBackendPref): Promise<ResolvedBackend> {
  if (pref === 'cpu') return { backend: 'cpu' };
  const device = await initSharedDevice();
  if (device) return { backend: 'gpu', device };
  if (pref === 'gpu') {
    throw new Error(`GPU backend unavailable: ${webgpuUnavailableReason() ?? 'no WebGPU device'}`);
  }
  return { backend: 'cpu' };
}
