/**
 * The live loop at the speed of the hand, on the CPU engine (no WebGPU): a fast α drag ends with
 * the arrows and both paths at the final α's values (float64 core), play/pause acts during a
 * drag, and charts stay live whatever values the series carry (0, negative, NaN, ±∞).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import { createProblem } from '../../src/core/problems';
import { createCpuEngine } from '../../src/engine';
import type { Config } from '../../src/state/configSchema';
import { sampleSteps } from '../../src/state/pathSweep';
import { methodSpec, problemParams } from '../../src/state/runConfig';
import { dragAlpha } from './drag';
import {
  BASE_FLAGS,
  canvasPrint,
  type Harness,
  openApp,
  pageErrors,
  poll,
  runSnapshot,
  startHarness,
} from './harness';

const PRESET =
  '#problem=convex-pair&method=cosine&alpha=0.5&mode=simultaneous&compare=pcgrad&eta=0.02';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness(BASE_FLAGS);
  page = await openApp(h, PRESET);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** The float64 core's path of `method` from the start at the sample steps of `horizon`. */
async function corePath(c: Config, method: Config['method'], horizon: number): Promise<number[]> {
  const p = createProblem(c.problem, problemParams(c));
  const start = Float64Array.from(p.starts()[c.start % p.starts().length]);
  const e = createCpuEngine({
    problem: p,
    method: methodSpec(c, p.K, method),
    flow: c.flow,
    eta: c.eta,
    epsSwitch: c.epsSwitch,
    starts: start,
  });
  const steps = sampleSteps(horizon, 'cpu');
  const out = [start[0], start[1]];
  for (let k = 1; k < steps.length; k++) {
    await e.advance(steps[k] - steps[k - 1]);
    const th = await e.thetas();
    out.push(th[0], th[1]);
  }
  return out;
}

/** A print of each chart's canvas. */
const prints = () =>
  Promise.all(['b-chart', 'i-chart', 'loss-chart', 'gap-chart'].map((id) => canvasPrint(page, id)));

