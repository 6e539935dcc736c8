/**
 * When the device has done a frame (WebGPU): after each frame r3f draws, the draw-log entries of
 * that frame get the time the device's queue had finished the work submitted so far
 * (queue.onSubmittedWorkDone), so a benchmark can tell the frame drawn (the draw call) from the
 * frame done (its work completed: what a person can see next). On a slow or emulated GPU the
 * two differ by the device's time per frame. WebGL2 does not report it; its entries keep two
 * fields. A frame whose work is not done within MAX_WAIT_MS (a lost device) is stamped NaN.
 */
import { addAfterEffect } from '@react-three/fiber';
import type { DrawEntry } from './live';

/** Longest wait for a frame's work; an entry still waiting then (a lost device) gets NaN. */
const MAX_WAIT_MS = 2000;

/** The renderer's GPUDevice when it draws with WebGPU, else null. */
export function rendererDevice(gl: unknown): GPUDevice | null {
  const backend = (gl as { backend?: { isWebGPUBackend?: boolean; device?: GPUDevice } }).backend;
  return backend?.isWebGPUBackend === true && backend.device ? backend.device : null;
}

/** The entries at the end of `log` not yet stamped (drawn since the last stamp). */
function unstamped(log: DrawEntry[]): DrawEntry[] {
  let k = log.length;
  while (k > 0 && log[k - 1].length === 2) k--;
  return log.slice(k);
}

/** Stamps the draw log's entries with their frame's done time; returns the function that stops. */
export function stampFrameDone(device: GPUDevice | null, log: DrawEntry[]): () => void {
  if (!device) return () => {};
  let stopped = false;
  let waiting = new Set<DrawEntry>();
  const off = addAfterEffect(() => {
    const fresh = unstamped(log).filter((e) => !waiting.has(e));
    if (stopped || fresh.length === 0) return;
    for (const e of fresh) waiting.add(e);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), MAX_WAIT_MS));
    const done = device.queue.onSubmittedWorkDone().then(() => true);
    Promise.race([done, timeout])
      .then((ok) => {
        const at = performance.now();
        if (!stopped) for (const e of fresh) if (e.length === 2) e.push(ok ? at : Number.NaN);
      })
      .catch(() => {})
      .finally(() => {
        for (const e of fresh) waiting.delete(e);
      });
  });
  return () => {
    stopped = true;
    waiting = new Set();
    off();
  };
}
