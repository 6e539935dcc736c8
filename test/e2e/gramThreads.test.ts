/**
 * The page's CPU engine Gram on every core, in headless Chromium on the dev server: the page is
 * cross-origin isolated, a large-d CPU run (K = 16, d = 2^18, window.__concord.largeCpuRun) takes
 * the WebAssembly SIMD Gram on more than one thread (nested workers of the engine worker), gives
 * the same bits as a run on one thread, and matches the float64 core: G, B, I and F at the final θ
 * within 1e-12 (of √(G_ii G_jj) for G), θ within 1e-12·max|θ| of the in-process CPU engine.
 * The same page served without the isolation headers runs the Gram on one thread and says so.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { balance } from '../../src/core/metrics/balance';
import { createProblem } from '../../src/core/problems/index';
import { createCpuEngine } from '../../src/engine/cpuEngine';
import type { LargeCpuRunResult } from '../../src/workers/largeCpuRun';
import { BASE_FLAGS, type Harness, openApp, pageErrors, startHarness } from './harness';

const K = 16;
const d = 2 ** 18;
const STEPS = 3;

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness(BASE_FLAGS);
  page = await openApp(h, '#preset=&backend=cpu');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const run = (seed: number, gramThreads?: number) =>
  page.evaluate((o) => window.__concord!.largeCpuRun(o), {
    K,
    d,
    seed,
    steps: STEPS,
    ...(gramThreads ? { gramThreads } : {}),
  }) as Promise<LargeCpuRunResult>;

describe('CPU engine Gram on every core (Chromium)', { timeout: 120_000 }, () => {
  it('is isolated, threaded, bit-identical to one thread and equal to the core', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const seed = (Math.random() * 2 ** 31) >>> 0;
    const all = await run(seed);
    expect(all.crossOriginIsolated).toBe(true);
    expect(all.cores, 'this check needs a machine with more than one core').toBeGreaterThan(1);
    // The engine's init waits until the threads have started: every step runs on all of them.
    const threads = `WASM SIMD, ${Math.min(8, all.cores)} threads`;
    expect(all.gram.map((g) => g.path)).toEqual(Array(STEPS).fill(threads));
    const one = await run(seed, 1);
    expect(one.gram.map((g) => g.path)).toEqual(Array(STEPS).fill('WASM SIMD, 1 thread'));
    expect(all.theta, `seed ${seed}: θ`).toEqual(one.theta);
    expect(all.G, `seed ${seed}: G`).toEqual(one.G);
    expect([all.B, all.I, all.F]).toEqual([one.B, one.I, one.F]);

    // The float64 core at the page's final θ.
    const problem = createProblem('quadratic-groups', { K, d, seed });
    const theta = Float64Array.from(all.theta);
    const g = problem.gradients(theta);
    const G = gram({ K, d, g });
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const tol = 1e-12 * Math.sqrt(G[i * K + i] * G[j * K + j]);
        expect(Math.abs(all.G[i * K + j] - G[i * K + j]), `G[${i},${j}]`).toBeLessThanOrEqual(tol);
      }
    }
    const ref = balance({ K, d, g });
    expect(Math.abs(all.B - (ref.B as number))).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(all.I - (ref.I as number))).toBeLessThanOrEqual(1e-12);
    let F = 0;
    for (const L of problem.losses(theta)) F += L;
    expect(Math.abs(all.F - F)).toBeLessThanOrEqual(1e-12 * Math.abs(F));
    // The same steps in-process (one thread, this Node).
    const cpu = createCpuEngine({
      problem,
      method: { id: 'pcgrad' },
      flow: 'loss',
      eta: 0.01,
      starts: problem.starts()[0],
    });
    await cpu.advance(STEPS);
    const th = await cpu.thetas();
    let scale = 0;
    let err = 0;
    for (let k = 0; k < d; k++) {
      scale = Math.max(scale, Math.abs(th[k]));
      err = Math.max(err, Math.abs(th[k] - all.theta[k]));
    }
    expect(err, `seed ${seed}: max |Δθ|`).toBeLessThanOrEqual(1e-12 * scale);
    expect(pageErrors(page)).toEqual([]);
  });

  it('served without the isolation headers, the Gram runs on the engine worker alone and says so', async () => {
    const plain = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    plain.on('pageerror', (e) => errors.push(e.message));
    // The document without COOP/COEP: the page and its workers are then not isolated.
    await plain.route(h.url, async (route) => {
      const res = await route.fetch();
      const headers = { ...res.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response: res, headers });
    });
    await plain.goto(`${h.url}#preset=&backend=cpu`);
    await plain.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 60_000,
    });
    expect(await plain.evaluate(() => crossOriginIsolated)).toBe(false);
    const r = await plain.evaluate(() =>
      window.__concord!.largeCpuRun({ K: 4, d: 8192, seed: 2, steps: 1 }),
    );
    expect(r.crossOriginIsolated).toBe(false);
    expect(r.gram.map((g) => g.path)).toEqual(['WASM SIMD, 1 thread']);
    expect(errors).toEqual([]);
    await plain.close();
  });
});
