/**
 * A large import on WebGPU in headless Chromium (SwiftShader): a float32 .npy above
 * LARGE_FILE_BYTES is decoded to float32 and its Gram matrix computed by the chunked GPU kernel
 * on the app's shared device; G agrees with the float64 Gram of the same values.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { writeNpy } from '../../src/core/io/npy';
import { createRng } from '../../src/core/rng';
import { LARGE_FILE_BYTES } from '../../src/lab/importFiles';
import { type Harness, openApp, pageErrors, startHarness, WEBGPU_FLAGS } from '../e2e/harness';
import { freshSeed } from '../gpu/helpers';

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

describe('large import on WebGPU', { timeout: 300_000 }, () => {
  it('decodes to float32 and computes G on the GPU in chunks', async () => {
    const K = 2;
    const d = Math.ceil(LARGE_FILE_BYTES / (4 * K)) + 4099;
    const seed = freshSeed();
    const rng = createRng(seed);
    const g = Float64Array.from({ length: K * d }, () => Math.fround(rng.uniform(-1, 1)));
    for (let k = 0; k < d; k++) g[d + k] = Math.fround(-0.5 * g[k] + 0.1 * g[d + k]);
    const bytes = writeNpy({ K, d, g }, 'f4');
    await page.getByTestId('import-input').setInputFiles({
      name: 'large.npy',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    await page.getByTestId('imported-panel').waitFor({ timeout: 240_000 });
    const gramEl = page.getByTestId('imported-gram');
    expect(await gramEl.getAttribute('data-backend'), `seed ${seed}`).toBe('gpu');
    expect(await page.getByTestId('imported-memory').textContent()).toMatch(/float32/);
    const G = await page.evaluate(() => Array.from(window.__concord!.run.getState().view!.G));
    const ref = gram({ K, d, g });
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const scale = Math.sqrt(ref[i * K + i] * ref[j * K + j]);
        expect(Math.abs(G[i * K + j] - ref[i * K + j]) / scale, `seed ${seed}`).toBeLessThan(1e-4);
      }
    }
    // The two rows are opposed: one conflicting pair.
    expect(await page.getByTestId('imported-conflicts').textContent()).toMatch(/^1 of 1/);
  });

  it('threw no uncaught errors', () => {
    expect(pageErrors(page)).toEqual([]);
  });

  // Last: the page loses its GPU device.
  it('a device lost mid-Gram-pass: G computed on the CPU in float64, one plain warning', async () => {
    const lost = page;
    const K = 2;
    const d = Math.ceil(LARGE_FILE_BYTES / (4 * K)) + 513;
    const seed = freshSeed();
    const rng = createRng(seed);
    const g = Float64Array.from({ length: K * d }, () => Math.fround(rng.uniform(-1, 1)));
    const bytes = writeNpy({ K, d, g }, 'f4');
    // In the page: destroy the shared device once the GPU pass has reported progress, before its
    // read-back (a string, so the test runner leaves the page's dynamic imports alone).
    await lost.evaluate(`Promise.all([import('/src/state/importStore.ts'), import('/src/ui/gpu.ts')])
      .then(([store, gpu]) => {
        const off = store.useImportStore.subscribe((s) => {
          if (s.progress && s.progress.stage === 'gram' && s.progress.fraction > 0) {
            off();
            gpu.getSharedDevice().destroy();
          }
        });
      })`);
    await lost.getByTestId('import-input').setInputFiles(
      {
        name: 'lost.npy',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      },
      // Handing 32 MiB to the page takes long on a loaded machine.
      { timeout: 180_000 },
    );
    await expect
      .poll(() => lost.getByTestId('imported-file').textContent(), { timeout: 240_000 })
      .toBe('lost.npy');
    expect(await lost.getByTestId('imported-gram').getAttribute('data-backend')).toBe('cpu');
    const warnings = await lost.getByTestId('imported-warnings').locator('li').allTextContents();
    expect(warnings.filter((w) => /GPU/.test(w))).toEqual([
      'The GPU device was lost during the Gram pass; it was computed on the CPU in float64 instead',
    ]);
    expect((await lost.getByTestId('imported-panel').textContent()) ?? '').not.toMatch(
      /unmapped|mapAsync|GPU Gram failed/i,
    );
    const G = await lost.evaluate(() => Array.from(window.__concord!.run.getState().view!.G));
    const ref = gram({ K, d, g });
    for (let k = 0; k < K * K; k++) {
      expect(Math.abs(G[k] - ref[k]), `seed ${seed}`).toBeLessThanOrEqual(1e-12 * ref[0]);
    }
    expect(pageErrors(lost)).toEqual([]);
  });
});
