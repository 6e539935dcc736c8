/**
 * The batch views on the GPU engine (Dawn with SwiftShader in Node): the α sweep and a basin map
 * agree with the CPU engine to float32 accuracy, and divergent worlds are reported the same way.
 * Float32 accuracy here: relative 1e-3 after 30 steps (unit roundoff 6e-8, amplified by the steps
 * and by the projection's division by ‖g_j‖² on nearly parallel gradients).
 */
import '../gpu/webgpuNode';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProblem } from '../../src/core/problems/index';
import type { GpuContext } from '../../src/gpu/device';
import { alphaSweep } from '../../src/lab/alphaSweep';
import { basinMap } from '../../src/lab/basinMap';
import { gpuContext } from '../gpu/webgpuNode';
import { relErr } from './coreLoop';

let ctx: GpuContext;
beforeAll(async () => {
  ctx = await gpuContext();
});

describe('batch views on the GPU', () => {
  it('α sweep: GPU matches CPU within float32 accuracy', async () => {
    const problem = createProblem('quadratic-groups', { seed: 3 });
    const o = {
      problem,
      method: { id: 'cosine' as const },
      W: 8,
      eta: 0.1,
      steps: 30,
      checkEvery: 10,
    };
    const cpu = await alphaSweep({ ...o, backend: 'cpu' });
    const gpu = await alphaSweep({ ...o, backend: 'gpu', device: ctx.device });
    expect(gpu.backend).toBe('gpu');
    expect(relErr(gpu.thetas, cpu.thetas)).toBeLessThan(1e-3);
    expect(relErr(gpu.finalF, cpu.finalF)).toBeLessThan(1e-3);
    expect(gpu.diverged).toEqual([]);
  });

  it('basin map: GPU matches CPU within float32 accuracy', async () => {
    const problem = createProblem('convex-pair');
    const o = {
      problem,
      method: { id: 'pcgrad' as const, order: 'fixed' as const },
      n: 4,
      eta: 0.05,
      steps: 30,
    };
    const cpu = await basinMap({ ...o, backend: 'cpu' });
    const gpu = await basinMap({ ...o, backend: 'gpu', device: ctx.device });
    expect(relErr(gpu.ends, cpu.ends)).toBeLessThan(1e-4);
  });

  it('reports the same divergent worlds as the CPU', async () => {
    const problem = createProblem('convex-pair');
    const o = {
      problem,
      method: { id: 'sum' as const },
      n: 3,
      eta: 40,
      steps: 200,
      checkEvery: 50,
    };
    const cpu = await basinMap({ ...o, backend: 'cpu' });
    const gpu = await basinMap({ ...o, backend: 'gpu', device: ctx.device });
    expect(cpu.diverged.length).toBeGreaterThan(0);
    expect(gpu.diverged).toEqual(cpu.diverged);
    expect(gpu.ends.every(Number.isFinite)).toBe(true);
  });
});
