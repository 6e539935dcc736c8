/**
 * `npm run bench:import`: load and analysis times of a large imported gradient set, K = 16,
 * d = 10^7 by default (--K, --d), float32 .npy of K·d·4 bytes generated in the temp directory
 * (never committed) and deleted afterwards. Rows are a few shared directions plus noise, so the
 * set has conflicts and groups.
 * - node: readDroppedFile (parse to float32, a view of the file), the CPU float64 chunked Gram
 *   pass, and the GPU chunked Gram pass on Dawn (whatever adapter WebGPU gives: SwiftShader here,
 *   a real GPU where there is one; --gpu-d N limits the GPU pass to the first N columns when the
 *   adapter is an emulation, default 10^6 there);
 * - the built app (vite preview) in headless Chromium: the file through "Import gradients",
 *   wall time until the Imported panel shows and the app's own load / Gram / analysis times,
 *   without WebGPU (CPU chunks) and, with --webgpu, on WebGPU.
 * Writes the figures to bench/RESULTS.md under "Large imports".
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_FLAGS, launchChromium, serveBuiltApp, WEBGPU_FLAGS } from '../src/cli/browser';
import { initNodeWebGpu } from '../src/cli/nodeGpu';
import { writeSection } from './results';

const args = process.argv.slice(2);
const num = (flag: string, def: number) => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const K = num('--K', 16);
const D = num('--d', 10_000_000);
const webgpu = args.includes('--webgpu');
const BASE = BASE_FLAGS;
const WEBGPU = WEBGPU_FLAGS;

/** Writes a K×d float32 .npy (v1.0 header padded to 64 bytes), row by row. */
function writeLargeNpy(path: string): void {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${K}, ${D}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = `${dict}${' '.repeat(total - 10 - dict.length - 1)}\n`;
  const pre = new Uint8Array(10);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(pre.buffer).setUint16(8, header.length, true);
  const fd = openSync(path, 'w');
  writeSync(fd, pre);
  writeSync(fd, new TextEncoder().encode(header));
  // Three shared directions (a, b, c) and per-task weights: tasks in groups, some opposed.
  let s = 0x9e3779b9;
  const u = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32 - 0.5;
  };
  const row = new Float32Array(D);
  const basis = [0, 1, 2].map(() => Float32Array.from({ length: D }, u));
  for (let i = 0; i < K; i++) {
    const w = [Math.cos(i), Math.sin(1.7 * i), i % 3 === 0 ? -1 : 0.5];
    for (let k = 0; k < D; k++) {
      row[k] = w[0] * basis[0][k] + w[1] * basis[1][k] + w[2] * basis[2][k] + 0.3 * u();
    }
    writeSync(fd, new Uint8Array(row.buffer));
  }
  closeSync(fd);
}

