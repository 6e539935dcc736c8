/**
 * The lab without WebGPU (headless Chromium without the WebGPU flags): 'auto' runs the batch
 * views on the CPU engine, and asking for the GPU says why it cannot.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_FLAGS, type Harness, poll as pollFor, startHarness } from '../e2e/harness';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness(BASE_FLAGS);
  page = await h.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${h.url}test/e2e-lab/lab.html`);
  // The dev server compiles the lab on first load; under a loaded machine that can take a while.
  await page.getByTestId('lab').waitFor({ timeout: 90_000 });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const status = (id: string) => page.getAttribute(`[data-testid="${id}"]`, 'data-status');
const poll = <T>(fn: () => Promise<T>) => pollFor(fn, 30_000);

describe('lab without WebGPU', () => {
  it('α sweep on auto runs on the CPU; GPU is refused with the reason', async () => {
    await page.getByTestId('lab-tab-alpha').click();
    await page.getByTestId('alpha-W').fill('16');
    await page.getByTestId('alpha-steps').fill('20');
    await page.getByTestId('alpha-run-run').click();
    await poll(() => status('alpha-run')).toBe('done');
    expect(await page.getByTestId('alpha-backend-used').textContent()).toBe('CPU');
    await page.getByTestId('alpha-backend').selectOption('gpu');
    await page.getByTestId('alpha-run-run').click();
    await poll(() => status('alpha-run')).toBe('error');
    expect(await page.getByTestId('alpha-run-status').textContent()).toMatch(
      /^GPU backend unavailable/,
    );
  });

  it('basin maps on auto run on the CPU', async () => {
    await page.getByTestId('lab-tab-basin').click();
    await page.getByTestId('basin-grid').selectOption('32');
    await page.getByTestId('basin-steps').fill('20');
    await page.getByTestId('basin-run-run').click();
    await poll(() => status('basin-run')).toBe('done');
    for (const k of [0, 1]) {
      expect(await page.getByTestId(`basin-report-${k}`).textContent()).toMatch(
        /^CPU 32×32, 20 steps/,
      );
    }
  });
});
