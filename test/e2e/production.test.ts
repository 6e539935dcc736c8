/**
 * The production build (what `vite preview` serves): it carries the Content-Security-Policy, runs
 * under it without violations, requests nothing from any other origin, and makes no request at
 * all once the app is running.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../vite.config';
import { WEBGPU_FLAGS } from './harness';

let outDir: string;
let server: PreviewServer;
let browser: Browser;
let url: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'concord-dist-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'error', build: { outDir } });
  server = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const addr = server.httpServer.address();
  if (!addr || typeof addr === 'string') throw new Error('vite preview: no address');
  url = `http://127.0.0.1:${addr.port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: WEBGPU_FLAGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('production build', () => {
  it('ships the Content-Security-Policy in index.html', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
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
    await page.goto(url);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 90_000,
    });
    const atLoad = requests.length;
    expect(atLoad).toBeGreaterThan(0);
    for (const r of requests) expect(r.startsWith(url) || r.startsWith('data:')).toBe(true);
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
});
