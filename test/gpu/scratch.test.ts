import './webgpuNode';
import { it } from 'vitest';
import { gpuContext } from './webgpuNode';
import { GpuWorlds } from '../../src/gpu/worlds';
import { methodUpload } from '../../src/gpu/methodUpload';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
it('timing', async () => {
  const ctx = await gpuContext();
  for (const [K, W] of [[2, 1000], [2, 1000], [32, 300], [8, 4096]]) {
    const problem = createQuadraticGroups({ K, d: 3, seed: 3 });
    let t = performance.now();
    const w = new GpuWorlds(ctx, { problem, W, thetas: new Float32Array(W * 3).fill(0.5), flow: 0, eta: 0.1, epsSwitch: 0.01, method: methodUpload({ id: 'pcgrad' }, K) });
    await ctx.device.queue.onSubmittedWorkDone();
    const t1 = performance.now();
    w.updateOnly(); await w.readWeights();
    const t2 = performance.now();
    w.measureGram(); await w.readPartials();
    const t3 = performance.now();
    w.advance(10); await ctx.device.queue.onSubmittedWorkDone();
    const t4 = performance.now();
    console.log(K, W, (t1 - t).toFixed(0), (t2 - t1).toFixed(0), (t3 - t2).toFixed(0), ((t4 - t3) / 10).toFixed(0));
  }
});
