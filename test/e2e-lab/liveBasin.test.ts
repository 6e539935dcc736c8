/**
 * End-to-end, headless Chromium with WebGPU (SwiftShader): the basin maps recompute on the GPU
 * while their steps field is stepped with the keyboard (debounced into few runs, the newest
 * cancelling an older one in flight). The steps of the maps on screen never go back to an older
 * value, the last maps are at the final value on the GPU, and their pixels equal the float64 CPU
 * maps' at that value to two colour levels (end points differ by float32 rounding only). The
 * convex pair is smooth; on the CAGrad toy a path that meets the log singularity |a| → 0 jumps,
 * and float32 and float64 then part for good (8% of a 32² sum map at T = 108), so that problem
 * is no test of the kernels.
 */
import { describe, expect, it } from 'vitest';
import { basinMap, basinPixels } from '../../src/lab/basinMap';
import { batchProblem, defaultEta } from '../../src/ui/lab/problemChoice';
import { labPageSuite, pageErrors, poll as pollFor, WEBGPU_FLAGS } from '../e2e/harness';

const N = 32;
const lab = labPageSuite(WEBGPU_FLAGS);

const poll = <T>(fn: () => Promise<T>) => pollFor(fn, 90_000);
const runOf = async (k: number) =>
  JSON.parse(
    (await lab.page.getAttribute(`[data-testid="basin-report-${k}"]`, 'data-run')) ?? 'null',
  );

describe('live basin maps on the GPU', () => {
  it('a stepped parameter recomputes both maps on the GPU, never goes back, and ends at the core', async () => {
    await lab.page.getByTestId('lab-tab-basin').click();
    await lab.page.getByTestId('basin-problem').selectOption('convex-pair');
    await lab.page.getByTestId('basin-grid').selectOption(String(N));
    await lab.page.getByTestId('basin-steps').fill('100');
    await lab.page.getByTestId('basin-backend').selectOption('gpu');
    await lab.page.getByTestId('basin-method-1').selectOption('pcgrad');
    await lab.page.getByTestId('basin-run-run').click();
    await poll(async () => (await runOf(1))?.steps).toBe(100);
    await lab.page.evaluate(() => {
      const w = window as unknown as { __basinShown: number[] };
      w.__basinShown = [];
      const panel = document.querySelector('[data-testid="lab-basin"]') as HTMLElement;
      new MutationObserver(() => {
        for (const k of [0, 1]) {
          const run = panel
            .querySelector(`[data-testid="basin-report-${k}"]`)
            ?.getAttribute('data-run');
          if (!run) continue;
          const steps = JSON.parse(run).steps as number;
          if (w.__basinShown[w.__basinShown.length - 1] !== steps) w.__basinShown.push(steps);
        }
      }).observe(panel, { subtree: true, childList: true, attributes: true });
    });
    await lab.page.getByTestId('basin-live').check();
    await lab.page.getByTestId('basin-steps').focus();
    for (let k = 0; k < 8; k++) {
      await lab.page.keyboard.press('ArrowUp');
      await lab.page.waitForTimeout(40);
    }
    expect(await lab.page.getByTestId('basin-steps').inputValue()).toBe('108');
    await poll(async () => [(await runOf(0))?.steps, (await runOf(1))?.steps]).toEqual([108, 108]);
    await lab.page.waitForTimeout(1500);
    const shown = (await lab.page.evaluate('window.__basinShown')) as number[];
    for (let k = 1; k < shown.length; k++) {
      expect(shown[k], JSON.stringify(shown)).toBeGreaterThanOrEqual(shown[k - 1]);
    }
    expect(new Set(shown).size, JSON.stringify(shown)).toBeLessThanOrEqual(4);

    const problem = batchProblem('convex-pair', 1);
    for (const [k, id] of [
      [0, 'sum'],
      [1, 'pcgrad'],
    ] as const) {
      expect(await runOf(k)).toEqual({ n: N, steps: 108, backend: 'gpu' });
      const drawn = (await lab.page.evaluate((k) => {
        const cv = document.querySelector(`[data-testid="basin-canvas-${k}"]`) as HTMLCanvasElement;
        return Array.from(cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data);
      }, k)) as number[];
      const cpu = await basinMap({
        problem,
        method: { id, seed: 1 },
        n: N,
        eta: defaultEta(problem),
        steps: 108,
        backend: 'cpu',
      });
      const want = basinPixels(cpu, 'end');
      expect(drawn.length).toBe(want.length);
      let off = 0;
      for (let p = 0; p < N * N; p++) {
        let m = 0;
        for (let ch = 0; ch < 3; ch++)
          m = Math.max(m, Math.abs(drawn[4 * p + ch] - want[4 * p + ch]));
        if (m > 2) off++;
      }
      expect(off, `${id}: pixels off by more than 2 levels`).toBe(0);
    }
    expect(pageErrors(lab.page)).toEqual([]);
  }, 240_000);
});
