/**
 * The app in headless Chromium without the WebGPU flags: it must run on the CPU engine and
 * three's WebGL2 backend, and say so.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_FLAGS,
  type Harness,
  openApp,
  pageErrors,
  poll,
  runSnapshot,
  sceneInk,
  startHarness,
} from './harness';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness(BASE_FLAGS);
  // The custom configuration: a URL without a hash opens on the first-visit preset instead.
  page = await openApp(h, '#preset=');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('app without WebGPU', { timeout: 90_000 }, () => {
  it('runs on the CPU with WebGL2 and shows the notice', async () => {
    const s = await runSnapshot(page);
    expect(s.backend).toBe('cpu');
    const notice = await page.getByTestId('notice').textContent();
    expect(notice).toBe('WebGPU unavailable — running on the CPU with WebGL2');
    expect(await page.getAttribute('[data-testid="backend-status"]', 'data-backend')).toBe('cpu');
    await poll(() => page.evaluate(() => window.__concordScene?.backend() ?? null)).toBe('webgl2');
  });

  it('plays, and the scene is drawn', async () => {
    await page.getByTestId('play').click();
    await poll(async () => (await runSnapshot(page)).step).toBeGreaterThan(5);
    await page.getByTestId('play').click();
    expect(await sceneInk(page)).toBeGreaterThan(0.005);
  });

  it('threw no uncaught errors', () => {
    expect(pageErrors(page)).toEqual([]);
  });
});
