/**
 * The big-d step of `npm run bench`: one world (W = 1) of quadratic groups at K = 16, d = 2^20 on
 * the per-step path, with the tiled Gram kernel (gramStep.wgsl, before) and the large-d kernel
 * (bigStep.wgsl, after), beside a GPU buffer copy of the same bytes measured in the same run.
 * A step must move at least M = (2·W·d + 2·K·d)·4 bytes (read θ, q and c, write θ'); its bandwidth
 * is M / t_step and the copy's 2·M / t_copy (read + write of an M-byte buffer), so
 * fraction = (M / t_step) / (2M / t_copy). Also the bytes each kernel requests per step before
 * any cache (the tiled kernel reads q and c three times: step, Gram, losses).
 */
import { createQuadraticGroups } from '../core/problems/quadraticGroups';
import { createRng } from '../core/rng';
import type { GpuContext } from '../gpu/device';
import { methodUpload } from '../gpu/methodUpload';
import { GpuWorlds } from '../gpu/worlds';

export interface BigStepRow {
  kernel: 'tile' | 'big';
  workgroups: number;
  dispatchesPerStep: number;
  minBytes: number;
  requestedBytes: number;
  stepS: number;
  copyS: number;
  steps: number;
}

async function timeCopy(device: GPUDevice, size: number, n: number): Promise<number> {
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const a = device.createBuffer({ size, usage });
  const b = device.createBuffer({ size, usage });
  const run = async (m: number) => {
    const enc = device.createCommandEncoder();
    for (let k = 0; k < m; k++) enc.copyBufferToBuffer(a, 0, b, 0, size);
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / 1000;
  };
  await run(1);
  const t = (await run(n)) / n;
  a.destroy();
  b.destroy();
  return t;
}

/** Before/after rows of the W = 1, K = 16, d = 2^20 step (`steps` timed steps each). */
export async function bigStepBench(
  ctx: GpuContext,
  steps: number,
  log: (s: string) => void,
): Promise<BigStepRow[]> {
  const K = 16;
  const d = 1 << 20;
  const problem = createQuadraticGroups({ K, d, seed: 7 });
  const rng = createRng(3);
  const thetas = Float32Array.from({ length: d }, () => rng.uniform(-2, 2));
  const rows: BigStepRow[] = [];
  for (const gramKernel of ['tile', 'auto'] as const) {
    const worlds = new GpuWorlds(ctx, {
      problem,
      W: 1,
      thetas,
      flow: 0,
      eta: 0.01,
      epsSwitch: 1e-2,
      method: methodUpload({ id: 'pcgrad', seed: 1 }, K),
      gramKernel,
    });
    worlds.advance(1);
    await ctx.device.queue.onSubmittedWorkDone();
    const d0 = worlds.counters.dispatches;
    const t0 = performance.now();
    worlds.advance(steps);
    await ctx.device.queue.onSubmittedWorkDone();
    const stepS = (performance.now() - t0) / 1000 / steps;
    const dispatchesPerStep = (worlds.counters.dispatches - d0) / steps;
    const minBytes = worlds.minBytesPerStep();
    const probBytes = 2 * K * d * 4;
    const partialBytes = worlds.nChunks * worlds.P * 4;
    // θ read and written, q and c (three times in the tiled kernel), partials written and read,
    // the reduced row read by the update.
    const requestedBytes =
      2 * d * 4 + (worlds.gramKernel === 'tile' ? 3 : 1) * probBytes + 2 * partialBytes;
    const row: BigStepRow = {
      kernel: worlds.gramKernel,
      workgroups: worlds.nChunks,
      dispatchesPerStep,
      minBytes,
      requestedBytes,
      stepS,
      copyS: 0,
      steps,
    };
    worlds.destroy();
    row.copyS = await timeCopy(ctx.device, 4 * Math.ceil(minBytes / 4), Math.max(2, steps));
    rows.push(row);
    log(`big-d step ${row.kernel}: ${JSON.stringify(row)}`);
  }
  return rows;
}

/** The markdown of these rows (appended to the batched section). */
export function bigStepReport(rows: BigStepRow[], emulated: boolean): string {
  const L: string[] = [];
  L.push(
    `Big-d step, W = 1, K = 16, d = 2^20, quadratic groups, PCGrad, per-step path (src/cli/benchBigStep.ts)${emulated ? ' — GPU EMULATED (SwiftShader on a 2-core CPU): the times show the code path, not a GPU' : ''}. Fraction = (M / t_step) / (2M / t_copy), the copy being copyBufferToBuffer of an M-byte buffer in the same run; requested bytes count every load and store the kernels issue before caches.`,
  );
  L.push('');
  L.push(
    '| Gram kernel | workgroups / step | dispatches / step | bytes a step must move (M) | bytes requested | step (ms) | copy of M (ms) | step GB/s | fraction of copy bandwidth |',
  );
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const mb = (x: number) => `${(x / 1e6).toFixed(1)} MB`;
  for (const r of rows) {
    const name =
      r.kernel === 'tile' ? 'gramStep.wgsl, tiles of 64 (before)' : 'bigStep.wgsl (after)';
    L.push(
      `| ${name} | ${r.workgroups} | ${r.dispatchesPerStep.toFixed(0)} | ${mb(r.minBytes)} | ${mb(r.requestedBytes)} | ${(r.stepS * 1000).toFixed(1)} | ${(r.copyS * 1000).toFixed(1)} | ${(r.minBytes / r.stepS / 1e9).toFixed(3)} | ${((100 * r.copyS) / (2 * r.stepS)).toFixed(2)}% |`,
    );
  }
  L.push('');
  if (emulated) {
    L.push(
      'On SwiftShader the kernels run as CPU code, and on this shared 2-core machine the step times of either kernel moved by up to 4× between runs; only the byte counts and the shape of the work carry over to a GPU.',
    );
    L.push('');
  }
  return L.join('\n');
}
