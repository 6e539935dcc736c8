/**
 * The production build (what `vite preview` serves): it carries the Content-Security-Policy, runs
 * under it without violations, requests nothing from any other origin, and makes no request at
 * all once the app is running; it is cross-origin isolated (COOP/COEP), so the CPU engine's
 * worker starts its Gram threads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, launchChromium, serveBuiltApp, WEBGPU_FLAGS } from '../../src/cli/browser';
import { CONTENT_SECURITY_POLICY } from '../../vite.config';

let app: BuiltApp;
let browser: Browser;

beforeAll(async () => {
  app = await serveBuiltApp();
  browser = await launchChromium(WEBGPU_FLAGS);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('production build', () => {
  it('ships the Content-Security-Policy in index.html', () => {
    const html = readFileSync(join(app.outDir, 'index.html'), 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('runs under the policy, stays on its origin and is silent on the network once running', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    const violations: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(app.url);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 90_000,
    });
    const atLoad = requests.length;
    expect(atLoad).toBeGreaterThan(0);
    for (const r of requests) expect(r.startsWith(app.url) || r.startsWith('data:')).toBe(true);
    await page.getByTestId('play').click();
    await expect
      .poll(() => page.evaluate(() => window.__concord!.run.getState().step), { timeout: 30_000 })
      .toBeGreaterThan(5);
    await page.getByTestId('play').click();
    await page.keyboard.press('r');
    await page.waitForTimeout(1000);
    expect(requests.slice(atLoad)).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('runs the CPU engine and a lab job in their workers under the policy', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}#backend=cpu`);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 90_000,
    });
    expect(await page.evaluate(() => window.__concord!.run.getState().backend)).toBe('cpu');
    await expect
      .poll(() => page.workers().some((w) => w.url().startsWith(app.url)), { timeout: 30_000 })
      .toBe(true);
    await page.getByTestId('play').click();
    await expect
      .poll(() => page.evaluate(() => window.__concord!.run.getState().step), { timeout: 30_000 })
      .toBeGreaterThan(5);
    await page.getByTestId('play').click();
    await page.evaluate(() => window.__concord!.config.getState().update({ view: 'lab' }));
    await page.getByTestId('lab-tab-coulomb').click();
    await page.getByTestId('coulomb-run-run').click();
    await expect
      .poll(() => page.getAttribute('[data-testid="coulomb-run"]', 'data-status'), {
        timeout: 30_000,
      })
      .toBe('done');
    expect(page.workers().length).toBeGreaterThanOrEqual(2);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is cross-origin isolated, and the built engine worker starts its Gram threads', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${app.url}#backend=cpu`);
    expect(res?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(res?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 90_000,
    });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // Two parts of columns (d = 2·4096): the Gram splits over min(2, cores) threads.
    const r = await page.evaluate(() =>
      window.__concord!.largeCpuRun({ K: 4, d: 8192, seed: 3, steps: 1 }),
    );
    const n = Math.min(2, r.cores);
    expect(r.gram.map((g) => g.path)).toEqual([`WASM SIMD, ${n} thread${n > 1 ? 's' : ''}`]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
