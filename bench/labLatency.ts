/**
 * `npm run bench:lab-latency`: does the page stay live while the lab computes? The built app
 * (vite preview) in headless Chromium without WebGPU, so every lab experiment runs on the CPU
 * (in the lab's worker pool). For each experiment:
 *  - a complete run of a stated size: its wall time and the longest main-thread task while it
 *    ran (PerformanceObserver 'longtask': tasks over 50 ms; goal: none over 100 ms);
 *  - a run too long to finish, cancelled after CANCEL_AFTER_MS: the longest task before Cancel,
 *    the time from the Cancel click until the run's status reads "cancelled" (its worker is
 *    terminated in the same click handler; goal ≤ 100 ms) and until the next frame is drawn.
 * Plus the large-import Gram pass (a generated float32 .npy over the large-file threshold, CPU
 * fallback in the pool): the longest task while the file is read, decoded (in a lab worker) and
 * analysed, and until the scene has drawn the imported set.
 * measureLabLatency() returns the figures, so bench/latency.ts can report them too; run
 * directly, this file writes the "Lab latency" section of bench/RESULTS.md.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { BASE_FLAGS, launchChromium, serveBuiltApp } from '../src/cli/browser';
import { writeNpy } from '../src/core/io/npy';
import { createRng } from '../src/core/rng';
import { LARGE_FILE_BYTES } from '../src/lab/importFiles';
import { writeSection } from './results';

/** How long the long run goes before Cancel is clicked. */
export const CANCEL_AFTER_MS = 1000;
const RUN_TIMEOUT_MS = 300_000;

export interface LabLatencyRow {
  experiment: string;
  /** Size of the complete run. */
  size: string;
  /** Wall time of the complete run, ms (null when it did not finish). */
  runMs: number | null;
  /** Longest main-thread task during the complete run, ms (0: none over 50 ms). */
  longestRunTaskMs: number;
  /** Size of the cancelled run. */
  cancelSize: string | null;
  /** Longest task between its start and the Cancel click, ms. */
  longestBeforeCancelMs: number | null;
  /** Cancel click → status "cancelled" (worker terminated), ms; null when not measured. */
  cancelMs: number | null;
  /** Cancel click → next frame drawn, ms. */
  cancelPaintMs: number | null;
}

/** In-page helpers (a string: the page runs it as written). */
const PROBE = `(() => {
  if (window.__labBench) return;
  const tasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  window.__labBench = {
    longest(t0, t1) {
      let m = 0;
      for (const [s, d] of tasks) if (s + d >= t0 && s <= t1) m = Math.max(m, d);
      return m;
    },
    start(id) {
      const t0 = performance.now();
      const rec = { t0, end: null, final: null };
      const el = document.querySelector('[data-testid="' + id + '"]');
      const obs = new MutationObserver(() => {
        const s = el.getAttribute('data-status');
        if (s !== 'running' && rec.end === null) {
          rec.end = performance.now();
          rec.final = s;
          obs.disconnect();
        }
      });
      document.querySelector('[data-testid="' + id + '-run"]').click();
      obs.observe(el, { attributes: true });
      window.__labBench.last = rec;
      return t0;
    },
    cancel(id) {
      const t0 = performance.now();
      document.querySelector('[data-testid="' + id + '-cancel"]').click();
      // The status change is recorded by start()'s observer (React commits it after the click).
      return new Promise((resolve) =>
        requestAnimationFrame(() => {
          const rec = window.__labBench.last;
          const stopped = rec.final === 'cancelled' ? rec.end - t0 : null;
          resolve({ t0, stopped, painted: performance.now() - t0 });
        }),
      );
    },
  };
})()`;

interface Experiment {
  name: string;
  tab: string;
  runBar: string;
  size: string;
  setup(page: Page): Promise<void>;
  cancelSize: string | null;
  setupLong: ((page: Page) => Promise<void>) | null;
}

const fill = (page: Page, id: string, v: string) => page.getByTestId(id).fill(v);
const pick = (page: Page, id: string, v: string) => page.getByTestId(id).selectOption(v);

