/**
 * Import in the app, end to end (headless Chromium, CPU engine): a valid .npy through the file
 * picker shows the imported set and its panel, a method change updates it, "Back" restores the
 * run; random bytes and a truncated safetensors (picker and a synthetic drop) give the message
 * and leave the run store and the URL untouched; a link to an imported view says it has no data.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { METHOD_IDS } from '../../src/core/types';
import {
  BASE_FLAGS,
  type Harness,
  openApp,
  pageErrors,
  poll,
  runSnapshot,
  startHarness,
} from '../e2e/harness';
import { freshSeed } from '../gpu/helpers';

const NPY = readFileSync('test/fixtures/torch-gradients.npy');
const ST = readFileSync('test/fixtures/torch-gradients.safetensors');

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

/** Everything a bad file must leave alone: the run store's run fields and the URL. */
async function untouched() {
  const run = await runSnapshot(page);
  const extra = await page.evaluate(() => {
    const s = window.__concord!.run.getState();
    return { problemId: s.problemId, hash: location.hash, series: s.series.length };
  });
  return { ...run, ...extra };
}

function pick(name: string, buffer: Buffer) {
  return page
    .getByTestId('import-input')
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

/** A synthetic drop of one file on the page body. */
function drop(name: string, bytes: number[]) {
  return page.evaluate(
    ([n, b]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], n));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(
          new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }),
        );
      }
    },
    [name, bytes] as const,
  );
}

describe('import in the app', { timeout: 120_000 }, () => {
  it('a link to an imported view without its data says so and shows the live run', async () => {
    const p2 = await openApp(h, '#source=imported');
    await expect
      .poll(() => p2.getByTestId('import-missing').isVisible(), { timeout: 20_000 })
      .toBe(true);
    expect(await p2.getByTestId('import-missing').textContent()).toMatch(/never the\s+data/);
    expect(await p2.evaluate(() => location.hash)).toContain('source=problem');
    expect(await p2.evaluate(() => window.__concord!.run.getState().problemId)).toBe(
      'quadratic-groups',
    );
    await p2.close();
  });

  it('random bytes through the picker: the message, nothing else changes', async () => {
    await page.getByTestId('step').click();
    await poll(async () => (await runSnapshot(page)).step).toBe(1);
    const before = await untouched();
    const rng = createRng(freshSeed());
    const junk = Buffer.from(Array.from({ length: 4096 }, () => rng.int(256)));
    await pick('junk.bin', junk);
    await poll(() => page.getByTestId('import-error').isVisible()).toBe(true);
    expect(await page.getByTestId('import-error').textContent()).toMatch(
      /^Import failed: junk\.bin/,
    );
    expect(await untouched()).toEqual(before);
  });

  it('a truncated safetensors, dropped: the message names the problem, nothing else changes', async () => {
    const before = await untouched();
    await drop('grads.safetensors', Array.from(ST.subarray(0, Math.floor(ST.length / 2))));
    await poll(() => page.getByTestId('import-error').textContent()).toMatch(/grads\.safetensors/);
    expect(await page.getByTestId('import-error').textContent()).toMatch(/bytes|truncated|data/);
    expect(await untouched()).toEqual(before);
  });

  it('a valid .npy shows the imported set, follows the method, and Back restores the run', async () => {
    const before = await untouched();
    await pick('torch-gradients.npy', NPY);
    await poll(() => page.getByTestId('imported-panel').isVisible()).toBe(true);
    expect(await page.getByTestId('import-error').count()).toBe(0);
    expect(await page.getByTestId('imported-shape').textContent()).toBe('4 × 6,272');
    expect(await page.getByTestId('imported-format').textContent()).toBe('npy');
    expect(await page.locator('[data-testid="imported-methods"] tbody tr').count()).toBe(
      METHOD_IDS.length,
    );
    expect(await page.getByTestId('transport-imported').textContent()).toMatch(/no θ and no flow/);
    const s = await page.evaluate(() => {
      const r = window.__concord!.run.getState();
      return {
        problemId: r.problemId,
        K: r.K,
        d: r.d,
        hash: location.hash,
        G: Array.from(r.view!.G),
      };
    });
    expect([s.problemId, s.K, s.d]).toEqual(['imported', 4, 4]);
    expect(s.hash).toContain('source=imported');
    // The Gram matrix of the file (float32 entries, float64 sums): G_00 = ‖g_0‖² > 0, symmetric.
    expect(s.G[0]).toBeGreaterThan(0);
    expect(s.G[1]).toBe(s.G[4]);
    const C1 = await page.evaluate(() => Array.from(window.__concord!.run.getState().view!.C));
    await page.evaluate(() => window.__concord!.config.getState().update({ method: 'sum' }));
    await poll(() =>
      page.evaluate(() => Array.from(window.__concord!.run.getState().view!.C)),
    ).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(C1).not.toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    await page.getByTestId('back-to-live').click();
    await poll(() => page.evaluate(() => window.__concord!.run.getState().problemId)).toBe(
      'quadratic-groups',
    );
    const after = await untouched();
    expect(after.step).toBe(before.step);
    expect(after.theta).toEqual(before.theta);
    expect(after.hash).toContain('source=problem');
    expect(await page.getByTestId('imported-panel').count()).toBe(0);
  });

  it('threw no uncaught errors', () => {
    expect(pageErrors(page)).toEqual([]);
  });
});
