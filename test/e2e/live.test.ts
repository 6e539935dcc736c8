/**
 * The live loop at the speed of the hand, on the CPU engine (no WebGPU): a fast α drag ends with
 * the arrows and both paths at the final α's values (float64 core), play/pause acts during a
 * drag and Pause stops at the step shown, and a real run whose B reaches exactly 0 keeps every
 * chart live with its floors shown.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import { createProblem } from '../../src/core/problems';
import { createCpuEngine } from '../../src/engine';
import type { Config } from '../../src/state/configSchema';
import { sampleSteps } from '../../src/state/pathSweep';
import { methodSpec, problemParams } from '../../src/state/runConfig';
import { roundingFloors } from '../../src/state/series';
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
      // Play acts at once (the status above); steps then follow at the engine's pace, which a
      // loaded 2-core machine slows while the drag re-sweeps the paths.
      await poll(async () => (await runSnapshot(page)).step, 6000).toBeGreaterThan(s0.step + 5);
      // The step on screen at the click is where the run stops: a batch in flight (the engine
      // runs in a worker) lands unseen and is rewound; counter and charts never move again.
      const { shown, samples } = await page.evaluate(() => {
        const s = window.__concord!.run.getState();
        (document.querySelector('[data-testid="play"]') as HTMLElement).click();
        return { shown: s.step, samples: s.series.length };
      });
      await poll(async () => (await runSnapshot(page)).status, 1000).toBe('paused');
      // The charts finish drawing what was on screen at the click (they redraw on a frame).
      await page.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
      );
      await page.waitForTimeout(200);
      const charts = await prints();
      for (let k = 0; k < 5; k++) {
        const now = await runSnapshot(page);
        expect([now.step, now.seriesLength]).toEqual([shown, samples]);
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

  it('a real run whose B reaches exactly 0: every chart stays live, floors shown, no page error', async () => {
    // Two objectives pulling to two points (unit curvature, no spread): plain gradient descent
    // with η = 1/4 lands on θ* where Σg = 0 holds exactly in float64.
    const hash = `#problem=quadratic-groups&K=2&d=2&seed=1&groups=2&groupRadius=2&spread=0&eigMin=1&eigMax=1&method=sum&compare=none&flow=loss&eta=0.25&stepsPerFrame=4`;
    const zp = await openApp(h, hash);
    try {
      const c = await zp.evaluate(() => window.__concord!.config.getState().config);
      expect([c.problem, c.K, c.eta, c.spread, c.eigMin, c.eigMax]).toEqual([
        'quadratic-groups',
        2,
        0.25,
        0,
        1,
        1,
      ]);
      // The float64 core: B = 0 exactly and F − F* within its rounding floor within 80 steps.
      const p = createProblem(c.problem, problemParams(c));
      const e = createCpuEngine({
        problem: p,
        method: methodSpec(c, p.K),
        flow: c.flow,
        eta: c.eta,
        starts: Float64Array.from(p.starts()[c.start]),
      });
      const floors = roundingFloors(p.K, p.Fstar, 'cpu');
      let zeroAt = -1;
      for (let t = 1; t <= 80 && zeroAt < 0; t++) {
        await e.advance(1);
        const r = await e.summaries();
        if (r.B[0] === 0 && r.status[0] === 0 && r.F[0] - p.Fstar! <= floors.gap) zeroAt = t;
      }
      expect(zeroAt).toBeGreaterThan(10);
      const charts = () =>
        Promise.all(
          ['b-chart', 'i-chart', 'loss-chart', 'gap-chart'].map((id) => canvasPrint(zp, id)),
        );
      await poll(async () => (await runSnapshot(zp)).backend).toBe('cpu');
      await zp.getByTestId('play').click();
      // The live run reaches B = 0 exactly (S > 0, status ok) and goes on past it.
      await poll(
        () =>
          zp.evaluate(() => {
            const s = window.__concord!.run.getState();
            return s.latest?.B === 0 && s.latest.status === 0 && s.step > 0;
          }),
        30_000,
      ).toBe(true);
      const atZero = await zp.evaluate(() => window.__concord!.run.getState().step);
      expect(atZero).toBeGreaterThanOrEqual(zeroAt);
      expect(await zp.getByTestId('b-value').textContent()).toBe('0');
      expect(await zp.getByTestId('gap-value').textContent()).toMatch(/^≤ \d\.\de-\d+$/);
      // Every chart keeps redrawing while the run goes on at B = 0.
      const before = await charts();
      await poll(async () => {
        const now = await charts();
        return now.every((x, k) => x !== before[k]);
      }, 20_000).toBe(true);
      // The log charts state their floors; B's zero samples are drawn at the floor and marked.
      const bLegend = await zp.getByTestId('b-chart').textContent();
      expect(bLegend).toContain(`≤ ${floors.B.toExponential(0)} (clamped)`);
      expect(await zp.getByTestId('gap-chart').textContent()).toContain('(clamped)');
      const marked = await zp.evaluate(`(async () => {
        const { drawnColumns } = await import('/src/ui/chartValues.ts');
        const s = window.__concord.run.getState();
        const B = s.series.B.subarray(0, s.series.length);
        return { zeros: B.filter((v) => v === 0).length, clamped: drawnColumns([B], true, s.floors.B).nClamped };
      })()`);
      const m = marked as { zeros: number; clamped: number };
      expect(m.zeros).toBeGreaterThan(0);
      expect(m.clamped).toBeGreaterThanOrEqual(m.zeros);
      await zp.getByTestId('play').click();
      expect(pageErrors(zp)).toEqual([]);
    } finally {
      await zp.close();
    }
  });

  it('threw no uncaught errors', () => {
    expect(pageErrors(page)).toEqual([]);
  });
});