const EXPERIMENTS: Experiment[] = [
  {
    name: 'claims (run all)',
    tab: 'claims',
    runBar: 'claims-all',
    size: 'every claim, seed 1',
    setup: async () => {},
    // Another seed: claims reuse what a worker already measured for a seed.
    cancelSize: 'every claim, seed 2',
    setupLong: (p) => fill(p, 'claims-seed', '2'),
  },
  {
    name: 'meta-learning',
    tab: 'meta',
    runBar: 'meta-learn',
    size: 'K = 6, 10 cycles',
    setup: async (p) => {
      await pick(p, 'meta-backend', 'cpu');
      await fill(p, 'meta-cycles', '10');
    },
    cancelSize: 'K = 6, 100 cycles',
    setupLong: (p) => fill(p, 'meta-cycles', '100'),
  },
  {
    name: 'Coulomb fit',
    tab: 'coulomb',
    runBar: 'coulomb-run',
    size: 'K = 6, m = 1',
    setup: async () => {},
    cancelSize: null,
    setupLong: null,
  },
  {
    name: 'α sweep',
    tab: 'alpha',
    runBar: 'alpha-run',
    size: 'W = 32, T = 200',
    setup: async (p) => {
      await pick(p, 'alpha-backend', 'cpu');
      await fill(p, 'alpha-W', '32');
      await fill(p, 'alpha-steps', '200');
    },
    cancelSize: 'W = 4096, T = 100000',
    setupLong: async (p) => {
      await fill(p, 'alpha-W', '4096');
      await fill(p, 'alpha-steps', '100000');
    },
  },
  {
    name: 'basin maps',
    tab: 'basin',
    runBar: 'basin-run',
    size: '2 × 64², T = 500',
    setup: async (p) => {
      await pick(p, 'basin-backend', 'cpu');
      await pick(p, 'basin-grid', '64');
      await fill(p, 'basin-steps', '500');
    },
    cancelSize: '2 × 512², T = 100000',
    setupLong: async (p) => {
      await pick(p, 'basin-grid', '512');
      await fill(p, 'basin-steps', '100000');
    },
  },
];

async function completeRun(page: Page, e: Experiment): Promise<[number | null, number]> {
  await e.setup(page);
  const t0 = (await page.evaluate(
    `window.__labBench.start(${JSON.stringify(e.runBar)})`,
  )) as number;
  await page.waitForFunction(
    () =>
      (window as unknown as { __labBench: { last: { end: number | null } } }).__labBench.last
        .end !== null,
    null,
    { timeout: RUN_TIMEOUT_MS },
  );
  const rec = (await page.evaluate('window.__labBench.last')) as {
    end: number;
    final: string;
  };
  const longest = (await page.evaluate(`window.__labBench.longest(${t0}, ${rec.end})`)) as number;
  if (rec.final !== 'done') return [null, longest];
  return [rec.end - t0, longest];
}

async function cancelledRun(
  page: Page,
  e: Experiment,
): Promise<{ before: number; stopped: number | null; painted: number } | null> {
  if (!e.setupLong) return null;
  await e.setupLong(page);
  const t0 = (await page.evaluate(
    `window.__labBench.start(${JSON.stringify(e.runBar)})`,
  )) as number;
  await page.waitForTimeout(CANCEL_AFTER_MS);
  const state = await page.getAttribute(`[data-testid="${e.runBar}"]`, 'data-status');
  if (state !== 'running') {
    console.warn(`${e.name}: the long run was ${state} after ${CANCEL_AFTER_MS} ms, not cancelled`);
    return null;
  }
  const c = (await page.evaluate(`window.__labBench.cancel(${JSON.stringify(e.runBar)})`)) as {
    t0: number;
    stopped: number | null;
    painted: number;
  };
  const before = (await page.evaluate(`window.__labBench.longest(${t0}, ${c.t0})`)) as number;
  return { before, stopped: c.stopped, painted: c.painted };
}

/** Import of a generated float32 .npy just over the large-file threshold (live view). */
async function importRow(browser: Browser, url: string): Promise<LabLatencyRow> {
  const K = 4;
  const d = Math.ceil(LARGE_FILE_BYTES / (4 * K)) + 1000;
  const rng = createRng(7);
  const g = Float64Array.from({ length: K * d }, () => Math.fround(rng.uniform(-1, 1)));
  const bytes = writeNpy({ K, d, g }, 'f4');
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.goto(`${url}#backend=cpu`);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 120_000,
    });
    await page.evaluate(PROBE);
    await page.getByTestId('import-input').setInputFiles({
      name: 'bench.npy',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    // From here: the page's own work (the test driver's file injection, seconds of base64
    // decoding in the page, is left out).
    const t0 = (await page.evaluate('performance.now()')) as number;
    await page.getByTestId('imported-panel').waitFor({ timeout: RUN_TIMEOUT_MS });
    const t1 = (await page.evaluate('performance.now()')) as number;
    // The view is final once the scene has drawn the imported set (its first frames mount the
    // 3-D view): long tasks are counted until then, and a quiet moment after.
    await page.waitForFunction(
      () => (window.__concordScene?.caption() ?? '').includes('imported'),
      null,
      { timeout: RUN_TIMEOUT_MS },
    );
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    await page.waitForTimeout(300);
    const t2 = (await page.evaluate('performance.now()')) as number;
    const longest = (await page.evaluate(`window.__labBench.longest(${t0}, ${t2})`)) as number;
    const backend = await page.getByTestId('imported-gram').getAttribute('data-backend');
    return {
      experiment: `large-import Gram (${backend} pass)`,
      size: `K = ${K}, d = ${d} float32 (${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB)`,
      runMs: t1 - t0,
      longestRunTaskMs: longest,
      cancelSize: null,
      longestBeforeCancelMs: null,
      cancelMs: null,
      cancelPaintMs: null,
    };
  } finally {
    await page.close();
  }
}

