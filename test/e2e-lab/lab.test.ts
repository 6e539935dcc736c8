/**
 * End-to-end: the lab mounted alone on its scratch page (test/e2e-lab/lab.html) in headless
 * Chromium with WebGPU (SwiftShader). Each tab opens, runs something small, shows a result, and a
 * run is cancelled; the claims card shows exactly the CLI's measurement for the same seed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, poll as pollFor, startHarness, WEBGPU_FLAGS } from '../e2e/harness';

let h: Harness;
let page: Page;
let cliIm1: {
  measured: string;
  numbers: Record<string, number | null>;
  verdict: string;
  search: { best: Record<string, string> };
  spread: { holds: number };
};
const errors: string[] = [];

beforeAll(async () => {
  const cli = promisify(execFile)(
    'npx',
    ['tsx', 'src/cli/main.ts', 'claims', '--only', 'im-1', '--json', '--seed', '1'],
    { cwd: process.cwd() },
  );
  h = await startHarness(WEBGPU_FLAGS);
  page = await h.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${h.url}test/e2e-lab/lab.html`);
  // The dev server compiles the lab on first load; under a loaded machine that can take a while.
  await page.getByTestId('lab').waitFor({ timeout: 90_000 });
  cliIm1 = JSON.parse((await cli).stdout)[0];
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const status = (id: string) => page.getAttribute(`[data-testid="${id}"]`, 'data-status');
const poll = <T>(fn: () => Promise<T>) => pollFor(fn, 30_000);

describe('lab views', () => {
  it('claims: a card measures exactly what the CLI measures, and run-all can be cancelled', async () => {
    await page.getByTestId('claim-im-1-runbar-run').click();
    await poll(() => status('claim-im-1-runbar')).toBe('done');
    const value = page.getByTestId('claim-im-1-value');
    // im-1's numbers are rounding statistics (~1e-16) of random sets drawn with exp(N(0, 1))
    // scales, and Chromium's V8 and Node's V8 differ in the last bit of Math.exp: the page and
    // the CLI agree on the text with every number masked, on the search and seeds exactly, and on
    // the numbers to 1e-15.
    const mask = (t: string) => t.replace(/\d+(\.\d+)?e-\d+/g, '#');
    expect(mask((await value.textContent()) ?? '')).toBe(mask(`measured: ${cliIm1.measured}`));
    const numbers = JSON.parse((await value.getAttribute('data-numbers')) ?? '{}');
    for (const [k, v] of Object.entries(cliIm1.numbers)) {
      expect(Math.abs((numbers[k] as number) - (v as number))).toBeLessThanOrEqual(1e-15);
    }
    expect(await page.getByTestId('claim-im-1-best').textContent()).toBe(
      Object.entries(cliIm1.search.best)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', '),
    );
    expect(await page.getAttribute('[data-testid="claim-im-1-spread"]', 'data-holds')).toBe(
      String(cliIm1.spread.holds),
    );
    expect(await page.getAttribute('[data-testid="claim-im-1-verdict"]', 'data-verdict')).toBe(
      cliIm1.verdict,
    );
    await page.getByTestId('claims-all-run').click();
    await poll(() => status('claims-all')).toBe('running');
    await page.getByTestId('claims-all-cancel').click();
    await poll(() => status('claims-all')).toBe('cancelled');
    await page.waitForTimeout(300);
    expect(await page.getByTestId('claim-bf-7-value').textContent()).toBe(
      'not measured in this session yet',
    );
  });

  it('meta: cycles animate the heatmap on CPU and GPU, perturb charts, a long run is cancelled', async () => {
    await page.getByTestId('lab-tab-meta').click();
    await page.getByTestId('meta-cycles').fill('2');
    await page.getByTestId('meta-learn-run').click();
    await poll(() => status('meta-learn')).toBe('done');
    expect(await page.locator('[data-testid="meta-heatmap"] figcaption').textContent()).toBe(
      'A after cycle 2',
    );
    expect(await page.getByTestId('meta-delta-chart').count()).toBe(1);
    expect(await page.getByTestId('meta-inner-chart').count()).toBe(1);
    // The detected groups against the planted ones: ARI of A's groups and of cos's groups.
    expect(await page.getByTestId('meta-ari').textContent()).toMatch(
      /^A: -?[\d.e-]+ · cos: -?[\d.e-]+ \(k = \d+\)$/,
    );
    await page.getByTestId('meta-perturb-run').click();
    await poll(() => status('meta-perturb')).toBe('done');
    expect(await page.getByTestId('meta-stability-chart').count()).toBe(1);
    await page.getByTestId('meta-backend').selectOption('gpu');
    await page.getByTestId('meta-cycles').fill('1');
    await page.getByTestId('meta-learn-run').click();
    await poll(() => status('meta-learn')).toBe('done');
    expect(await page.locator('[data-testid="meta-heatmap"] figcaption').textContent()).toBe(
      'A after cycle 1',
    );
    await page.getByTestId('meta-backend').selectOption('cpu');
    await page.getByTestId('meta-cycles').fill('100');
    await page.getByTestId('meta-learn-run').click();
    await poll(() => page.locator('[data-testid="meta-heatmap"] figcaption').textContent()).toMatch(
      /^A after cycle [1-9]/,
    );
    await page.getByTestId('meta-learn-cancel').click();
    await poll(() => status('meta-learn')).toBe('cancelled');
    const title = await page.locator('[data-testid="meta-heatmap"] figcaption').textContent();
    expect(Number(title?.replace('A after cycle ', ''))).toBeLessThan(100);
  });

  it('Coulomb: fit shown with its residual and the m = K construction', async () => {
    await page.getByTestId('lab-tab-coulomb').click();
    await page.getByTestId('coulomb-run-run').click();
    await poll(() => status('coulomb-run')).toBe('done');
    const residual = Number(await page.getByTestId('coulomb-residual').textContent());
    expect(residual).toBeGreaterThanOrEqual(0);
    expect(residual).toBeLessThan(1);
    expect(Number(await page.getByTestId('coulomb-exact-max').textContent())).toBeLessThan(1e-10);
    expect(await page.locator('[data-testid="coulomb-scene"] canvas').count()).toBe(1);
  });

  it('α sweep: runs on the GPU, reports divergence, and cancels', async () => {
    await page.getByTestId('lab-tab-alpha').click();
    await page.getByTestId('alpha-W').fill('16');
    await page.getByTestId('alpha-steps').fill('20');
    await page.getByTestId('alpha-backend').selectOption('gpu');
    await page.getByTestId('alpha-run-run').click();
    await poll(() => status('alpha-run')).toBe('done');
    expect(await page.getByTestId('alpha-backend-used').textContent()).toBe('GPU');
    expect(await page.getAttribute('[data-testid="alpha-diverged"]', 'data-count')).toBe('0');
    expect(await page.getByTestId('alpha-b-chart').count()).toBe(1);
    await page.getByTestId('alpha-steps').fill('100000');
    await page.getByTestId('alpha-run-run').click();
    await poll(() => status('alpha-run')).toBe('running');
    await page.getByTestId('alpha-run-cancel').click();
    await poll(() => status('alpha-run')).toBe('cancelled');
  });

  it('basin maps: two canvases drawn on the GPU', async () => {
    await page.getByTestId('lab-tab-basin').click();
    await page.getByTestId('basin-grid').selectOption('32');
    await page.getByTestId('basin-steps').fill('20');
    await page.getByTestId('basin-backend').selectOption('gpu');
    await page.getByTestId('basin-run-run').click();
    await poll(() => status('basin-run')).toBe('done');
    for (const k of [0, 1]) {
      expect(await page.getByTestId(`basin-report-${k}`).textContent()).toMatch(
        /^GPU 32×32, 20 steps/,
      );
      const lit = await page.evaluate((id) => {
        const cv = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
        const px = cv?.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data;
        let n = 0;
        if (px) for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] > 60) n++;
        return n;
      }, `basin-canvas-${k}`);
      expect(lit).toBeGreaterThan(512);
    }
    expect(errors).toEqual([]);
  });

  // Last: the page has no GPU device afterwards.
  it('a GPU α sweep whose device is lost mid-run completes on the CPU with one notice', async () => {
    await page.getByTestId('lab-tab-alpha').click();
    await page.getByTestId('alpha-W').fill('4096');
    await page.getByTestId('alpha-steps').fill('20');
    await page.getByTestId('alpha-backend').selectOption('gpu');
    // In the page: start the sweep and destroy the lab's shared device while it runs (the
    // multi-step kernel advances all 20 steps in one batch, so the device goes while that batch
    // or its read-back is in flight). The dev server serves the one module instance the lab
    // uses; a string, so the test runner leaves the page's dynamic import alone.
    const during = await page.evaluate(`new Promise((resolve) => {
      import('/src/ui/gpu.ts').then((gpu) => {
        const run = document.querySelector('[data-testid="alpha-run"]');
        const seen = new MutationObserver(() => {
          if (run.getAttribute('data-status') === 'running') {
            seen.disconnect();
            gpu.getSharedDevice().destroy();
            resolve(run.getAttribute('data-status'));
          }
        });
        seen.observe(run, { attributes: true });
        document.querySelector('[data-testid="alpha-run-run"]').click();
      });
    })`);
    expect(during).toBe('running');
    await poll(() => status('alpha-run')).toBe('done');
    expect(await page.getByTestId('alpha-backend-used').textContent()).toBe('CPU');
    expect(await page.getByTestId('alpha-report').textContent()).toMatch(
      /^CPU, step 20: \d+\/4096 worlds/,
    );
    const notices = page.getByTestId('alpha-run-notice');
    expect(await notices.count()).toBe(1);
    expect(await notices.textContent()).toBe(
      'The GPU device was lost during the α sweep; it continued on the CPU from the start.',
    );
    const text = (await page.getByTestId('lab').textContent()) ?? '';
    expect(text).not.toMatch(/unmapped|mapAsync|GPU device lost \(/i);
    expect(errors).toEqual([]);
  });
});
