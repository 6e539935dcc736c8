/**
 * Read-backs and a lost device (src/gpu/readback.ts): a read in flight when the device is
 * destroyed, and any read after, rejects with ReadbackCancelledError — never WebGPU's raw
 * "Buffer was unmapped before mapping was resolved". A healthy read returns the bytes, NaN and
 * ±∞ included.
 */

import { describe, expect, it } from 'vitest';
import { isReadbackCancelled, readBuffer } from '../../src/gpu/readback';
import { gpuContext } from './webgpuNode';

function filled(device: GPUDevice, values: Float32Array<ArrayBuffer>): GPUBuffer {
  const b = device.createBuffer({
    size: values.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(b, 0, values);
  return b;
}

describe('readBuffer', () => {
  it('returns the bytes of a range, non-finite values included', async () => {
    const { device } = await gpuContext();
    const v = Float32Array.of(1.5, Number.NaN, Number.POSITIVE_INFINITY, -2, 7);
    const b = filled(device, v);
    const got = new Float32Array(await readBuffer(device, b, 4, 12));
    expect(Array.from(got)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, -2]);
    b.destroy();
  });

  it('a read in flight when the device is destroyed, and every later read, is cancelled cleanly', async () => {
    const ctx = await gpuContext(true);
    const { device } = ctx;
    const b = filled(device, new Float32Array(1 << 16).fill(3));
    const inFlight = readBuffer(device, b, 0, 1 << 18);
    device.destroy();
    const e1 = await inFlight.then(
      () => null,
      (e: unknown) => e,
    );
    // Either the mapping won the race (bytes back) or it was cancelled; never a raw error.
    if (e1 !== null) {
      expect(isReadbackCancelled(e1)).toBe(true);
      expect((e1 as Error).message).not.toMatch(/unmapped before mapping/);
    }
    await expect.poll(() => ctx.lost, { timeout: 5000 }).toBe(true);
    const e2 = await readBuffer(device, b, 0, 16).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isReadbackCancelled(e2)).toBe(true);
    expect((e2 as Error).message).toMatch(/^GPU read-back cancelled: device lost/);
  });
});