/** Every figure of the module comment, from the built app at `url` in `browser`. */
export async function measureLabLatency(
  browser: Browser,
  url: string,
  log: (line: string) => void = () => {},
): Promise<LabLatencyRow[]> {
  const rows: LabLatencyRow[] = [];
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${url}#view=lab&backend=cpu`);
    await page.getByTestId('lab').waitFor({ timeout: 120_000 });
    await page.evaluate(PROBE);
    for (const e of EXPERIMENTS) {
      await page.getByTestId(`lab-tab-${e.tab}`).click();
      const [runMs, longestRunTaskMs] = await completeRun(page, e);
      const c = await cancelledRun(page, e);
      const row: LabLatencyRow = {
        experiment: e.name,
        size: e.size,
        runMs,
        longestRunTaskMs,
        cancelSize: c ? e.cancelSize : null,
        longestBeforeCancelMs: c?.before ?? null,
        cancelMs: c?.stopped ?? null,
        cancelPaintMs: c?.painted ?? null,
      };
      log(formatRow(row));
      rows.push(row);
    }
  } finally {
    await page.close();
  }
  const imp = await importRow(browser, url);
  log(formatRow(imp));
  rows.push(imp);
  if (errors.length > 0) log(`page errors: ${errors.join(' | ')}`);
  return rows;
}

const ms = (x: number | null) => (x === null ? '—' : x.toFixed(0));
const task = (x: number | null) => (x === null ? '—' : x === 0 ? 'none > 50' : x.toFixed(0));

export const TABLE_HEAD = [
  '| experiment | complete run | run (ms) | longest task (ms) | cancelled run | longest task before Cancel (ms) | Cancel → stopped (ms) | Cancel → next frame (ms) |',
  '|---|---|---:|---:|---|---:|---:|---:|',
];

export function formatRow(r: LabLatencyRow): string {
  return `| ${r.experiment} | ${r.size} | ${ms(r.runMs)} | ${task(r.longestRunTaskMs)} | ${r.cancelSize ?? '—'} | ${task(r.longestBeforeCancelMs)} | ${ms(r.cancelMs)} | ${ms(r.cancelPaintMs)} |`;
}

async function main() {
  const app = await serveBuiltApp();
  const browser = await launchChromium(BASE_FLAGS);
  try {
    const cores = cpus().length;
    const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cores} cores, Chromium without WebGPU (CPU backend, lab worker pool)`;
    console.log(`Lab latency — ${machine}`);
    console.log(TABLE_HEAD.join('\n'));
    const rows = await measureLabLatency(browser, app.url, (l) => console.log(l));
    const section = [
      `## Lab latency — ${machine}`,
      '',
      `\`npm run bench:lab-latency\`, ${new Date().toISOString().slice(0, 10)}: the built app in headless Chromium, each lab experiment on the CPU. "Longest task": the longest main-thread task (PerformanceObserver 'longtask', which reports tasks over 50 ms) while the run went on; goal none over 100 ms. "Cancel → stopped": from the Cancel click until the run's status reads cancelled, its worker terminated in the same handler; goal ≤ 100 ms. The cancelled run is cancelled after ${CANCEL_AFTER_MS} ms; "—": it had finished, or the experiment has no long form. The large import is timed from the moment the file is handed to the page (the driver's own injection of the file is left out); the page reads the file in slices, a lab worker decodes it (bytes transferred both ways), the Gram pass runs in the pool, and the page then redraws the scene for the imported set. The machine is shared: other processes' load shows up as longer main-thread tasks.`,
      '',
      ...TABLE_HEAD,
      ...rows.map(formatRow),
      '',
      `Load average (1 min) when written: ${loadavg()[0].toFixed(1)} on ${cores} cores.`,
    ].join('\n');
    writeSection(`Lab latency ${machine}`, section);
  } finally {
    await browser.close();
    await app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
