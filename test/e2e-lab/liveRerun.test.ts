/**
 * End-to-end, headless Chromium with WebGPU (SwiftShader): the α sweep recomputes on the GPU while
 * its steps field is stepped with the keyboard in two quick bursts (each burst debounced into one
 * run; the second cancels the first if it is still in flight). Every result the page shows is
 * recorded with the parameters of the run that made it: the parameters shown never go back to an
 * older value once a newer one was shown, the last result is the complete run at the final value,
 * and its final B and F − F* match the float64 CPU engine at that value within the multi-step
 * kernel's float32 bound |gpu − cpu| ≤ 1e-3·(1 + |cpu|) (test/engine/multiStep.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { alphaSweep } from '../../src/lab/alphaSweep';
import { batchProblem, defaultEta } from '../../src/ui/lab/problemChoice';
import { labPageSuite, pageErrors, poll as pollFor, WEBGPU_FLAGS } from '../e2e/harness';

/** Worlds: enough that a run on SwiftShader lasts longer than a burst and its debounce. */
const W = 1024;
const lab = labPageSuite(WEBGPU_FLAGS);

const status = () => lab.page.getAttribute('[data-testid="alpha-run"]', 'data-status');
const poll = <T>(fn: () => Promise<T>) => pollFor(fn, 90_000);

interface Shown {
  run: { W: number; steps: number; eta: number; tol: number };
  step: number;
}

/** Presses ArrowUp n times in the focused field, `gapMs` apart (a quick drag of the value). */
async function burst(n: number, gapMs: number): Promise<void> {
  for (let k = 0; k < n; k++) {
    await lab.page.keyboard.press('ArrowUp');
    await lab.page.waitForTimeout(gapMs);
  }
}

describe('live α sweep on the GPU', () => {
  it('a stepped parameter recomputes on the GPU, never shows a stale result, and ends at the core', async () => {
    await lab.page.getByTestId('lab-tab-alpha').click();
    await lab.page.getByTestId('alpha-W').fill(String(W));
    await lab.page.getByTestId('alpha-steps').fill('30');
    await lab.page.getByTestId('alpha-backend').selectOption('gpu');
    // A first run compiles the pipelines (slow on SwiftShader) before the drag.
    await lab.page.getByTestId('alpha-run-run').click();
    await poll(() => status()).toBe('done');
    await lab.page.evaluate(() => {
      const w = window as unknown as { __shown: unknown[] };
      w.__shown = [];
      const panel = document.querySelector('[data-testid="lab-alpha"]') as HTMLElement;
      let lastKey = '';
      new MutationObserver(() => {
        const rep = panel.querySelector('[data-testid="alpha-report"]');
        const run = rep?.getAttribute('data-run');
        const step = rep?.getAttribute('data-step');
        const key = `${run}/${step}`;
        if (run && key !== lastKey) {
          lastKey = key;
          w.__shown.push({ run: JSON.parse(run), step: Number(step) });
        }
      }).observe(panel, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await lab.page.getByTestId('alpha-live').check();
    await lab.page.getByTestId('alpha-steps').focus();
    await burst(5, 40);
    // The second burst starts once the first burst's run is on screen (its step-0 rows), so the
    // run at the final value usually starts while that one is still in flight and cancels it.
    await poll(async () => {
      const shown = (await lab.page.evaluate('window.__shown')) as Shown[];
      return shown.some((x) => x.run.steps === 35);
    }).toBe(true);
    await burst(5, 40);
    expect(await lab.page.getByTestId('alpha-steps').inputValue()).toBe('40');
    await poll(async () => {
      const shown = (await lab.page.evaluate('window.__shown')) as Shown[];
      const last = shown[shown.length - 1];
      return last && last.run.steps === 40 && last.step === 40 && (await status()) === 'done';
    }).toBe(true);
    // Anything still in flight would land within this wait.
    await lab.page.waitForTimeout(2000);
    const shown = (await lab.page.evaluate('window.__shown')) as Shown[];
    // Debounced: ten changes in two bursts, one run per burst (two more allowed for a page so
    // slow that a burst's key presses fall more than the 300 ms debounce apart).
    const values = new Set(shown.map((x) => x.run.steps));
    expect(values.size, JSON.stringify(shown)).toBeLessThanOrEqual(1 + 2 + 2);
    for (let k = 1; k < shown.length; k++) {
      expect(shown[k].run.steps, JSON.stringify(shown)).toBeGreaterThanOrEqual(
        shown[k - 1].run.steps,
      );
      if (shown[k].run.steps === shown[k - 1].run.steps) {
        expect(shown[k].step).toBeGreaterThanOrEqual(shown[k - 1].step);
      }
    }
    const last = shown[shown.length - 1];
    expect(last.run.steps).toBe(40);
    expect(last.step).toBe(40);
    expect(await lab.page.getByTestId('alpha-backend-used').textContent()).toBe('GPU');

    const rep = lab.page.getByTestId('alpha-report');
    const num = (xs: (number | null)[]) => xs.map((x) => (x === null ? Number.NaN : x));
    const gpuB = num(JSON.parse((await rep.getAttribute('data-final-b')) ?? '[]'));
    const gpuGap = num(JSON.parse((await rep.getAttribute('data-final-gap')) ?? '[]'));
    const problem = batchProblem('quadratic-groups', 1);
    expect(last.run.eta).toBe(defaultEta(problem));
    const cpu = await alphaSweep({
      problem,
      method: { id: 'cosine', mode: 'simultaneous' },
      W,
      eta: last.run.eta,
      steps: 40,
      tol: last.run.tol,
      backend: 'cpu',
    });
    expect(gpuB.length).toBe(W);
    for (let w = 0; w < W; w++) {
      const label = `world ${w} (α = ${cpu.alpha[w]})`;
      expect(Math.abs(gpuB[w] - cpu.finalB[w]), label).toBeLessThanOrEqual(
        1e-3 * (1 + Math.abs(cpu.finalB[w])),
      );
      expect(Math.abs(gpuGap[w] - cpu.finalGap[w]), label).toBeLessThanOrEqual(
        1e-3 * (1 + Math.abs(cpu.finalGap[w])),
      );
    }
    expect(pageErrors(lab.page)).toEqual([]);
  }, 240_000);
});