async function nodeFigures(path: string): Promise<string[]> {
  await initNodeWebGpu();
  const { readDroppedFile } = await import('../src/lab/importFiles');
  const { gramChunkedCpu, gramChunkedGpu } = await import('../src/gpu/gramChunked');
  const { requestGpuDevice } = await import('../src/gpu/device');
  const out: string[] = [];
  let t = performance.now();
  const bytes = new Uint8Array(readFileSync(path));
  const tRead = performance.now() - t;
  t = performance.now();
  const f = readDroppedFile('large.npy', bytes);
  const tParse = performance.now() - t;
  if (f.kind !== 'gradients') throw new Error('not gradients');
  out.push(
    `| node: read file | ${tRead.toFixed(0)} ms | ${(bytes.length / 2 ** 20).toFixed(0)} MiB |`,
  );
  out.push(
    `| node: parse (float32 view + finiteness check) | ${tParse.toFixed(0)} ms | ${f.g.constructor.name} |`,
  );
  t = performance.now();
  const cpu = await gramChunkedCpu({ K, d: D, g: f.g });
  out.push(
    `| node: Gram + ‖Σg‖², CPU float64 chunks | ${(performance.now() - t).toFixed(0)} ms | ${cpu.chunks} chunks of ${cpu.chunkCols} |`,
  );
  const { device, adapterInfo } = await requestGpuDevice();
  const emulated = /swiftshader/i.test(adapterInfo);
  const gpuD = Math.min(D, num('--gpu-d', emulated ? 1_000_000 : D));
  const sub =
    gpuD === D
      ? f.g
      : f.g.slice(0, K * gpuD).map((_, k) => f.g[Math.floor(k / gpuD) * D + (k % gpuD)]);
  t = performance.now();
  const gpu = await gramChunkedGpu(device, { K, d: gpuD, g: sub });
  const tGpu = performance.now() - t;
  let err = 0;
  if (gpuD === D) {
    for (let i = 0; i < K * K; i++) {
      const r = Math.floor(i / K);
      const c = i % K;
      const sc = Math.sqrt(cpu.G[r * K + r] * cpu.G[c * K + c]);
      err = Math.max(err, Math.abs(gpu.G[i] - cpu.G[i]) / sc);
    }
  }
  out.push(
    `| node: Gram + ‖Σg‖², GPU chunks (${adapterInfo}) | ${tGpu.toFixed(0)} ms | d = ${gpuD.toLocaleString('en-US')}, ${gpu.chunks} chunks of ${gpu.chunkCols}, ${(gpu.scratchBytes / 2 ** 20).toFixed(1)} MiB buffers${gpuD === D ? `, max error vs CPU ${err.toExponential(1)} of √(G_ii G_jj)` : ''} |`,
  );
  device.destroy();
  return out;
}

async function appFigures(path: string, flags: string[], label: string): Promise<string> {
  const app = await serveBuiltApp();
  const browser = await launchChromium(flags);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.url);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 120_000,
    });
    const t = performance.now();
    await page.getByTestId('import-input').setInputFiles(path);
    await page.getByTestId('imported-panel').waitFor({ timeout: 600_000 });
    const wall = performance.now() - t;
    const el = page.getByTestId('imported-gram');
    const a = async (n: string) => Number(await el.getAttribute(n));
    const memory = await page.getByTestId('imported-memory').textContent();
    return `| app, ${label} (${await el.getAttribute('data-backend')} Gram) | ${wall.toFixed(0)} ms wall | load ${(await a('data-load-ms')).toFixed(0)} ms, Gram ${(await a('data-gram-ms')).toFixed(0)} ms, analysis ${(await a('data-analysis-ms')).toFixed(0)} ms; memory: ${memory} |`;
  } finally {
    await browser.close();
    await app.close();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'concord-large-'));
  const path = join(dir, `gradients-${K}x${D}.npy`);
  try {
    let t = performance.now();
    writeLargeNpy(path);
    console.log(`generated ${path} in ${(performance.now() - t).toFixed(0)} ms`);
    const rows = await nodeFigures(path);
    for (const r of rows) console.log(r);
    t = performance.now();
    rows.push(await appFigures(path, BASE, 'Chromium without WebGPU'));
    console.log(rows.at(-1));
    if (webgpu) {
      rows.push(await appFigures(path, WEBGPU, 'Chromium WebGPU'));
      console.log(rows.at(-1));
    }
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    writeSection(
      `large-imports ${cpu}`,
      [
        `## Large imports — ${cpu}, ${cpus().length} cores`,
        '',
        `Written by \`npm run bench:import${args.length ? ` -- ${args.join(' ')}` : ''}\` (bench/largeImport.ts) on ${new Date().toISOString().slice(0, 10)}: K = ${K}, d = ${D.toLocaleString('en-US')}, a float32 .npy of ${((4 * K * D) / 2 ** 20).toFixed(0)} MiB generated for the run. One run each; SwiftShader is a CPU emulation of a GPU, so its GPU figures are no speed claim.`,
        '',
        '| step | time | notes |',
        '|---|---|---|',
        ...rows,
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
