/**
 * `npm run soak -- --minutes 10`: the built app (vite preview) in headless Chromium at maximum
 * speed (stepsPerFrame = 1000, playing) for --minutes (default 10), with the JS heap measured
 * through the Chrome DevTools Protocol after a forced garbage collection (HeapProfiler
 * .collectGarbage, then Runtime.getHeapUsage) at the start (after a 15 s warm-up) and at the
 * end, and sampled once a minute in between; also performance.memory, the DOM node count, the
 * series length (bounded: the series halves its resolution when full) and the steps run.
 * Writes the figures to bench/RESULTS.md under "Soak". --webgpu runs on WebGPU (SwiftShader
 * here); the default runs without it (CPU engine, WebGL2). Not part of `npm test`.
 */
import { cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { BASE_FLAGS, launchChromium, serveBuiltApp, WEBGPU_FLAGS } from '../src/cli/browser';
import { writeSection } from './results';

// Precise heap figures for the memory samples.
const BASE = [...BASE_FLAGS, '--enable-precise-memory-info'];
const WEBGPU = [...WEBGPU_FLAGS, '--enable-precise-memory-info'];

const args = process.argv.slice(2);
const at = args.indexOf('--minutes');
const minutes = at >= 0 ? Number(args[at + 1]) : 10;
const webgpu = args.includes('--webgpu');
if (!(minutes > 0)) throw new Error(`--minutes must be > 0, got ${args[at + 1]}`);
const HASH = 'K=6&d=3&stepsPerFrame=1000';

interface Sample {
  t: number;
  heapUsed: number;
  heapTotal: number;
  perfUsed: number;
  nodes: number;
  step: number;
  series: number;
  status: string;
}

const MB = (b: number) => (b / 2 ** 20).toFixed(1);

async function sample(page: Page, t0: number): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number };
  await cdp.detach();
  const r = await page.evaluate(() => {
    const s = window.__concord!.run.getState();
    const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return {
      step: s.step,
      series: s.series.length,
      status: s.status,
      perf: mem?.usedJSHeapSize ?? Number.NaN,
    };
  });
  return {
    t: (performance.now() - t0) / 1000,
    heapUsed: heap.usedSize,
    heapTotal: heap.totalSize,
    perfUsed: r.perf,
    nodes: dom.nodes,
    step: r.step,
    series: r.series,
    status: r.status,
  };
}

async function main() {
  const app = await serveBuiltApp();
  const url = app.url;
  const browser = await launchChromium(webgpu ? WEBGPU : BASE);
  const samples: Sample[] = [];
  const errors: string[] = [];
  let backend = '';
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}#${HASH}`);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 120_000,
    });
    await page.getByTestId('play').click();
    const t0 = performance.now();
    await page.waitForTimeout(15_000);
    samples.push(await sample(page, t0));
    console.log('start', samples[0]);
    const end = t0 + 15_000 + minutes * 60_000;
    while (performance.now() < end) {
      await page.waitForTimeout(Math.min(60_000, end - performance.now()));
      const s = await sample(page, t0);
      samples.push(s);
      console.log(`${s.t.toFixed(0)} s: heap ${MB(s.heapUsed)} MiB, step ${s.step}, ${s.status}`);
    }
    backend = await page.evaluate(() => window.__concord!.run.getState().backend);
  } finally {
    await browser.close();
    await app.close();
  }
  const first = samples[0];
  const last = samples[samples.length - 1];
  const peak = Math.max(...samples.map((s) => s.heapUsed));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const rows = samples.map(
    (s) =>
      `| ${s.t.toFixed(0)} | ${MB(s.heapUsed)} | ${MB(s.heapTotal)} | ${Number.isFinite(s.perfUsed) ? MB(s.perfUsed) : '—'} | ${s.nodes} | ${s.series} | ${s.step} | ${s.status} |`,
  );
  writeSection(
    `soak ${cpu} ${webgpu ? 'webgpu' : 'cpu'}`,
    [
      `## Soak — ${cpu}, ${cpus().length} cores, Chromium ${webgpu ? 'WebGPU on SwiftShader' : 'without WebGPU (CPU engine, WebGL2)'}`,
      '',
      `Written by \`npm run soak -- --minutes ${minutes}${webgpu ? ' --webgpu' : ''}\` (bench/soak.ts) on ${new Date().toISOString().slice(0, 10)}: the built app, \`#${HASH}\` (maximum speed), playing for ${minutes} min after a 15 s warm-up; engine backend at the end: ${backend}. JS heap after a forced GC (CDP Runtime.getHeapUsage).`,
      '',
      `- heap used at start ${MB(first.heapUsed)} MiB, at end ${MB(last.heapUsed)} MiB (change ${(last.heapUsed - first.heapUsed >= 0 ? '+' : '') + MB(last.heapUsed - first.heapUsed)} MiB), peak sample ${MB(peak)} MiB`,
      `- steps run: ${last.step - first.step} in ${((last.t - first.t) / 60).toFixed(1)} min; series length at end ${last.series} (capacity 4096: every other sample is dropped when full); DOM nodes ${first.nodes} → ${last.nodes}`,
      `- uncaught page errors: ${errors.length === 0 ? 'none' : errors.slice(0, 3).join('; ')}`,
      '',
      '| t (s) | heap used (MiB) | heap total (MiB) | performance.memory used (MiB) | DOM nodes | series length | step | status |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
  console.log(`heap ${MB(first.heapUsed)} → ${MB(last.heapUsed)} MiB; steps ${last.step}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
