/**
 * End-to-end, headless Chromium with WebGPU (SwiftShader): a claim whose measurement runs its
 * rollouts on the engine (im-3: the meta-learning runs' batches and the inner-speed runs, both
 * on ctx.backend) measured from the Claims panel with the GPU backend, at the cheapest setting
 * (one seed, a search budget of one setting). It runs in the lab's worker on that worker's own
 * WebGPU device, completes, the card says the GPU measured it (no CPU fallback notice), its
 * numbers are defined, and the page raises no error; a claim without engine rollouts (im-1) says
 * the float64 core measured it. A long GPU measurement (im-2 at the default
 * seeds and budget) shows progress and is cancelled at once.
 */
import { describe, expect, it } from 'vitest';
import { labPageSuite, pageErrors, poll as pollFor, WEBGPU_FLAGS } from '../e2e/harness';

const lab = labPageSuite(WEBGPU_FLAGS);

const status = (id: string) => lab.page.getAttribute(`[data-testid="${id}"]`, 'data-status');

describe('claims measured on the GPU', () => {
  it('im-3 with the GPU backend completes in the worker and the card says GPU', async () => {
    await lab.page.getByTestId('lab-tab-claims').click();
    await lab.page.getByTestId('claims-seeds').fill('1');
    await lab.page.getByTestId('claims-budget').fill('1');
    await lab.page.getByTestId('claims-backend').selectOption('gpu');
    await lab.page.getByTestId('claim-im-3-runbar-run').click();
    await pollFor(() => status('claim-im-3-runbar'), 150_000).toBe('done');
    const on = lab.page.getByTestId('claim-im-3-backend');
    expect(await on.getAttribute('data-backend')).toBe('gpu');
    expect(await on.textContent()).toMatch(/^measured on: GPU \(float32, .+\)$/);
    expect(await lab.page.getByTestId('claim-im-3-backend-notice').count()).toBe(0);
    expect(await lab.page.getByTestId('claim-im-3-runbar-notice').count()).toBe(0);
    const numbers = JSON.parse(
      (await lab.page.getByTestId('claim-im-3-value').getAttribute('data-numbers')) ?? '{}',
    );
    // The inner rates of A_5 and of the baseline, measured on the GPU (defined on this setting).
    for (const k of ['rateA5', 'rateBaseline']) {
      expect(typeof numbers[k], `${k} in ${JSON.stringify(numbers)}`).toBe('number');
    }
    expect(await lab.page.getByTestId('claim-im-3-spread').getAttribute('data-holds')).toMatch(
      /^[01]$/,
    );
    // A claim without engine rollouts is measured by the float64 core, and its card says so.
    await lab.page.getByTestId('claim-im-1-runbar-run').click();
    await pollFor(() => status('claim-im-1-runbar'), 60_000).toBe('done');
    const im1 = lab.page.getByTestId('claim-im-1-backend');
    expect(await im1.getAttribute('data-backend')).toBe('cpu');
    expect(await im1.textContent()).toMatch(
      /^measured on: CPU \(float64\) \(this claim runs no engine/,
    );
    expect(pageErrors(lab.page)).toEqual([]);
  }, 200_000);

  it('a long GPU measurement reports progress and is cancelled at once', async () => {
    await lab.page.getByTestId('claims-seeds').fill('10');
    await lab.page.getByTestId('claims-budget').fill('0');
    await lab.page.getByTestId('claim-im-2-runbar-run').click();
    await pollFor(() => status('claim-im-2-runbar'), 30_000).toBe('running');
    await pollFor(
      async () =>
        Number(await lab.page.getByTestId('claim-im-2-runbar-progress').getAttribute('value')) > 0,
      60_000,
    ).toBe(true);
    await lab.page.getByTestId('claim-im-2-runbar-cancel').click();
    await pollFor(() => status('claim-im-2-runbar'), 5_000).toBe('cancelled');
    expect(await lab.page.getByTestId('claim-im-2-value').textContent()).toBe(
      'not measured in this session yet',
    );
    expect(pageErrors(lab.page)).toEqual([]);
  }, 120_000);
});
