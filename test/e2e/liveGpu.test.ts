/**
 * The live loop on WebGPU (SwiftShader): a fast α drag ends with the arrows and both paths at the
 * final α (paths within float32 tolerance of the float64 core), and a lost device — while playing
 * or during a read-back — lets the run go on on the CPU with one notice and no raw error.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import { createProblem } from '../../src/core/problems';
import { createCpuEngine } from '../../src/engine';
import type { Config } from '../../src/state/configSchema';
import { methodSpec, problemParams } from '../../src/state/runConfig';
import { dragAlpha } from './drag';
import {
  type Harness,
  openApp,
  pageErrors,
  poll,
  runSnapshot,
  startHarness,
  WEBGPU_FLAGS,
} from './harness';

const PRESET =
  '#problem=convex-pair&method=cosine&alpha=0.5&mode=simultaneous&compare=pcgrad&eta=0.02';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(WEBGPU_FLAGS);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function openOnGpu(hash = ''): Promise<Page> {
  const page = await openApp(h, hash);
  await poll(async () => (await runSnapshot(page)).backend).toBe('gpu');
  return page;
}

/** The notice and error texts on screen. */
async function notices(page: Page) {
  return page.evaluate(() => ({
    notices: [...document.querySelectorAll('[data-testid="notice"]')].map((n) => n.textContent),
    errors: [...document.querySelectorAll('[data-testid="run-error"]')].map((n) => n.textContent),
  }));
}

/** After a loss: the run goes on on the CPU, one notice, no raw error, no page error. */
async function expectContinuedOnCpu(page: Page, before: number) {
  await poll(async () => (await runSnapshot(page)).backend).toBe('cpu');
  await poll(async () => (await runSnapshot(page)).step).toBeGreaterThan(before + 3);
  const s = await runSnapshot(page);
  expect(s.status).toBe('running');
  const n = await notices(page);
  expect(n.errors).toEqual([]);
  expect(n.notices.length).toBe(1);
  const text = n.notices[0]!;
  expect(text).toMatch(/^GPU device lost/);
  expect(text.match(/GPU device lost/g)?.length).toBe(1);
  expect(text).toMatch(/continuing on the CPU from step \d+/);
  expect(text).not.toMatch(/unmapped|mapping/i);
  expect(pageErrors(page)).toEqual([]);
}

describe('live loop on WebGPU', { timeout: 120_000 }, () => {
  it('a fast α drag ends with the arrows and both paths at the final α', async () => {
    const page = await openOnGpu(PRESET);
    try {
      const moves = await dragAlpha(page, 0.1, 30, 60);
      const final = moves[moves.length - 1].alpha;
      await poll(
        () =>
          page.evaluate(() => {
            const s = window.__concord!.run.getState();
            return [
              s.viewMethod?.alpha,
              s.paths?.methods[0].alpha,
              s.paths?.backend,
              s.paths?.complete,
            ];
          }),
        60_000,
      ).toEqual([final, final, 'gpu', true]);
      const c = await page.evaluate(() => window.__concord!.config.getState().config);
      const s = await runSnapshot(page);
      const p = project({ K: s.K, d: 2, g: Float64Array.from(s.gradients!) }, methodSpec(c, s.K));
      expect(s.projected).toEqual(Array.from(p.projected));
      await poll(() => page.evaluate(() => window.__concordPaths!().main.length)).toBeGreaterThan(
        4,
      );
      const drawn = await page.evaluate(() => {
        const p = window.__concord!.run.getState().paths!;
        return {
          ...window.__concordPaths!(),
          steps: Array.from(p.steps),
          work: p.work,
          H: p.horizon,
        };
      });
      // One batched run: one read-back per sweep, one dispatch per method per 1024 steps, θ at
      // min(H, 256) + 1 sample steps or more.
      expect(drawn.work).toEqual({ dispatches: 2 * Math.ceil(drawn.H / 1024), readbacks: 1 });
      expect(drawn.steps.length).toBeGreaterThanOrEqual(Math.min(drawn.H, 256) + 1);
      // The float64 core at the same sample steps; float32 on the GPU: within 1e-3 of the box.
      const prob = createProblem(c.problem, problemParams(c));
      for (const [id, xy] of [
        [c.method, drawn.main],
        [c.compare as Config['method'], drawn.compare],
      ] as const) {
        const e = createCpuEngine({
          problem: prob,
          method: methodSpec(c, prob.K, id),
          flow: c.flow,
          eta: c.eta,
          epsSwitch: c.epsSwitch,
          starts: Float64Array.from(prob.starts()[c.start]),
        });
        expect(xy.length).toBe(2 * drawn.steps.length);
        for (let k = 1; k < drawn.steps.length; k++) {
          await e.advance(drawn.steps[k] - drawn.steps[k - 1]);
          const th = await e.thetas();
          expect(Math.abs(xy[2 * k] - th[0])).toBeLessThan(1e-3);
          expect(Math.abs(xy[2 * k + 1] - th[1])).toBeLessThan(1e-3);
        }
      }
      // Pause with a comparison on the GPU stops at the step shown (both views as they were),
      // and → continues from there.
      const s0 = (await runSnapshot(page)).step;
      await page.getByTestId('play').click();
      await poll(async () => (await runSnapshot(page)).step, 60_000).toBeGreaterThan(s0 + 3);
      const shownNow = () =>
        page.evaluate(() => {
          const r = window.__concord!.run.getState();
          return {
            step: r.step,
            version: r.version,
            theta: Array.from(r.view?.theta ?? []),
            compare: Array.from(r.compare?.view?.theta ?? []),
          };
        });
      const shown = await page.evaluate(() => {
        const r = window.__concord!.run.getState();
        (document.querySelector('[data-testid="play"]') as HTMLElement).click();
        return { step: r.step, version: r.version };
      });
      await page.evaluate(() => window.__concord!.runner.idle());
      const held = await shownNow();
      expect([held.step, held.version]).toEqual([shown.step, shown.version]);
      expect(held.compare.length).toBe(2);
      await page.waitForTimeout(300);
      expect(await shownNow()).toEqual(held);
      await page.evaluate(() => window.__concord!.runner.step());
      expect((await runSnapshot(page)).step).toBe(shown.step + 1);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the device destroyed while playing: the run goes on on the CPU, one notice', async () => {
    const page = await openOnGpu();
    try {
      await page.getByTestId('play').click();
      await poll(async () => (await runSnapshot(page)).step).toBeGreaterThan(3);
      const before = (await runSnapshot(page)).step;
      await page.evaluate(() => window.__concord!.gpuDevice()!.destroy());
      await expectContinuedOnCpu(page, before);
    } finally {
      await page.close();
    }
  });

  it('the device destroyed during a read-back: cancelled cleanly, the run goes on on the CPU', async () => {
    const page = await openOnGpu();
    try {
      const before = (await runSnapshot(page)).step;
      // A step (advance and read-back) is issued, and the device goes before it can land.
      await page.evaluate(() => {
        void window.__concord!.runner.step();
        window.__concord!.runner.play();
        window.__concord!.gpuDevice()!.destroy();
      });
      await expectContinuedOnCpu(page, before);
    } finally {
      await page.close();
    }
  });
});
