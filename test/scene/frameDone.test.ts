import { flushGlobalEffects } from '@react-three/fiber';
import { describe, expect, it, vi } from 'vitest';
import { rendererDevice, stampFrameDone } from '../../src/scene/frameDone';
import type { DrawEntry } from '../../src/scene/live';

/** A device whose queue work completes only when the test says so. */
function fakeDevice() {
  const waiting: (() => void)[] = [];
  const device = {
    queue: { onSubmittedWorkDone: () => new Promise<void>((r) => waiting.push(r)) },
  } as unknown as GPUDevice;
  return {
    device,
    waiting,
    /** Completes the oldest piece of work asked for, then lets the promises settle. */
    async finishOne() {
      waiting.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

/** What r3f does after a frame is drawn: the global after-effects. */
const frameDrawn = () => flushGlobalEffects('after', performance.now());

describe('frame done on the device', () => {
  it('stamps each frame’s entries with the time its work completed, not the next frame’s', async () => {
    const gpu = fakeDevice();
    const log: DrawEntry[] = [];
    const stop = stampFrameDone(gpu.device, log);
    log.push([1, performance.now()]);
    frameDrawn();
    log.push([2, performance.now()], [3, performance.now()]);
    frameDrawn();
    // A frame that drew nothing new asks for nothing.
    frameDrawn();
    expect(gpu.waiting.length).toBe(2);
    expect(log.map((e) => e.length)).toEqual([2, 2, 2]);
    await new Promise((r) => setTimeout(r, 5));
    await gpu.finishOne();
    expect(log.map((e) => e.length)).toEqual([3, 2, 2]);
    await new Promise((r) => setTimeout(r, 5));
    await gpu.finishOne();
    expect(log.map((e) => e.length)).toEqual([3, 3, 3]);
    const [a, b, c] = log;
    expect(a[2]).toBeGreaterThanOrEqual(a[1]);
    expect(b[2]).toBeGreaterThan(a[2] as number);
    expect(c[2]).toBe(b[2]);
    stop();
  });

  it('stamps NaN where the device never answers (lost), and nothing once stopped', async () => {
    vi.useFakeTimers();
    try {
      const gpu = fakeDevice();
      const log: DrawEntry[] = [[1, 0]];
      const stop = stampFrameDone(gpu.device, log);
      frameDrawn();
      await vi.advanceTimersByTimeAsync(2500);
      expect(log[0].length).toBe(3);
      expect(Number.isNaN(log[0][2])).toBe(true);
      stop();
      log.push([2, 1]);
      frameDrawn();
      expect(gpu.waiting.length).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('finds the device only on a WebGPU backend; without one nothing is stamped', () => {
    const device = {} as GPUDevice;
    expect(rendererDevice({ backend: { isWebGPUBackend: true, device } })).toBe(device);
    expect(rendererDevice({ backend: { isWebGLBackend: true } })).toBeNull();
    expect(rendererDevice({})).toBeNull();
    const log: DrawEntry[] = [[1, 0]];
    const stop = stampFrameDone(null, log);
    frameDrawn();
    expect(log[0].length).toBe(2);
    stop();
  });
});