describe('live loop on the CPU engine', { timeout: 90_000 }, () => {
  it('a fast α drag ends with the arrows and both paths at the final α (float64 core)', async () => {
    await poll(() => page.evaluate(() => window.__concordPaths?.().swept ?? false)).toBe(true);
    const moves = await dragAlpha(page, 0.05, 30, 60);
    const final = moves[moves.length - 1].alpha;
    expect(final).toBeLessThan(0.2);
    const c = await page.evaluate(() => window.__concord!.config.getState().config);
    expect(c.alpha).toBe(final);
    // The view and the paths follow within the CPU bound (50 ms p95 in the benchmark; here 2 s).
    await poll(
      () =>
        page.evaluate(() => {
          const s = window.__concord!.run.getState();
          return [s.viewMethod?.alpha, s.paths?.methods[0].alpha];
        }),
      2000,
    ).toEqual([final, final]);
    const s = await runSnapshot(page);
    const K = s.K;
    const p = project({ K, d: 2, g: Float64Array.from(s.gradients!) }, methodSpec(c, K));
    expect(s.projected).toEqual(Array.from(p.projected));
    // The arrows on screen: g'_i / max‖g_i‖ (d = 2 is drawn directly).
    await poll(async () => {
      const tips = await page.evaluate(() => window.__concordScene?.tips()?.projected ?? null);
      if (!tips) return false;
      const g = s.gradients!;
      const maxNorm = Math.max(Math.hypot(g[0], g[1]), Math.hypot(g[2], g[3]));
      return tips.every(
        (t, i) =>
          Math.abs(t[0] - p.projected[2 * i] / maxNorm) < 1e-6 &&
          Math.abs(t[1] - p.projected[2 * i + 1] / maxNorm) < 1e-6,
      );
    }, 2000).toBe(true);
    // Both drawn paths equal the float64 core's paths at the final α.
    await poll(
      () => page.evaluate(() => window.__concordPaths!().main.length),
      2000,
    ).toBeGreaterThan(4);
    const horizon = await page.evaluate(() => window.__concord!.run.getState().paths!.horizon);
    const main = await corePath(c, c.method, horizon);
    const cmp = await corePath(c, c.compare as Config['method'], horizon);
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      a.length === b.length && Array.from(a).every((x, k) => Math.abs(x - b[k]) <= 1e-12);
    // The scene draws the store's paths on its next frame: poll until the drawn ones are final.
    await poll(async () => {
      const drawn = await page.evaluate(() => window.__concordPaths!());
      return same(drawn.main, main) && same(drawn.compare, cmp);
    }, 2000).toBe(true);
  });

  it('play and pause act at once during a drag', async () => {
    // α changes at 60 Hz in the page while the transport is used.
    await page.evaluate(() => {
      let k = 0;
      (window as unknown as { __dragTimer: number }).__dragTimer = window.setInterval(() => {
        k++;
        window
          .__concord!.config.getState()
          .update({ alpha: 0.2 + 0.6 * Math.abs(Math.sin(k / 9)) });
      }, 16);
    });
    try {
      const s0 = await runSnapshot(page);
      await page.getByTestId('play').click();
      await poll(async () => (await runSnapshot(page)).status, 1000).toBe('running');
      await poll(async () => (await runSnapshot(page)).step, 2000).toBeGreaterThan(s0.step + 5);
      // The step on screen at the click is where the run stops: a batch in flight (the engine
      // runs in a worker) lands unseen and is rewound; counter and charts never move again.
      const shown = await page.evaluate(() => {
        const before = window.__concord!.run.getState().step;
        (document.querySelector('[data-testid="play"]') as HTMLElement).click();
        return before;
      });
      await poll(async () => (await runSnapshot(page)).status, 1000).toBe('paused');
      const charts = await prints();
      for (let k = 0; k < 5; k++) {
        expect((await runSnapshot(page)).step).toBe(shown);
        await page.waitForTimeout(150);
      }
      expect(await page.getByTestId('step-count').textContent()).toBe(String(shown));
      expect(await prints()).toEqual(charts);
      // → steps once, during the drag.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('ArrowRight');
      await poll(async () => (await runSnapshot(page)).step, 1000).toBe(shown + 1);
    } finally {
      await page.evaluate(() =>
        clearInterval((window as unknown as { __dragTimer: number }).__dragTimer),
      );
    }
  });

  it('B, F − F* at exactly 0, negative, NaN and ±∞: every chart stays live, no page error', async () => {
    const before = await prints();
    // Samples as the runner appends them (series.ts appendSeries), with B = 0 and F = F* exactly.
    // (A string, so that the page's own module graph resolves the import, not the test's.)
    await page.evaluate(`(async () => {
      const { appendSeries } = await import('/src/state/series.ts');
      const run = window.__concord.run;
      const values = [0, 0, -1.674e-7, NaN, Infinity, -Infinity, 5e-324];
      for (const v of values) {
        const s = run.getState();
        const step = s.series.length ? s.series.step[s.series.length - 1] + 1 : 0;
        s.set({
          series: appendSeries(s.series, { step, B: v, I: v, F: v, gap: v, losses: [v, v] }),
          latest: { B: v, I: v, F: v, gap: v, conflicts: 0, status: 0, switchStep: -1 },
          step,
        });
        await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
    })()`);
    await poll(prints).not.toEqual(before);
    expect(await page.getByTestId('gap-value').textContent()).toMatch(/^≤ /);
    // The run goes on and the charts keep redrawing.
    const mid = await prints();
    await page.getByTestId('play').click();
    await poll(async () => (await prints())[0]).not.toBe(mid[0]);
    await page.getByTestId('play').click();
    expect(pageErrors(page)).toEqual([]);
  });

  it('threw no uncaught errors', () => {
    expect(pageErrors(page)).toEqual([]);
  });
});
