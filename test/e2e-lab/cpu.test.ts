/**
 * The lab without WebGPU (headless Chromium without the WebGPU flags): 'auto' runs the batch
 * views on the CPU engine, and asking for the GPU says why it cannot.
 */
import { describe, expect, it } from 'vitest';
import { BASE_FLAGS, labPageSuite, poll as pollFor } from '../e2e/harness';

const lab = labPageSuite(BASE_FLAGS);

const status = (id: string) => lab.page.getAttribute(`[data-testid="${id}"]`, 'data-status');
const poll = <T>(fn: () => Promise<T>) => pollFor(fn, 30_000);

describe('lab without WebGPU', () => {
  it('α sweep on auto runs on the CPU; GPU is refused with the reason', async () => {
    await lab.page.getByTestId('lab-tab-alpha').click();
    await lab.page.getByTestId('alpha-W').fill('16');
    await lab.page.getByTestId('alpha-steps').fill('20');
    await lab.page.getByTestId('alpha-run-run').click();
    await poll(() => status('alpha-run')).toBe('done');
    expect(await lab.page.getByTestId('alpha-backend-used').textContent()).toBe('CPU');
    await lab.page.getByTestId('alpha-backend').selectOption('gpu');
    await lab.page.getByTestId('alpha-run-run').click();
    await poll(() => status('alpha-run')).toBe('error');
    expect(await lab.page.getByTestId('alpha-run-status').textContent()).toMatch(
      /^GPU backend unavailable/,
    );
  });

  it('basin maps on auto run on the CPU', async () => {
    await lab.page.getByTestId('lab-tab-basin').click();
    await lab.page.getByTestId('basin-grid').selectOption('32');
    await lab.page.getByTestId('basin-steps').fill('20');
    await lab.page.getByTestId('basin-run-run').click();
    await poll(() => status('basin-run')).toBe('done');
    for (const k of [0, 1]) {
      expect(await lab.page.getByTestId(`basin-report-${k}`).textContent()).toMatch(
        /^CPU 32×32, 20 steps/,
      );
    }
  });
});
