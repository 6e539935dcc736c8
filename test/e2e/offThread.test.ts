/**
 * The page never waits for the CPU: in headless Chromium without WebGPU, the live run's CPU
 * engine runs in its worker (the step count advances and the arrows move while the worker does
 * the work), and a long CPU lab run (basin maps) is a job of the lab's worker pool: while it runs the page
 * keeps drawing frames and answering clicks, and Cancel ends the worker and shows "cancelled".
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_FLAGS, type Harness, openApp, pageErrors, poll, startHarness } from './harness';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness(BASE_FLAGS);
  page = await openApp(h);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const workerUrls = (p: Page) => p.workers().map((w) => w.url());

/** requestAnimationFrame callbacks the page runs in `ms` milliseconds. */
const frames = (p: Page, ms: number) =>
  p.evaluate(
    (span) =>
      new Promise<number>((resolve) => {
        let n = 0;
        const t0 = performance.now();
        const tick = () => {
          n++;
          if (performance.now() - t0 < span) requestAnimationFrame(tick);
          else resolve(n);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );

describe('off the main thread', { timeout: 90_000 }, () => {
  it('the live CPU run goes through the engine worker: steps advance, arrows move', async () => {
    expect(await page.evaluate(() => window.__concord!.run.getState().backend)).toBe('cpu');
    await poll(() => workerUrls(page).some((u) => u.includes('engine.worker'))).toBe(true);
    const tips0 = await page.evaluate(() => JSON.stringify(window.__concordScene?.tips() ?? null));
    await page.getByTestId('play').click();
    await poll(async () =>
      Number(await page.getByTestId('step-count').textContent()),
    ).toBeGreaterThan(20);
    await poll(() =>
      page.evaluate(() => JSON.stringify(window.__concordScene?.tips() ?? null)),
    ).not.toBe(tips0);
    await page.getByTestId('play').click();
    await poll(() => page.evaluate(() => window.__concord!.run.getState().status)).toBe('paused');
  });

  it('long CPU basin maps run in a lab worker; the page answers; Cancel ends it', async () => {
    const lab = await h.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const labErrors: string[] = [];
    lab.on('pageerror', (e) => labErrors.push(e.message));
    await lab.goto(`${h.url}#view=lab`);
    await lab.getByTestId('lab').waitFor({ timeout: 60_000 });
    // Basin maps: their canvases are drawn only at the end, so nothing but the run is measured.
    await lab.getByTestId('lab-tab-basin').click();
    await lab.getByTestId('basin-grid').selectOption('512');
    await lab.getByTestId('basin-steps').fill('100000');
    await lab.getByTestId('basin-backend').selectOption('cpu');
    const started = new Promise<Worker>((resolve) =>
      lab.on('worker', (w) => {
        if (w.url().includes('lab.worker')) resolve(w);
      }),
    );
    await lab.getByTestId('basin-run-run').click();
    const worker = await started;
    const closed = new Promise<void>((resolve) => worker.on('close', () => resolve()));
    await poll(() => lab.getAttribute('[data-testid="basin-run"]', 'data-status')).toBe('running');
    // The maps cannot finish (100000 steps of 2 × 512² starts); meanwhile the page draws and answers
    // (loosely counted: on a loaded 2-core machine headless Chromium draws few frames, but maps
    // computed on the main thread would draw none in seconds).
    expect(await frames(lab, 2000)).toBeGreaterThanOrEqual(3);
    await lab.getByTestId('lab-tab-coulomb').click();
    await poll(() => lab.getByTestId('lab-coulomb').isVisible()).toBe(true);
    await lab.getByTestId('lab-tab-basin').click();
    expect(await lab.getAttribute('[data-testid="basin-run"]', 'data-status')).toBe('running');
    // Cancel: the status says so at once and the worker running the job is terminated.
    const status = await lab.evaluate(() => {
      document.querySelector<HTMLButtonElement>('[data-testid="basin-run-cancel"]')!.click();
      return new Promise<string | null>((resolve) =>
        requestAnimationFrame(() =>
          resolve(document.querySelector('[data-testid="basin-run"]')!.getAttribute('data-status')),
        ),
      );
    });
    expect(status).toBe('cancelled');
    await closed;
    expect(await lab.getByTestId('basin-run-status').textContent()).toBe('cancelled');
    // The pool starts a fresh worker for the next job, which completes.
    await lab.getByTestId('basin-grid').selectOption('32');
    await lab.getByTestId('basin-steps').fill('20');
    await lab.getByTestId('basin-run-run').click();
    await poll(() => lab.getAttribute('[data-testid="basin-run"]', 'data-status')).toBe('done');
    expect(await lab.getByTestId('basin-report-0').textContent()).toMatch(/^CPU 32×32, 20 steps/);
    expect(pageErrors(page)).toEqual([]);
    expect(labErrors).toEqual([]);
    await lab.close();
  });
});
