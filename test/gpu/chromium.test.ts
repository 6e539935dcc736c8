/**
 * Smoke test in headless Chromium (WebGPU on SwiftShader): the Gram kernel, run in the browser
 * through the same src/gpu code, against the float64 core in Node. Fails with the browser's
 * message when no adapter can be had.
 */
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, WEBGPU_FLAGS } from '../../src/cli/browser';
import { gram } from '../../src/core/gram';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { SmokeResult } from './browser/smoke';
import { freshSeed, randomPoints, toF32 } from './helpers';

let server: ViteDevServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  if (!addr || typeof addr === 'string') throw new Error('vite dev server has no address');
  base = `http://127.0.0.1:${addr.port}`;
  browser = await launchChromium(WEBGPU_FLAGS);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('Gram kernel in headless Chromium matches the core', async () => {
  const seed = freshSeed() % 1_000_000;
  const K = 4;
  const d = 70;
  const W = 3;
  const starts = toF32(randomPoints(seed + 1, W * d));
  const q = new URLSearchParams({
    seed: String(seed),
    K: String(K),
    d: String(d),
    W: String(W),
    thetas: JSON.stringify(Array.from(starts)),
  });
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => logs.push(e.message));
  await page.goto(`${base}/test/gpu/browser/smoke.html?${q}`);
  await page.waitForFunction(() => window.__gpuSmoke !== undefined, null, { timeout: 90_000 });
  const r = (await page.evaluate(() => window.__gpuSmoke)) as SmokeResult;
  expect(r.error, `browser: ${r.error} ${logs.join(' | ')}`).toBeUndefined();
  expect(r.ok).toBe(true);
  expect(r.errors).toEqual([]);
  const problem = createQuadraticGroups({ K, d, seed });
  const P = r.P as number;
  const parts = r.partials as number[];
  for (let w = 0; w < W; w++) {
    const theta = starts.subarray(w * d, (w + 1) * d);
    const G = gram({ K, d, g: problem.gradients(theta) });
    let p = 0;
    for (let i = 0; i < K; i++) {
      for (let j = i; j < K; j++, p++) {
        const scale = Math.sqrt(G[i * K + i] * G[j * K + j]);
        expect(Math.abs(parts[w * P + p] - G[i * K + j]) / scale).toBeLessThanOrEqual(1e-5);
      }
    }
  }
  await page.close();
}, 120_000);
