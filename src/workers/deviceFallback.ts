/**
 * A GPU lab run that survives a lost device: when the GPU run fails and its device turns out to
 * be lost, the same experiment runs on the CPU (in the worker pool) without user action, and the
 * caller gets one plain notice to show instead of the raw WebGPU error ("Buffer was unmapped
 * before mapping was resolved" and the like). Any other failure, and a cancelled run, is raised
 * as it was. (A read-back cut short by the lost device rejects with an AbortError too, so a
 * cancel is known by the run's own signal, never by the error's name.)
 */

/** Whether `device` is lost: its `lost` promise settles within `waitMs` (it settles promptly). */
export async function deviceLost(device: GPUDevice, waitMs = 300): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), waitMs);
  });
  try {
    return await Promise.race([device.lost.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Fallback<T> {
  value: T;
  /** Set when the CPU took over after a lost device. */
  notice: string | null;
}

/**
 * Runs `gpu` when a device is given (else `cpu` at once); on a lost device runs `cpu` and
 * returns `notice` with its value.
 */
export async function gpuElseCpu<T>(
  device: GPUDevice | undefined,
  gpu: (device: GPUDevice) => Promise<T>,
  cpu: () => Promise<T>,
  notice: string,
  signal?: AbortSignal,
): Promise<Fallback<T>> {
  if (!device) return { value: await cpu(), notice: null };
  try {
    return { value: await gpu(device), notice: null };
  } catch (e) {
    if (signal?.aborted || !(await deviceLost(device))) throw e;
  }
  return { value: await cpu(), notice };
}

/** The notice of a lab run that the CPU took over (what: "α sweep", "basin map", …). */
export function lostNotice(what: string, resumed = 'from the start'): string {
  return `The GPU device was lost during the ${what}; it continued on the CPU ${resumed}.`;
}
