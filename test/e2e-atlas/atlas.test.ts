/**
 * End-to-end: the method atlas page in headless Chromium (no WebGPU needed: it is float64 CPU
 * work). It measures every method on small random sets, renders the table, opens the
 * counterexample of a failing cell (the set and its numbers, re-checked), and one click puts any
 * two of its rows (TorchJD's variants included) side by side in the live view.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_IDS } from '../../src/core/types';
import { BASE_FLAGS, type Harness, openApp, pageErrors, poll, startHarness } from '../e2e/harness';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness(BASE_FLAGS);
  page = await openApp(
    h,
    '#view=atlas&atlasK=3&atlasD=4&atlasSets=12&atlasSeed=2&method=mgda',
    1500,
    900,
  );
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('method atlas page', { timeout: 90_000 }, () => {
  it('measures every method and renders the table', async () => {
    await page.getByTestId('atlas-table').waitFor({ timeout: 60_000 });
    // Every method once, plus the TorchJD variants of UPGrad and DualProj.
    await poll(() => page.locator('[data-testid^="atlas-row-"]').count(), 60_000).toBe(
      METHOD_IDS.length + 2,
    );
    await poll(() => page.getByTestId('atlas-progress').textContent(), 60_000).toBe('');
    expect(await page.getByTestId('atlas-caption').textContent()).toMatch(
      /12 random conflict sets, K = 3, d = 4/,
    );
    // A promise that holds, and a failure that is a link (12 random and 12 hard sets).
    expect(await page.getByTestId('atlas-cell-upgrad-nonConflicting').textContent()).toBe('★ ✓');
    expect(await page.getByTestId('atlas-cx-link-sum-nonConflicting').textContent()).toMatch(
      /^✗ \d+\/24$/,
    );
    expect(await page.getByTestId('atlas-caption').textContent()).toMatch(/12 hard sets/);
  });

  it('a counterexample link opens the set and its numbers', async () => {
    await page.getByTestId('atlas-cx-link-sum-nonConflicting').click();
    const panel = page.getByTestId('atlas-counterexample');
    await panel.waitFor();
    expect(await page.locator('[data-testid="atlas-cx-set"] tbody tr').count()).toBe(3);
    expect(await page.getByTestId('atlas-cx-numbers').textContent()).toMatch(
      /defect.*threshold1e-9/,
    );
    expect(await page.getByTestId('atlas-cx-recheck').textContent()).toMatch(/fails again/);
    if (process.env.ATLAS_SHOT)
      await page.screenshot({ path: process.env.ATLAS_SHOT, fullPage: true });
  });

  it('measures on the current gradients of the live run (fixed points not measurable there)', async () => {
    await page.getByTestId('atlas-measure-current').click();
    await poll(() => page.getByTestId('atlas-caption').textContent(), 60_000).toMatch(
      /current gradients of the live run \(world 0, K = 6, d = 3\)/,
    );
    await poll(() => page.getByTestId('atlas-progress').textContent(), 60_000).toBe('');
    expect(await page.getByTestId('atlas-cell-upgrad-paretoFixedPoints').textContent()).toBe('n/a');
    expect(await page.getByTestId('atlas-cell-upgrad-nonConflicting').textContent()).toBe('★ ✓');
  });

  it('one click opens the live view with the running method beside the chosen one', async () => {
    // The running row's own button is disabled (a method beside itself shows nothing).
    expect(await page.getByTestId('atlas-compare-mgda').isDisabled()).toBe(true);
    await page.getByTestId('atlas-compare-upgrad').click();
    await poll(() => page.evaluate(() => window.__concord?.config.getState().config.view)).toBe(
      'live',
    );
    const c = await page.evaluate(() => {
      const k = window.__concord!.config.getState().config;
      return { method: k.method, compare: k.compare };
    });
    expect(c).toEqual({ method: 'mgda', compare: 'upgrad' });
    await page.getByTestId('compare').waitFor();
    expect(await page.getByTestId('compare').inputValue()).toBe('upgrad');
  });

  it('any two rows pair up: UPGrad beside UPGrad with TorchJD’s Gram', async () => {
    await page.evaluate(() => window.__concord!.config.getState().update({ view: 'atlas' }));
    await page.getByTestId('atlas-run-upgrad').waitFor();
    await page.getByTestId('atlas-run-upgrad').check();
    expect(await page.getByTestId('atlas-compare-upgrad').isDisabled()).toBe(true);
    await page.getByTestId('atlas-compare-upgrad-torchjd').click();
    await poll(() => page.evaluate(() => window.__concord?.config.getState().config.view)).toBe(
      'live',
    );
    const c = await page.evaluate(() => {
      const k = window.__concord!.config.getState().config;
      return {
        method: k.method,
        torchjd: k.torchjd,
        compare: k.compare,
        compareTorchjd: k.compareTorchjd,
      };
    });
    expect(c).toEqual({
      method: 'upgrad',
      torchjd: false,
      compare: 'upgrad',
      compareTorchjd: true,
    });
    // The controls show both switches, and the legend names the compared variant.
    expect(await page.getByTestId('torchjd').isChecked()).toBe(false);
    expect(await page.getByTestId('compare-torchjd').isChecked()).toBe(true);
    await poll(() =>
      page.evaluate(() => window.__concord?.run.getState().compare?.methodLabel),
    ).toBe('UPGrad (TorchJD Gram)');
  });

  it('threw no uncaught errors', () => {
    expect(pageErrors(page)).toEqual([]);
  });
});
