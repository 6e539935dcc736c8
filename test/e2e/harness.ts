/**
 * End-to-end harness: a vite dev server on a free port (closed afterwards) and headless Debian
 * Chromium driven by playwright-core. WEBGPU_FLAGS are the flags DESIGN.md lists for WebGPU
 * compute and drawing under SwiftShader; BASE_FLAGS leave WebGPU off (the app must then run on
 * the CPU engine and three's WebGL2 backend, which ANGLE on SwiftShader provides).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import { BASE_FLAGS, launchChromium, WEBGPU_FLAGS } from '../../src/cli/browser';

export { BASE_FLAGS, WEBGPU_FLAGS };

export interface Harness {
  server: ViteDevServer;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

export async function startHarness(flags: string[]): Promise<Harness> {
  // Each server optimises its dependencies into a folder of its own: the test files run in
  // parallel, and servers sharing node_modules/.vite race on it (a page then reloads or a
  // worker's import fails mid-test).
  const cacheDir = mkdtempSync(join(tmpdir(), 'concord-vite-'));
  const server = await createServer({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    cacheDir,
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  if (!addr || typeof addr === 'string') throw new Error('vite: no address');
  const url = `http://127.0.0.1:${addr.port}/`;
  let browser: Browser;
  try {
    browser = await launchChromium(flags);
  } catch (e) {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
    throw e;
  }
  return {
    server,
    browser,
    url,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

const errors = new WeakMap<Page, string[]>();

/** Uncaught errors the page has thrown since openApp. */
export function pageErrors(page: Page): string[] {
  return errors.get(page) ?? [];
}

/** Opens the app at `hash` and waits until the run store has a view of world 0. */
export async function openApp(h: Harness, hash = '', width = 1280, height = 800): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width, height } });
  const list: string[] = [];
  errors.set(page, list);
  page.on('pageerror', (e) => list.push(e.message));
  await page.goto(`${h.url}${hash}`);
  await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
    timeout: 60_000,
  });
  return page;
}

/** Opens the lab's scratch page (test/e2e-lab/lab.html) at 1400 × 1000; errors as for openApp. */
export async function openLabPage(h: Harness): Promise<Page> {
  const page = await h.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const list: string[] = [];
  errors.set(page, list);
  page.on('pageerror', (e) => list.push(e.message));
  await page.goto(`${h.url}test/e2e-lab/lab.html`);
  await page.getByTestId('lab').waitFor({ timeout: 90_000 });
  return page;
}

/**
 * A test file's lab page: registers the beforeAll that starts a harness with `flags` and opens
 * the lab page (openLabPage), and the afterAll that closes it; the page is read through `page`.
 */
export function labPageSuite(flags: string[]): { readonly page: Page; readonly harness: Harness } {
  let h: Harness | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    h = await startHarness(flags);
    page = await openLabPage(h);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });
  return {
    get page() {
      if (!page) throw new Error('the lab page is opened in beforeAll');
      return page;
    },
    get harness() {
      if (!h) throw new Error('the harness is started in beforeAll');
      return h;
    },
  };
}

/** The run store's fields that the tests read, as plain JSON. */
export function runSnapshot(page: Page) {
  return page.evaluate(() => {
    const s = window.__concord!.run.getState();
    return {
      status: s.status,
      backend: s.backend,
      notice: s.notice,
      step: s.step,
      version: s.version,
      K: s.K,
      d: s.d,
      seriesLength: s.series.length,
      projected: s.view ? Array.from(s.view.projected) : null,
      gradients: s.view ? Array.from(s.view.gradients) : null,
      theta: s.view ? Array.from(s.view.theta) : null,
    };
  });
}

/**
 * Share of the pixels of the scene element's screenshot that differ from its most common colour
 * (the background) by more than 24 in some channel: 0 for a blank canvas.
 */
export async function sceneInk(page: Page): Promise<number> {
  const png = await page.locator('[data-testid="scene"]').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const cv = document.createElement('canvas');
    cv.width = img.width;
    cv.height = img.height;
    const ctx = cv.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, cv.width, cv.height).data;
    const counts = new Map<number, number>();
    for (let k = 0; k < px.length; k += 4) {
      const key = (px[k] << 16) | (px[k + 1] << 8) | px[k + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let bg = 0;
    let best = -1;
    for (const [key, n] of counts) if (n > best) [bg, best] = [key, n];
    const br = bg >> 16;
    const bgG = (bg >> 8) & 255;
    const bb = bg & 255;
    let ink = 0;
    for (let k = 0; k < px.length; k += 4) {
      const dr = Math.abs(px[k] - br);
      const dg = Math.abs(px[k + 1] - bgG);
      const db = Math.abs(px[k + 2] - bb);
      if (Math.max(dr, dg, db) > 24) ink++;
    }
    return ink / (px.length / 4);
  }, png.toString('base64'));
}

/** A fingerprint of a canvas inside the element with `testId` (changes when it is redrawn). */
export function canvasPrint(page: Page, testId: string): Promise<string> {
  return page.evaluate((id) => {
    const cv = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`);
    return cv ? cv.toDataURL() : '';
  }, testId);
}

/**
 * expect.poll with the timeout the browser tests need: rendering and GPU read-backs under
 * SwiftShader take seconds (20 s by default).
 */
export function poll<T>(fn: () => T | Promise<T>, timeout = 20_000) {
  return expect.poll(fn, { timeout, interval: 100 });
}
