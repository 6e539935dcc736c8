/**
 * Browser side of the Chromium smoke test: runs the Gram kernel for a quadratic-groups problem
 * on navigator.gpu and publishes the partial sums (or the error) on window.__gpuSmoke.
 */
import { createQuadraticGroups } from '../../../src/core/problems/quadraticGroups';
import { createGpuContext } from '../../../src/gpu/device';
import { methodUpload } from '../../../src/gpu/methodUpload';
import { GpuWorlds } from '../../../src/gpu/worlds';

export interface SmokeResult {
  ok: boolean;
  error?: string;
  adapter?: string;
  partials?: number[];
  P?: number;
  errors?: string[];
}

declare global {
  interface Window {
    __gpuSmoke?: SmokeResult;
  }
}

async function run(): Promise<SmokeResult> {
  const params = new URLSearchParams(location.search);
  const seed = Number(params.get('seed'));
  const K = Number(params.get('K'));
  const d = Number(params.get('d'));
  const W = Number(params.get('W'));
  const thetas = Float32Array.from(JSON.parse(params.get('thetas') ?? '[]') as number[]);
  if (!('gpu' in navigator)) return { ok: false, error: 'navigator.gpu is missing' };
  const ctx = await createGpuContext();
  const problem = createQuadraticGroups({ K, d, seed });
  ctx.device.pushErrorScope('validation');
  const worlds = new GpuWorlds(ctx, {
    problem,
    W,
    thetas,
    flow: 0,
    eta: 0.1,
    epsSwitch: 0.01,
    method: methodUpload({ id: 'sum' }, K),
  });
  worlds.poison('partials', Number.NaN);
  worlds.measureGram();
  const partials = Array.from(await worlds.readPartials());
  const err = await ctx.device.popErrorScope();
  return {
    ok: true,
    adapter: ctx.adapterInfo,
    partials,
    P: worlds.P,
    errors: err ? [err.message] : [],
  };
}

run().then(
  (r) => {
    window.__gpuSmoke = r;
  },
  (e: unknown) => {
    window.__gpuSmoke = { ok: false, error: e instanceof Error ? e.message : String(e) };
  },
);
