/**
 * WebGPU device setup for Concord's kernels: request an adapter and a device (raising
 * maxStorageBufferBindingSize and maxBufferSize to the adapter's limits), or take a device the
 * caller already has (the app shares one with three's renderer), and wrap it in a TypeGPU root
 * with tgpu.initFromDevice. device.lost is forwarded to the registered callbacks.
 */
import tgpu, { type TgpuRoot } from 'typegpu';

/** Raised when no WebGPU adapter or device can be obtained. */
export class GpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuUnavailableError';
  }
}

export interface GpuContext {
  device: GPUDevice;
  root: TgpuRoot;
  /** Adapter description (vendor, architecture, device, description) where known. */
  adapterInfo: string;
  /** Registers a callback for device loss (called once, with the reason). */
  onLost(cb: (reason: string) => void): void;
  /** True once the device was lost. */
  readonly lost: boolean;
}

/** The navigator.gpu of the browser, or the instance a Node host put on globalThis.__concordGpu. */
export function gpuEntry(): GPU | null {
  const g = globalThis as { __concordGpu?: GPU; navigator?: { gpu?: GPU } };
  return g.__concordGpu ?? g.navigator?.gpu ?? null;
}

function describe(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.device, info.description].filter(
    (s) => typeof s === 'string' && s.length > 0,
  );
  return parts.length > 0 ? parts.join(' / ') : 'unknown adapter';
}

/**
 * Requests an adapter (high-performance; `featureLevel` 'compatibility' admits OpenGL ES
 * adapters, e.g. Dawn in Node where only EGL reaches the GPU) and a device with raised limits.
 */
export async function requestGpuDevice(
  featureLevel: 'core' | 'compatibility' = 'core',
): Promise<{ device: GPUDevice; adapterInfo: string }> {
  const gpu = gpuEntry();
  if (!gpu) throw new GpuUnavailableError('WebGPU is not available (no navigator.gpu)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance', featureLevel });
  if (!adapter) throw new GpuUnavailableError('WebGPU adapter request returned null');
  const lim = adapter.limits;
  const required: Record<string, number> = {
    maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
    maxBufferSize: lim.maxBufferSize,
    maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
    maxStorageBuffersPerShaderStage: lim.maxStorageBuffersPerShaderStage,
  };
  // Compatibility-mode adapters start these at 0; TypeGPU layouts are visible to every stage.
  for (const key of ['maxStorageBuffersInVertexStage', 'maxStorageBuffersInFragmentStage']) {
    const v = (lim as unknown as Record<string, number | undefined>)[key];
    if (typeof v === 'number') required[key] = v;
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits: required });
  } catch (e) {
    throw new GpuUnavailableError(`WebGPU device request failed: ${(e as Error).message}`);
  }
  return { device, adapterInfo: describe(adapter.info) };
}

/** A GpuContext over `device` (given) or over a freshly requested device. */
export async function createGpuContext(
  device?: GPUDevice,
  featureLevel: 'core' | 'compatibility' = 'core',
): Promise<GpuContext> {
  let info = 'device supplied by the caller';
  if (!device) {
    const r = await requestGpuDevice(featureLevel);
    device = r.device;
    info = r.adapterInfo;
  } else if (device.adapterInfo) {
    info = describe(device.adapterInfo);
  }
  const root = tgpu.initFromDevice({ device });
  const callbacks: ((reason: string) => void)[] = [];
  let lost = false;
  let reason = '';
  device.lost.then((l) => {
    lost = true;
    reason = `GPU device lost (${l.reason}): ${l.message}`;
    for (const cb of callbacks) cb(reason);
  });
  return {
    device,
    root,
    adapterInfo: info,
    onLost(cb) {
      callbacks.push(cb);
      if (lost) cb(reason);
    },
    get lost() {
      return lost;
    },
  };
}
