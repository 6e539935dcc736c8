/**
 * The app in headless Chromium with WebGPU (SwiftShader): backend, α slider, play, links,
 * scene pixels, URL fallback notice, keyboard, frame-time measure.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canvasPrint,
  type Harness,
  openApp,
  pageErrors,
  poll,
  runSnapshot,
  sceneInk,
  startHarness,
  WEBGPU_FLAGS,
} from './harness';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness(WEBGPU_FLAGS);
  // The custom configuration: a URL without a hash opens on the first-visit preset instead.
  page = await openApp(h, '#preset=');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const hashOf = (p: Page) => new URL(p.url()).hash;

describe('app on WebGPU', { timeout: 90_000 }, () => {
  it('loads on the WebGPU backend with the WebGPU renderer', async () => {
    await poll(() => page.getAttribute('[data-testid="backend-status"]', 'data-backend')).toBe(
      'gpu',
    );
    const s = await runSnapshot(page);
    expect(s.backend).toBe('gpu');
    expect(s.notice).toBeNull();
    await poll(() => page.evaluate(() => window.__concordScene?.backend() ?? null)).toBe('webgpu');
    // The URL carries the whole configuration from the start.
    expect(hashOf(page)).toContain('alpha=0.5');
    expect(hashOf(page)).toContain('method=cosine');
  });

  it('moving the α slider changes the projected arrows and the URL, without a reset', async () => {
    const before = await runSnapshot(page);
    const tips0 = await page.evaluate(() => window.__concordScene?.tips()?.projected ?? null);
    expect(tips0).not.toBeNull();
    const slider = page.getByTestId('alpha');
    await slider.focus();
    await page.keyboard.press('End');
    await poll(() => page.evaluate(() => window.__concord!.config.getState().config.alpha)).toBe(1);
    expect(hashOf(page)).toContain('alpha=1&');
    await poll(async () => (await runSnapshot(page)).projected).not.toEqual(before.projected);
    const after = await runSnapshot(page);
    expect(after.step).toBe(before.step);
    expect(after.theta).toEqual(before.theta);
    expect(after.gradients).toEqual(before.gradients);
    await poll(() =>
      page.evaluate(() => window.__concordScene?.tips()?.projected ?? null),
    ).not.toEqual(tips0);
    expect(await page.getByTestId('alpha-value').textContent()).toBe('1.00');
  });

  it('play advances the run and redraws the B chart', async () => {
    const s0 = await runSnapshot(page);
    const chart0 = await canvasPrint(page, 'b-chart');
    await page.getByTestId('play').click();
    await poll(async () => (await runSnapshot(page)).step).toBeGreaterThan(s0.step + 5);
    await poll(async () => (await runSnapshot(page)).seriesLength).toBeGreaterThan(
      s0.seriesLength + 2,
    );
    await poll(() => canvasPrint(page, 'b-chart')).not.toBe(chart0);
    // Pause stops at the step on screen at the click: a batch in flight lands unseen and is
    // rewound, so the counter, the chart and the arrows never move again.
    const shown = await page.evaluate(() => {
      const s = window.__concord!.run.getState();
      (document.querySelector('[data-testid="play"]') as HTMLElement).click();
      return { step: s.step, version: s.version };
    });
    await poll(async () => (await runSnapshot(page)).status).toBe('paused');
    expect(await page.getByTestId('run-status').textContent()).toBe('paused');
    // The live charts redraw at most every REDRAW_MS (LiveChart.tsx): let the one due finish
    // drawing what was on screen at the click before the chart is printed.
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    await page.waitForTimeout(250);
    const chart = await canvasPrint(page, 'b-chart');
    const tips = await page.evaluate(() => window.__concordScene?.tips() ?? null);
    await page.evaluate(() => window.__concord!.runner.idle());
    await page.waitForTimeout(500);
    const after = await page.evaluate(() => {
      const s = window.__concord!.run.getState();
      return { step: s.step, version: s.version };
    });
    expect([after.step, after.version]).toEqual([shown.step, shown.version]);
    expect(await page.getByTestId('step-count').textContent()).toBe(String(shown.step));
    expect(await canvasPrint(page, 'b-chart')).toBe(chart);
    expect(await page.evaluate(() => window.__concordScene?.tips() ?? null)).toEqual(tips);
    // Step continues from exactly the state shown.
    await page.evaluate(() => window.__concord!.runner.step());
    expect((await runSnapshot(page)).step).toBe(shown.step + 1);
  });

  it('keyboard: → steps once, r resets, space plays and pauses', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const s0 = await runSnapshot(page);
    await page.keyboard.press('ArrowRight');
    await poll(async () => (await runSnapshot(page)).step).toBe(s0.step + 1);
    await page.keyboard.press('r');
    await poll(async () => (await runSnapshot(page)).step).toBe(0);
    await page.keyboard.press(' ');
    await poll(async () => (await runSnapshot(page)).status).toBe('running');
    await page.keyboard.press(' ');
    await poll(async () => (await runSnapshot(page)).status).toBe('paused');
  });

  it('exposes frame times for benchmarks', async () => {
    const t = await page.evaluate(() => window.__concord!.frameTimes());
    expect(t.length).toBeGreaterThan(10);
    for (const x of t) expect(x).toBeGreaterThanOrEqual(0);
    expect(t.reduce((a, x) => a + x, 0) / t.length).toBeGreaterThan(1);
  });

  it('a screenshot of the scene is not blank', async () => {
    expect(await sceneInk(page)).toBeGreaterThan(0.005);
  });

  it('a saved link restores the same state (same configuration, same numbers)', async () => {
    await page.getByTestId('seed').fill('11');
    await page.getByTestId('K').fill('5');
    await poll(async () => (await runSnapshot(page)).K).toBe(5);
    await poll(() => page.evaluate(() => window.__concord!.config.getState().config.seed)).toBe(11);
    await page.evaluate(() => window.__concord!.runner.idle());
    const link = page.url();
    const a = await runSnapshot(page);
    const config = await page.evaluate(() => window.__concord!.config.getState().config);
    const other = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await other.goto(link);
      await other.waitForFunction(() => window.__concord?.run.getState().view != null);
      expect(await other.evaluate(() => window.__concord!.config.getState().config)).toEqual(
        config,
      );
      const b = await runSnapshot(other);
      expect([b.K, b.d, b.step]).toEqual([a.K, a.d, 0]);
      expect(b.theta).toEqual(a.theta);
      expect(b.gradients).toEqual(a.gradients);
      expect(b.projected).toEqual(a.projected);
    } finally {
      await other.close();
    }
  });

  it('malformed link values fall back field by field, with a notice naming them', async () => {
    const bad = await h.browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await bad.goto(`${h.url}#K=abc&alpha=9&seed=3&method=pcgrad`);
      const notice = bad.getByTestId('url-notice');
      await notice.waitFor();
      const text = await notice.textContent();
      expect(text).toContain('K, alpha');
      // Each reason in the format the command line uses for the same field.
      const reasons = await bad.getByTestId('url-notice-reasons').locator('li').allTextContents();
      expect(reasons).toEqual([
        'K: got "abc"; must be a number written plainly (like 0.5, 3 or 1e-3)',
        'alpha: got 9; must be in [0, 1] (the limit of any run)',
      ]);
      const c = await bad.evaluate(() => window.__concord!.config.getState().config);
      expect([c.K, c.alpha, c.seed, c.method]).toEqual([6, 0.5, 3, 'pcgrad']);
      // The corrected configuration is written back to the URL.
      expect(new URL(bad.url()).hash).toContain('K=6&');
    } finally {
      await bad.close();
    }
  });

  it('exports a PNG of the scene and the run as CSV', async () => {
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png').click(),
    ]);
    const bytes = await readFile((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const text = await readFile((await csv.path())!, 'utf8');
    const K = (await runSnapshot(page)).K;
    const header = [
      'step',
      'B',
      'I',
      'F',
      'gap',
      ...Array.from({ length: K }, (_, i) => `L${i + 1}`),
    ];
    expect(text.split('\n')[0]).toBe(header.join(','));
  });

  it('a lost GPU device: the run continues on the CPU from the same state and says so', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const s0 = await runSnapshot(page);
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
    await poll(async () => (await runSnapshot(page)).step).toBe(s0.step + 3);
    await page.evaluate(() => window.__concord!.runner.idle());
    const before = await runSnapshot(page);
    expect(before.backend).toBe('gpu');
    await page.evaluate(() => window.__concord!.gpuDevice()!.destroy());
    await poll(async () => (await runSnapshot(page)).backend).toBe('cpu');
    const notice = await page.getByTestId('notice').textContent();
    expect(notice).toContain('GPU device lost');
    expect(notice).toContain(`from step ${before.step}`);
    await page.evaluate(() => window.__concord!.runner.idle());
    const after = await runSnapshot(page);
    expect(after.step).toBe(before.step);
    expect(after.theta).toEqual(before.theta);
    expect(after.seriesLength).toBe(before.seriesLength);
    await page.keyboard.press('ArrowRight');
    await poll(async () => (await runSnapshot(page)).step).toBe(before.step + 1);
    expect((await runSnapshot(page)).seriesLength).toBeGreaterThan(before.seriesLength);
    await poll(() => page.evaluate(() => window.__concordScene?.backend() ?? null)).toBe('webgl2');
  });

  it('threw no uncaught errors', () => {
    expect(pageErrors(page)).toEqual([]);
  });
});
