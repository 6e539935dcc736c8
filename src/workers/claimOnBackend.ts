/**
 * A claim measured on the backend asked for, where the lab runs it (a lab worker, or in-process
 * where no worker can be spawned). A claim without engine rollouts (Claim.usesBackend unset) is
 * measured by the float64 core whatever the backend, and its result says so (measuredOn.note).
 * On the GPU every engine of the measurement shares one device
 * of this thread (requested once, and again after a loss; a dedicated worker reaches WebGPU
 * through its own navigator.gpu). With no adapter or device, or when the device is lost during
 * the measurement, the claim is measured again on the CPU from the start and the result says so
 * (measuredOn.notice); a cancelled measurement, and any other failure, is raised as it was.
 */
import { requestGpuDevice } from '../gpu/device';
import type { Claim, ClaimContext, ClaimResult } from '../lab/claims/types';
import { deviceLost, lostNotice } from './deviceFallback';

export interface ClaimGpu {
  device: GPUDevice;
  adapter: string;
}

/** Gets this thread's device for claims; rejects when there is no adapter or device. */
export type ClaimGpuSource = () => Promise<ClaimGpu>;

let shared: Promise<ClaimGpu> | null = null;

/** This thread's shared device for claims (a new one once the last was lost). */
export const threadGpu: ClaimGpuSource = () => {
  if (!shared) {
    const p = requestGpuDevice().then(({ device, adapterInfo }) => {
      device.lost.then(() => {
        if (shared === p) shared = null;
      });
      return { device, adapter: adapterInfo };
    });
    p.catch(() => {
      if (shared === p) shared = null;
    });
    shared = p;
  }
  return shared;
};

/** Runs `claim` with `ctx` on `backend` (module comment); the result records the engine used. */
export async function measureClaimOn(
  claim: Claim,
  ctx: ClaimContext,
  backend: 'cpu' | 'gpu',
  gpu: ClaimGpuSource = threadGpu,
): Promise<ClaimResult> {
  const onCpu = async (why?: { notice: string } | { note: string }): Promise<ClaimResult> => ({
    ...(await claim.run({ ...ctx, backend: 'cpu' })),
    measuredOn: { backend: 'cpu', ...why },
  });
  if (backend === 'cpu') return onCpu();
  if (!claim.usesBackend) {
    return onCpu({ note: 'this claim runs no engine rollouts; the float64 core measures it' });
  }
  let got: ClaimGpu;
  try {
    got = await gpu();
  } catch (e) {
    return onCpu({
      notice: `No WebGPU device where the claim runs (${(e as Error).message}); it was measured on the CPU (float64) instead.`,
    });
  }
  try {
    const r = await claim.run({ ...ctx, backend: 'gpu', device: got.device });
    return { ...r, measuredOn: { backend: 'gpu', adapter: got.adapter } };
  } catch (e) {
    if (ctx.signal?.aborted || !(await deviceLost(got.device))) throw e;
  }
  ctx.progress?.(0, 'GPU device lost: measuring on the CPU');
  return onCpu({ notice: lostNotice(`measurement of ${claim.id}`) });
}
