/**
 * The one GPUDevice of the app, shared by the engine (createEngine({ device })) and three's
 * WebGPURenderer ({ device }), so the renderer never destroys it and compute output can be drawn
 * without a round trip. Null when WebGPU is unavailable (no navigator.gpu, no adapter) or lost.
 */

let device: GPUDevice | null = null;
let pending: Promise<GPUDevice | null> | null = null;
let unavailableReason: string | null = null;

/** The shared device once initSharedDevice() has resolved with one (else null). */
export function getSharedDevice(): GPUDevice | null {
  return device;
}

/** Why WebGPU is unavailable, when it is. */
export function webgpuUnavailableReason(): string | null {
  return unavailableReason;
}

/**
 * Requests an adapter and a device once; later calls return the same promise. The device is
 * dropped (getSharedDevice() → null, initSharedDevice() → null) when it is lost, so that later
 * views fall back to the CPU and WebGL2.
 */
export function initSharedDevice(): Promise<GPUDevice | null> {
  if (pending) return pending;
  pending = (async () => {
    const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
    if (!gpu) {
      unavailableReason = 'navigator.gpu is missing';
      return null;
    }
    try {
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) {
        unavailableReason = 'no WebGPU adapter';
        return null;
      }
      const dev = await adapter.requestDevice({
        // The adapter's own maxima for what batched compute needs (defaults are lower).
        requiredLimits: {
          maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
          maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
          maxBufferSize: adapter.limits.maxBufferSize,
        },
      });
      device = dev;
      dev.lost.then((info) => {
        if (device !== dev) return;
        // A lost device stays gone for this page: later requests get null (CPU and WebGL2).
        device = null;
        unavailableReason = `GPU device lost: ${info.message || info.reason}`;
        pending = Promise.resolve(null);
      });
      return dev;
    } catch (e) {
      unavailableReason = e instanceof Error ? e.message : String(e);
      return null;
    }
  })();
  return pending;
}
