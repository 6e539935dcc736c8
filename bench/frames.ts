/**
 * `npm run bench:frames`: frame time of the live app in headless Chromium while the run advances,
 * on both backends (WebGPU with the GPU engine; without WebGPU: CPU engine and WebGL2), for a
 * small and a large problem. Builds the app, serves it with `vite preview`, plays for --seconds
 * (default 10) per case and reports the median and 95th percentile of the interval between
 * animation frames. Chromium here renders through SwiftShader (a CPU emulation), so these figures
 * show the app's own overhead on this machine, not what a real GPU gives.
 */
import { cpus } from 'node:os';
import { BASE_FLAGS, launchChromium, serveBuiltApp, WEBGPU_FLAGS } from '../src/cli/browser';
import { writeSection } from './results';

const BASE = BASE_FLAGS;
const WEBGPU = WEBGPU_FLAGS;

const args = process.argv.slice(2);
const at = args.indexOf('--seconds');
const seconds = at >= 0 ? Number(args[at + 1]) : 10;

const CASES = [
  { label: 'WebGPU + GPU engine', flags: WEBGPU, hash: 'K=6&d=3&stepsPerFrame=1' },
  { label: 'WebGPU + GPU engine', flags: WEBGPU, hash: 'K=32&d=64&stepsPerFrame=1' },
  { label: 'WebGL2 + CPU engine', flags: BASE, hash: 'K=6&d=3&stepsPerFrame=1' },
  { label: 'WebGL2 + CPU engine', flags: BASE, hash: 'K=32&d=64&stepsPerFrame=1' },
];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function main() {
  const app = await serveBuiltApp();
  const url = app.url;
  const rows: string[] = [];
  try {
    for (const c of CASES) {
      const browser = await launchChromium(c.flags);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${url}#${c.hash}`);
      await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
        timeout: 120_000,
      });
      await page.getByTestId('play').click();
      await page.waitForTimeout(seconds * 1000);
      const r = await page.evaluate(() => ({
        times: window.__concord!.frameTimes(),
        step: window.__concord!.run.getState().step,
        backend: window.__concord!.run.getState().backend,
      }));
      await browser.close();
      const med = quantile(r.times, 0.5);
      const p95 = quantile(r.times, 0.95);
      const line = `| ${c.label} (${r.backend}) | ${c.hash.replace(/&/g, ', ')} | ${r.times.length} | ${med.toFixed(1)} | ${p95.toFixed(1)} | ${(1000 / med).toFixed(1)} | ${r.step} |`;
      console.log(line);
      rows.push(line);
    }
  } finally {
    await app.close();
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  writeSection(
    `frames ${cpu}`,
    [
      `## Frame time of the live app — ${cpu}, ${cpus().length} cores, Chromium on SwiftShader`,
      '',
      `Written by \`npm run bench:frames\` (bench/frames.ts) on ${new Date().toISOString().slice(0, 10)}: the built app, 1280×800, playing for ${seconds} s per case. SwiftShader emulates the GPU on the CPU, so these are not real-GPU figures.`,
      '',
      '| renderer + engine | configuration | frames | median (ms) | p95 (ms) | median fps | steps run |',
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
