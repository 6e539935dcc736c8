/**
 * The teaching view end to end (CPU engine, WebGL2 on SwiftShader): the tour from start to
 * finish with each step's configuration applied; dragging an arrow tip of the sandbox gives the
 * float64 core's g′_i for the new gradients; a 390 × 844 phone has no horizontal overflow and
 * shows the scene; no two labels overlap in the group-discovery preset at 1280 × 800; the
 * exported PNG holds the heatmaps.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project } from '../../src/core/methods/index';
import { presetConfig } from '../../src/state/presets';
import { TOUR_STEPS } from '../../src/tour/steps';
import { BASE_FLAGS, type Harness, openApp, pageErrors, poll, startHarness } from './harness';

let h: Harness;
let sandbox: Page;
let groups: Page;

beforeAll(async () => {
  h = await startHarness(BASE_FLAGS);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Opens the app in a fresh context (its own localStorage); the tour counts as done unless asked. */
async function open(hash: string, w = 1280, hgt = 800, tourDone = true) {
  const ctx = await h.browser.newContext({ viewport: { width: w, height: hgt } });
  if (tourDone) await ctx.addInitScript(() => localStorage.setItem('concord.tour', 'done'));
  // openApp opens its page through h.browser.newPage: give it this context's page instead.
  const shim = { ...h, browser: { newPage: () => ctx.newPage() } } as unknown as Harness;
  return openApp(shim, hash, w, hgt);
}

/** Whether the first element matching `sel` is rendered and its centre lies inside the window. */
function onScreen(page: Page, sel: string) {
  return page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el?.checkVisibility()) return false;
    const r = el.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    return (
      r.width > 0 && r.height > 0 && cx >= 0 && cy >= 0 && cx <= innerWidth && cy <= innerHeight
    );
  }, sel);
}

const config = (p: Page) => p.evaluate(() => window.__concord!.config.getState().config);

