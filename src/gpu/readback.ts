/**
 * Reads ranges of GPU buffers back to the CPU through one staging buffer (MAP_READ). Returned
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
  return (await readRanges(device, [{ src, offset, size }]))[0];
}

export interface ReadRange {
  src: GPUBuffer;
  offset: number;
  size: number;
}

/**
 * Several buffer ranges in one read-back: one staging buffer, one copy per range (each placed at
 * a multiple of 8 bytes), one submit and one mapping; the ranges come back in order.
 */
export async function readRanges(device: GPUDevice, ranges: ReadRange[]): Promise<ArrayBuffer[]> {
  const w = watch(device);
  if (w.lost) throw new ReadbackCancelledError(w.reason);
  const at: number[] = [];
  let total = 0;
  for (const r of ranges) {
    at.push(total);
    total += Math.ceil(r.size / 8) * 8;
  }
  const staging = device.createBuffer({
    size: Math.max(total, 8),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const enc = device.createCommandEncoder();
    for (const [k, r] of ranges.entries()) {
      enc.copyBufferToBuffer(r.src, r.offset, staging, at[k], r.size);
    }
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
    const all = staging.getMappedRange();
    return ranges.map((r, k) => all.slice(at[k], at[k] + r.size));
  } finally {
    staging.destroy();
  }
}
