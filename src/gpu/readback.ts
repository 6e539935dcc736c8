/**
 * Reads a range of a GPU buffer back to the CPU through a staging buffer (MAP_READ). Returned
 * as raw bytes, so float data is viewed as a plain Float32Array: NaN and ±Inf come through as
 * values (TypeGPU's typed vector reads throw on them).
 *
 * When the device is lost while the mapping is pending (or was lost before), the read rejects
 * with ReadbackCancelledError instead of WebGPU's raw "Buffer was unmapped before mapping was
 * resolved": callers treat it as a cancelled read, not as a failure to show.
 */
export class ReadbackCancelledError extends Error {
  constructor(reason: string) {
    super(`GPU read-back cancelled: ${reason}`);
    this.name = 'ReadbackCancelledError';
  }
}

/** True for a read-back that was cancelled by a lost device. */
export function isReadbackCancelled(e: unknown): e is ReadbackCancelledError {
  return e instanceof Error && e.name === 'ReadbackCancelledError';
}

const lostState = new WeakMap<
  GPUDevice,
  { lost: boolean; reason: string; signal: Promise<never> }
>();

/** Per device: whether it is lost, and a promise that rejects (cancelled) when it is. */
function watch(device: GPUDevice) {
  let w = lostState.get(device);
  if (!w) {
    const entry = { lost: false, reason: '', signal: null as unknown as Promise<never> };
    entry.signal = device.lost.then((info) => {
      entry.lost = true;
      entry.reason = `device lost (${info.reason})`;
      throw new ReadbackCancelledError(entry.reason);
    });
    // Nobody may be waiting on it when the device goes; that is not an unhandled rejection.
    entry.signal.catch(() => {});
    lostState.set(device, entry);
    w = entry;
  }
  return w;
}

export async function readBuffer(
  device: GPUDevice,
  src: GPUBuffer,
  offset: number,
  size: number,
): Promise<ArrayBuffer> {
  const w = watch(device);
  if (w.lost) throw new ReadbackCancelledError(w.reason);
  const staging = device.createBuffer({
    size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(src, offset, staging, 0, size);
    device.queue.submit([enc.finish()]);
    const mapping = staging.mapAsync(GPUMapMode.READ);
    try {
      await Promise.race([mapping, w.signal]);
    } catch (e) {
      mapping.catch(() => {});
      // The mapping fails when the device goes (unmapped, destroyed, aborted): a cancelled read.
      if (w.lost || (e instanceof Error && /unmapped|destroyed|lost|abort/i.test(e.message))) {
        throw new ReadbackCancelledError(w.reason || 'device lost');
      }
      throw e;
    }
    return staging.getMappedRange().slice(0);
  } finally {
    staging.destroy();
  }
}
