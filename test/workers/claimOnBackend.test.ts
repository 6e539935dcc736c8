/**
 * A claim measured on the backend asked for (src/workers/claimOnBackend.ts): on the GPU with the
 * thread's device (the result says GPU and names the adapter); with no adapter it is measured on
 * the CPU and says why; when the device is lost during the measurement (here: destroyed while
 * a GPU engine of the claim runs) it is measured again on the CPU from the start, with the
 * lost-device notice; any other failure and a cancel are raised as they were.
 */
import '../gpu/webgpuNode';
import { describe, expect, it } from 'vitest';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import { createEngine } from '../../src/engine/index';
import { requestGpuDevice } from '../../src/gpu/device';
import type { Claim, ClaimContext, ClaimResult } from '../../src/lab/claims/types';
import { type ClaimGpuSource, measureClaimOn, threadGpu } from '../../src/workers/claimOnBackend';
import { randomPoints } from '../gpu/helpers';

/** A claim whose measurement is one engine run of 20 steps on ctx.backend (and ctx.device). */
function engineClaim(during?: (device: GPUDevice) => void): Claim & { backends: string[] } {
  const backends: string[] = [];
  return {
    id: 'test-1',
    source: 'test',
    claim: 'an engine run',
    seedValue: '—',
    definitions: [{ id: 'only', label: 'only' }],
    usesBackend: true,
    backends,
    async run(ctx: ClaimContext): Promise<ClaimResult> {
      backends.push(ctx.backend ?? 'cpu');
      const problem = createQuadraticGroups({ K: 4, d: 3, seed: ctx.seed });
      const engine = await createEngine(
        ctx.backend ?? 'cpu',
        {
          problem,
          method: { id: 'sum' },
          flow: 'loss',
          eta: 0.01,
          starts: randomPoints(ctx.seed, 8 * 3),
        },
        ctx.device ? { device: ctx.device } : undefined,
      );
      try {
        await engine.advance(10);
        if (ctx.device) during?.(ctx.device);
        await engine.advance(10);
        const F = (await engine.summaries()).F;
        return {
          value: `F ${F[0]}`,
          numbers: { F0: F[0] },
          verdict: 'not measurable',
          note: '',
          definitionUsed: 'only',
        };
      } finally {
        engine.dispose();
      }
    },
  };
}

describe('measureClaimOn', () => {
  it('on the GPU: the thread device, the result says GPU with its adapter', async () => {
    const claim = engineClaim();
    const r = await measureClaimOn(claim, { seed: 5 }, 'gpu');
    expect(claim.backends).toEqual(['gpu']);
    expect(r.measuredOn?.backend).toBe('gpu');
    expect(r.measuredOn?.adapter).toBe((await threadGpu()).adapter);
    expect(r.measuredOn?.notice).toBeUndefined();
    // The float32 run agrees with the float64 one on this well-conditioned problem.
    const cpu = await measureClaimOn(engineClaim(), { seed: 5 }, 'cpu');
    expect(cpu.measuredOn).toEqual({ backend: 'cpu' });
    expect(Math.abs((r.numbers.F0 as number) - (cpu.numbers.F0 as number))).toBeLessThan(
      1e-4 * (1 + Math.abs(cpu.numbers.F0 as number)),
    );
  });

  it('a claim with no engine rollouts: the float64 core, no device asked for, and a note', async () => {
    const claim = { ...engineClaim(), usesBackend: false };
    let asked = 0;
    const r = await measureClaimOn(claim, { seed: 5 }, 'gpu', () => {
      asked++;
      return threadGpu();
    });
    expect(asked).toBe(0);
    expect(claim.backends).toEqual(['cpu']);
    expect(r.measuredOn?.backend).toBe('cpu');
    expect(r.measuredOn?.note).toMatch(/no engine rollouts/);
    expect(r.measuredOn?.notice).toBeUndefined();
  });

  it('no adapter: measured on the CPU, and the result says why', async () => {
    const claim = engineClaim();
    const none: ClaimGpuSource = () =>
      Promise.reject(new Error('WebGPU adapter request returned null'));
    const r = await measureClaimOn(claim, { seed: 5 }, 'gpu', none);
    expect(claim.backends).toEqual(['cpu']);
    expect(r.measuredOn?.backend).toBe('cpu');
    expect(r.measuredOn?.notice).toMatch(/No WebGPU device .*adapter request returned null.*CPU/);
    expect(r.numbers).toEqual((await engineClaim().run({ seed: 5, backend: 'cpu' })).numbers);
  });

  it('a device lost during the measurement: measured again on the CPU from the start', async () => {
    const { device, adapterInfo } = await requestGpuDevice();
    const claim = engineClaim((dev) => dev.destroy());
    const messages: string[] = [];
    const r = await measureClaimOn(
      claim,
      { seed: 7, progress: (_, m) => messages.push(m) },
      'gpu',
      async () => ({ device, adapter: adapterInfo }),
    );
    expect(claim.backends).toEqual(['gpu', 'cpu']);
    expect(r.measuredOn?.backend).toBe('cpu');
    expect(r.measuredOn?.notice).toMatch(/GPU device was lost during the measurement of test-1/);
    expect(messages.some((m) => /device lost/.test(m))).toBe(true);
    expect(r.numbers).toEqual((await engineClaim().run({ seed: 7, backend: 'cpu' })).numbers);
  });

  it('any other failure, and a cancel, is raised as it was', async () => {
    const failing = engineClaim(() => {
      throw new Error('not a device problem');
    });
    await expect(measureClaimOn(failing, { seed: 3 }, 'gpu')).rejects.toThrow(
      'not a device problem',
    );
    expect(failing.backends).toEqual(['gpu']);
    const ctl = new AbortController();
    const { device, adapterInfo } = await requestGpuDevice();
    const cancelled = engineClaim((dev) => {
      ctl.abort();
      dev.destroy();
    });
    await expect(
      measureClaimOn(cancelled, { seed: 3, signal: ctl.signal }, 'gpu', async () => ({
        device,
        adapter: adapterInfo,
      })),
    ).rejects.toThrow();
    expect(cancelled.backends).toEqual(['gpu']);
  });
});