describe('teaching view', { timeout: 120_000 }, () => {
  it('a first visit opens on a story in the plane; the tour runs start to finish by keyboard', async () => {
    const page = await open('', 1280, 800, false);
    const c0 = await config(page);
    expect(c0.preset).toBe('pcgrad-vs-cosine');
    expect(c0.problem).toBe('convex-pair');
    await page.getByTestId('tour-offer').waitFor();
    await page.keyboard.press('Enter');
    for (let k = 0; k < TOUR_STEPS.length; k++) {
      const step = TOUR_STEPS[k];
      await poll(() => page.getByTestId('tour-card').getAttribute('data-step')).toBe(step.id);
      const c = await config(page);
      const want = {
        ...(step.preset ? presetConfig(step.preset)! : {}),
        view: 'live',
        ...step.patch,
      };
      for (const key of [
        'preset',
        'problem',
        'method',
        'source',
        'view',
        'alpha',
        'sandboxG',
      ] as const) {
        expect(c[key], `${step.id}.${key}`).toEqual(want[key]);
      }
      // The step points at something that is on screen: shown, its centre inside the window.
      await poll(() => onScreen(page, step.target), 5_000).toBe(true);
      if (k === 1) {
        await page.keyboard.press('Escape');
        await poll(() => page.getByTestId('tour-card').count()).toBe(0);
        expect(await page.evaluate(() => localStorage.getItem('concord.tour'))).toBe('1');
        await page.getByTestId('tour-open').click();
        await poll(() => page.getByTestId('tour-card').getAttribute('data-step')).toBe(step.id);
        await page.getByTestId('play').click();
        await poll(() => page.getByTestId('tour-task').getAttribute('data-done')).toBe('true');
        await page.getByTestId('play').click();
      }
      await page.locator('body').click({ position: { x: 5, y: 790 } });
      await page.keyboard.press('ArrowRight');
    }
    await poll(() => page.getByTestId('tour-card').count()).toBe(0);
    expect((await config(page)).view).toBe('lab');
    expect(await page.evaluate(() => localStorage.getItem('concord.tour'))).toBe('done');
    expect(pageErrors(page)).toEqual([]);
  });

  it("dragging a sandbox arrow tip gives the float64 core's g′_i for the new gradients", async () => {
    sandbox = await open('#preset=sandbox');
    const page = sandbox;
    await poll(() => page.evaluate(() => window.__concordScene?.clientTips()?.length ?? 0)).toBe(2);
    const before = await page.evaluate(() =>
      Array.from(window.__concord!.run.getState().view!.gradients),
    );
    const tips = (await page.evaluate(() => window.__concordScene!.clientTips()))!;
    const [x, y] = tips[1];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) await page.mouse.move(x + 6 * k, y + 9 * k);
    await page.mouse.up();
    const s = await page.evaluate(() => {
      const r = window.__concord!.run.getState();
      return {
        g: Array.from(r.view!.gradients),
        p: Array.from(r.view!.projected),
        text: window.__concord!.config.getState().config.sandboxG,
      };
    });
    expect(s.g.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(s.g.slice(2)).not.toEqual(before.slice(2));
    // Dragged down and to the right on screen: x grows, y falls.
    expect(s.g[2]).toBeGreaterThan(before[2]);
    expect(s.g[3]).toBeLessThan(before[3]);
    const want = project(
      { K: 2, d: 2, g: Float64Array.from(s.g) },
      { id: 'pcgrad', order: 'fixed', tau: 1e-9 },
    );
    for (let k = 0; k < 4; k++) expect(Math.abs(s.p[k] - want.projected[k])).toBeLessThan(1e-12);
    // The tip on screen follows the pointer.
    const after = (await page.evaluate(() => window.__concordScene!.clientTips()))!;
    await poll(async () => {
      const t = (await page.evaluate(() => window.__concordScene!.clientTips()))!;
      return Math.hypot(t[1][0] - (x + 48), t[1][1] - (y + 72));
    }).toBeLessThan(3);
    expect(after).toHaveLength(2);
    // The construction is drawn for the dragged gradient.
    expect(await page.getByTestId('construction-label').getAttribute('data-method')).toBe('pcgrad');
    // A gradient MGDA gives weight 0 (g′1 = 0 here) keeps its label, at its raw tip.
    await page.evaluate(() =>
      window.__concord!.config.getState().update({
        method: 'mgda',
        sandboxG: '1,0.3;0.4,1;-0.3,-0.9',
      }),
    );
    await poll(() =>
      page.evaluate(() => {
        const p = window.__concord!.run.getState().view?.projected;
        return p ? Math.hypot(p[0], p[1]) : Number.NaN;
      }),
    ).toBeLessThan(1e-9);
    await poll(() =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.concord-scene-label[data-objective]'))
          .filter((e) => e.checkVisibility())
          .map((e) => e.dataset.objective),
      ),
    ).toEqual(['0', '1', '2', 'direction']);
    expect(pageErrors(page)).toEqual([]);
  });

  it('the top bar keeps one height whatever the story', async () => {
    const page = sandbox;
    const heights: number[] = [];
    for (const id of ['', 'pcgrad-vs-cosine', 'cagrad-toy', 'ill-conditioned', 'sandbox']) {
      await page.evaluate((p) => {
        const st = window.__concord!.config.getState();
        if (p) st.applyPreset(p);
        else st.update({ preset: '' });
      }, id);
      heights.push(
        await page.evaluate(
          () => document.querySelector('[data-testid="topbar"]')!.getBoundingClientRect().height,
        ),
      );
    }
    expect(new Set(heights).size).toBe(1);
  });

  it('at 390 × 844 there is no horizontal overflow and the scene is on screen', async () => {
    const page = sandbox;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.__concord!.config.getState().applyPreset('pcgrad-vs-cosine'));
    await page.waitForTimeout(300);
    const m = await page.evaluate(() => {
      const r = document.querySelector('[data-testid="scene"]')!.getBoundingClientRect();
      const bar = document.querySelector('[data-testid="topbar"]')!.getBoundingClientRect();
      return {
        scroll: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        scene: [r.left, r.top, r.width, r.height],
        bar: bar.height,
      };
    });
    expect(m.scroll).toBeLessThanOrEqual(390);
    expect(m.body).toBeLessThanOrEqual(390);
    expect(m.scene[0]).toBeGreaterThanOrEqual(0);
    expect(m.scene[0] + m.scene[2]).toBeLessThanOrEqual(390);
    expect(m.scene[2]).toBeGreaterThan(300);
    expect(m.scene[1]).toBeLessThan(844 - 250);
    expect(m.scene[3]).toBeGreaterThan(250);
    expect(m.bar).toBe(52);
    // The preset picker is whole on screen in the bar (not scrolled out of it).
    const sel = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="preset"]')!;
      const r = el.getBoundingClientRect();
      // Not covered by the bar's other items: each end of the select is the select itself.
      const y = r.top + r.height / 2;
      const ends = [r.left + 4, r.right - 4].map((x) => document.elementFromPoint(x, y) === el);
      return { box: [r.left, r.right, r.width], ends };
    });
    expect(sel.box[0]).toBeGreaterThanOrEqual(0);
    expect(sel.box[1]).toBeLessThanOrEqual(390);
    expect(sel.box[2]).toBeGreaterThan(120);
    expect(sel.ends).toEqual([true, true]);
    // The controls are in a drawer, closed at first, that opens.
    const left = () =>
      page.evaluate(
        () =>
          document.querySelector('[data-testid="controls-drawer"]')!.getBoundingClientRect().right,
      );
    await poll(left).toBeLessThanOrEqual(0);
    await page.getByTestId('drawer-toggle').click();
    await poll(left).toBeGreaterThan(200);
    expect(pageErrors(page)).toEqual([]);
  });

  it('an imported float32 safetensors file shows its task names, its own title and link, and says float32', async () => {
    const page = sandbox;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('import-input').setInputFiles({
      name: 'torch-gradients.safetensors',
      mimeType: 'application/octet-stream',
      buffer: readFileSync('test/fixtures/torch-gradients.safetensors'),
    });
    await poll(() => page.evaluate(() => window.__concord!.config.getState().config.source)).toBe(
      'imported',
    );
    await poll(() =>
      page.evaluate(() =>
        Array.from(
          document.querySelectorAll('.concord-scene-label[data-objective]'),
          (e) => (e.textContent ?? '').split(' · ')[0],
        ).filter((t) => t !== 'd/K'),
      ),
    ).toEqual(['depth', 'normals', 'segmentation', 'edges']);
    expect(await page.title()).toBe('Concord — torch-gradients.safetensors');
    expect(await page.evaluate(() => location.hash)).toContain('preset=&');
    expect(await page.getByTestId('preset-story').textContent()).toContain('float32');
    expect(await page.getByTestId('backend-status').textContent()).toContain('float32');
    await page.getByTestId('back-to-live').click();
    await poll(() => page.evaluate(() => window.__concord!.config.getState().config.source)).toBe(
      'problem',
    );
    expect(pageErrors(page)).toEqual([]);
  });

  it('no two labels overlap in the group-discovery preset at 1280 × 800', async () => {
    groups = await open('#preset=group-discovery');
    const page = groups;
    await poll(() => page.evaluate(() => window.__concord!.run.getState().groups !== null)).toBe(
      true,
    );
    await poll(() =>
      page.evaluate(() => document.querySelectorAll('.concord-scene-label[data-objective]').length),
    ).toBe(13);
    await page.waitForTimeout(500);
    // Every objective label (g1…g12 and d/K) is shown, inside the scene.
    const objectives = await page.evaluate(() => {
      const s = document.querySelector('[data-testid="scene"]')!.getBoundingClientRect();
      return Array.from(
        document.querySelectorAll<HTMLElement>('.concord-scene-label[data-objective]'),
        (e) => {
          const r = e.getBoundingClientRect();
          return {
            id: e.dataset.objective,
            text: e.textContent ?? '',
            shown: e.checkVisibility() && r.width > 0 && r.height > 0,
            inside:
              r.left >= s.left - 0.5 &&
              r.top >= s.top - 0.5 &&
              r.right <= s.right + 0.5 &&
              r.bottom <= s.bottom + 0.5,
          };
        },
      );
    });
    expect(objectives.map((o) => o.id)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => String(i)),
      'direction',
    ]);
    for (const o of objectives) {
      expect(o.text, o.id).not.toBe('');
      expect(o.shown, `label ${o.id} shown`).toBe(true);
      expect(o.inside, `label ${o.id} inside the scene`).toBe(true);
    }
    // No two of the shown labels (the objectives' and the construction's note) overlap.
    const boxes = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.concord-scene-label'))
        .filter((e) => e.checkVisibility() && e.textContent)
        .map((e) => {
          const r = e.getBoundingClientRect();
          return [r.left, r.top, r.width, r.height];
        }),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(13);
    for (let a = 0; a < boxes.length; a++) {
      for (let b = a + 1; b < boxes.length; b++) {
        const [ax, ay, aw, ah] = boxes[a];
        const [bx, by, bw, bh] = boxes[b];
        const hit = ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
        expect(hit, `labels ${a} and ${b} overlap`).toBe(false);
      }
    }
  });

  it('the exported PNG is the whole view and contains the heatmaps', async () => {
    const page = groups;
    await page.getByTestId('step').click();
    await poll(() => page.evaluate(() => window.__concord!.run.getState().step)).toBeGreaterThan(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-png').click(),
    ]);
    const png = readFileSync((await download.path())!);
    const r = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const cv = document.createElement('canvas');
      cv.width = img.width;
      cv.height = img.height;
      const ctx = cv.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const layout = window.__concordExport!;
      const stats: Record<string, { ink: number; colours: number; match: number }> = {};
      for (const key of ['heatmapA', 'heatmapCos']) {
        const [x, y, w, hh] = layout.regions[key];
        const px = ctx.getImageData(
          Math.round(x),
          Math.round(y),
          Math.round(w),
          Math.round(hh),
        ).data;
        const seen = new Set<number>();
        let ink = 0;
        for (let k = 0; k < px.length; k += 4) {
          seen.add((px[k] << 16) | (px[k + 1] << 8) | px[k + 2]);
          if (
            Math.max(
              Math.abs(px[k] - 0x16),
              Math.abs(px[k + 1] - 0x1b),
              Math.abs(px[k + 2] - 0x22),
            ) > 24
          )
            ink++;
        }
        // The same cells as the heatmap on screen: compare at the centre of cell (2, 5).
        const src = document.querySelector<HTMLCanvasElement>(
          `[data-testid="${key === 'heatmapA' ? 'heatmap-a' : 'heatmap-cos'}"] canvas`,
        )!;
        const sctx = src.getContext('2d')!;
        const fx = 0.5;
        const fy = 0.6;
        const a = sctx.getImageData(
          Math.floor(fx * src.width),
          Math.floor(fy * src.height),
          1,
          1,
        ).data;
        const b = ctx.getImageData(Math.floor(x + fx * w), Math.floor(y + fy * hh), 1, 1).data;
        stats[key] = {
          ink: ink / (px.length / 4),
          colours: seen.size,
          match: Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])),
        };
      }
      return { stats, width: img.width, height: img.height, regions: Object.keys(layout.regions) };
    }, png.toString('base64'));
    for (const key of ['heatmapA', 'heatmapCos']) {
      expect(r.stats[key].ink, key).toBeGreaterThan(0.5);
      expect(r.stats[key].colours, key).toBeGreaterThan(20);
      expect(r.stats[key].match, key).toBeLessThan(12);
    }
    expect(r.regions).toContain('scene');
    expect(r.regions.some((k) => k.startsWith('chart'))).toBe(true);
    expect(await page.locator('[data-capture]', { hasText: 'renderer' }).count()).toBe(0);
  });
  it('the coefficient heatmap keeps its locked scale when α goes from 0 to 0.5', async () => {
    const page = groups;
    const offDiag = () =>
      page.evaluate(() => {
        const r = window.__concord!.run.getState();
        const C = r.view?.C;
        if (!C) return Number.NaN;
        let m = 0;
        for (let i = 0; i < r.K; i++)
          for (let j = 0; j < r.K; j++) if (i !== j) m = Math.max(m, Math.abs(C[i * r.K + j]));
        return m;
      });
    const range = async () =>
      Number(await page.getByTestId('heatmap-a-scale').getAttribute('data-range'));
    expect((await config(page)).method).toBe('cosine');
    expect(await page.getByTestId('heatmap-a-scale-mode').inputValue()).toBe('locked');
    await page.evaluate(() => window.__concord!.config.getState().update({ alpha: 0 }));
    // α = 0 is the plain sum: C = I.
    await poll(offDiag).toBe(0);
    const r0 = await range();
    expect(r0).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => window.__concord!.config.getState().update({ alpha: 0.5 }));
    await poll(offDiag).toBeGreaterThan(0.05);
    const c05 = await offDiag();
    expect(c05).toBeLessThan(r0);
    // Locked: the range stays; this view: the range is the matrix's own largest value.
    await poll(range).toBe(r0);
    await page.getByTestId('heatmap-a-scale-mode').selectOption('view');
    await poll(range).toBeCloseTo(c05, 9);
    await page.getByTestId('heatmap-a-scale-mode').selectOption('locked');
    await poll(range).toBe(r0);
    // ↺ restarts the locked scale from the matrix on screen.
    await page.getByTestId('heatmap-a-scale').getByRole('button').click();
    await poll(range).toBeCloseTo(c05, 9);
  });

  it('every symbol has its hover definition (sentence and formula), on screen whole', async () => {
    const page = groups;
    const { SYMBOLS } = await import('../../src/ui/symbols');
    const seen = new Set<string>();
    const tried: string[] = [];
    /** Hovers every symbol on screen not hovered yet and checks its popup. */
    const hoverNew = async (where: string) => {
      await page.waitForTimeout(100);
      const ids = await page.evaluate(() =>
        Array.from(
          new Set(
            Array.from(document.querySelectorAll<HTMLElement>('[data-sym]'))
              .filter((e) => e.checkVisibility())
              .map((e) => e.dataset.sym!),
          ),
        ),
      );
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        tried.push(`${where}:${id}`);
        const def = SYMBOLS[id as keyof typeof SYMBOLS];
        expect(def, id).toBeDefined();
        const sym = page.locator(`[data-sym="${id}"]`).filter({ visible: true }).first();
        // The popup, once placed (a layout shift under a still pointer may close it: hover again).
        let got: { text: string; katex: boolean; box: number[]; fits: boolean } | null = null;
        for (let attempt = 0; attempt < 3 && !got; attempt++) {
          await sym.hover();
          got = await page
            .waitForFunction(
              (want) => {
                const e = document.querySelector(`[data-testid="sym-pop"][data-for="${want}"]`);
                if (!e || getComputedStyle(e).visibility !== 'visible') return null;
                const r = e.getBoundingClientRect();
                return {
                  text: e.textContent ?? '',
                  katex: e.querySelector('.katex') !== null,
                  box: [r.left, r.top, r.right, r.bottom],
                  fits: e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1,
                };
              },
              id,
              { timeout: 3_000 },
            )
            .then((handle) => handle.jsonValue())
            .catch(() => null);
        }
        expect(got, `${id}: popup shown on hover`).not.toBeNull();
        if (!got) return;
        expect(got.text, id).toContain(def.sentence);
        expect(got.katex, `${id}: formula typeset`).toBe(true);
        const [l, t, r, b] = got.box;
        expect(l, `${id} left`).toBeGreaterThanOrEqual(0);
        expect(t, `${id} top`).toBeGreaterThanOrEqual(0);
        expect(r, `${id} right`).toBeLessThanOrEqual(1280);
        expect(b, `${id} bottom`).toBeLessThanOrEqual(800);
        expect(got.fits, `${id}: nothing cut inside the popup`).toBe(true);
        await page.mouse.move(640, 795);
      }
    };
    const set = (patch: Record<string, unknown>) =>
      page.evaluate((p) => window.__concord!.config.getState().update(p), patch);
    await hoverNew('group-discovery');
    for (const method of ['interaction', 'gradvac', 'cagrad', 'pcgrad']) {
      await set({ method });
      // GradVac's targets φ̂ exist once a step has used them.
      if (method === 'gradvac') {
        await page.getByTestId('step').click();
        await poll(() => page.locator('[data-sym="phi"]').count()).toBeGreaterThan(0);
      }
      await hoverNew(method);
    }
    await page.evaluate(() => window.__concord!.config.getState().applyPreset('pcgrad-vs-cosine'));
    await poll(() => page.locator('[data-sym="thetaStar"]').count()).toBeGreaterThan(0);
    await hoverNew('pcgrad-vs-cosine');
    expect([...seen].sort(), tried.join(' ')).toEqual(Object.keys(SYMBOLS).sort());
    expect(pageErrors(page)).toEqual([]);
  });

  it('a run that freezes far from F* says so on screen in one sentence', async () => {
    const page = groups;
    // The compared path (PCGrad in "PCGrad vs cosine-scaled") gets its own finding.
    await page.evaluate(() => {
      const st = window.__concord!.config.getState();
      st.applyPreset('pcgrad-vs-cosine');
      st.update({ stepsPerFrame: 100 });
    });
    await poll(() => config(page).then((c) => c.compare)).toBe('pcgrad');
    expect(await page.getByTestId('fixed-points-compare').textContent()).toContain(
      'Compared, where it stops: PCGrad stops',
    );
    await page.getByTestId('play').click();
    await poll(() => page.getByTestId('finding-compare').textContent(), 60_000).toContain(
      'PCGrad has stopped for good',
    );
    await page.getByTestId('play').click();
    const cmp = (await page.getByTestId('finding-compare').textContent()) ?? '';
    expect(Number(/F − F\* = ([0-9.]+)/.exec(cmp)![1])).toBeGreaterThan(1e-3);
    expect(await onScreen(page, '[data-testid="finding-compare"]')).toBe(true);
    await page.evaluate(() => {
      const st = window.__concord!.config.getState();
      st.applyPreset('ill-conditioned');
      st.update({ stepsPerFrame: 200 });
    });
    await poll(() => config(page).then((c) => c.preset)).toBe('ill-conditioned');
    await page.getByTestId('play').click();
    await poll(() => page.getByTestId('finding').count(), 60_000).toBe(1);
    await poll(() => page.getByTestId('finding').textContent(), 60_000).toContain(
      'has stopped for good',
    );
    await page.getByTestId('play').click();
    const text = (await page.getByTestId('finding').textContent()) ?? '';
    expect(text).toMatch(
      /^Finding: Cosine-scaled .* F − F\* = [0-9.]+ because the Pareto gap is 0/,
    );
    expect(Number(/F − F\* = ([0-9.]+)/.exec(text)![1])).toBeGreaterThan(1e-3);
    expect(await onScreen(page, '[data-testid="finding"]')).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });
});
