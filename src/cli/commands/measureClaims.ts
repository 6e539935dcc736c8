/**
 * The measurement shared by `lab claims` and `lab report`: reads --seed, --seeds, --budget,
 * --only and --backend (after the caller has read its own flags), rejects unknown flags, and
 * runs every chosen claim's steelman search over the seeds.
 */
import { InputError } from '../../core/errors';
import { CLAIMS } from '../../lab/claims/index';
import type { ClaimResult } from '../../lab/claims/types';
import { DEFAULT_SEEDS } from '../../lab/seedSpread';
import type { Flags } from '../args';
import { checkInterrupt, currentIo } from '../io';
import { initNodeWebGpu } from '../nodeGpu';
import { progressBar } from '../progress';
import { sharedFlag } from '../sharedFlags';

export interface MeasuredClaims {
  results: { claim: (typeof CLAIMS)[number]; result: ClaimResult }[];
  seed: number;
  seeds: number;
  /** --budget, or undefined for the default (one full coordinate pass per claim). */
  budget: number | undefined;
  backend: 'cpu' | 'gpu';
  /** Wall time of the measurement. */
  seconds: number;
}

export async function measureClaims(
  flags: Flags,
  progress: (m: string) => void,
  definition?: string,
): Promise<MeasuredClaims> {
  const seed = sharedFlag(flags, 'seed', 1);
  const seeds = flags.int('seeds', DEFAULT_SEEDS, [1, 1000]);
  const budget = flags.has('budget') ? flags.int('budget', 1, [1, 10000]) : undefined;
  const only = flags.string('only');
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  const chosen = CLAIMS.filter((c) => only === undefined || c.id === only);
  if (chosen.length === 0) {
    throw new InputError('--only', `no claim "${only}" (${CLAIMS.map((c) => c.id).join(', ')})`);
  }
  // On the GPU every engine of the run shares one device (its pipelines compile once).
  let device: GPUDevice | undefined;
  if (backend === 'gpu') {
    await initNodeWebGpu();
    const { requestGpuDevice } = await import('../../gpu/device');
    device = (await requestGpuDevice()).device;
  }
  const results: MeasuredClaims['results'] = [];
  const t0 = performance.now();
  const signal = currentIo().signal;
  const bar = progressBar('claims measured', chosen.length);
  try {
    for (const [i, claim] of chosen.entries()) {
      bar.update(i);
      progress(`measuring ${claim.id} …`);
      const result = await claim.run({
        ...(signal ? { signal } : {}),
        seed,
        seeds,
        ...(budget === undefined ? {} : { budget }),
        backend,
        ...(device ? { device } : {}),
        ...(definition ? { definition } : {}),
      });
      checkInterrupt();
      results.push({ claim, result });
    }
  } finally {
    device?.destroy();
  }
  bar.update(chosen.length);
  bar.end();
  return { results, seed, seeds, budget, backend, seconds: (performance.now() - t0) / 1000 };
}
