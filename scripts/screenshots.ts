/**
 * Screenshots of the app in headless Chromium (CPU engine, WebGL2 on SwiftShader) for review:
 *   npx tsx scripts/screenshots.ts OUT_DIR [name ...]
 * Each shot opens a URL hash at a viewport size, optionally runs steps in the page, and saves
 * OUT_DIR/<name>.png. The final set is kept in docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createServer } from 'vite';
import { BASE_FLAGS, launchChromium } from '../src/cli/browser';

interface Shot {
  name: string;
  hash: string;
  width: number;
  height: number;
  /** Runs in the test process before the screenshot. */
  act?: (page: Page) => Promise<void>;
  /** Keep the first-visit tour (default: skipped through localStorage). */
  tour?: boolean;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SHOTS: Shot[] = [
  { name: 'first-visit', hash: '', width: 1280, height: 800, tour: true },
  {
    name: 'tour-step-3',
    hash: '',
    width: 1280,
    height: 800,
    tour: true,
    act: async (p) => {
      for (let k = 0; k < 2; k++) {
        await p.keyboard.press('ArrowRight');
        await wait(400);
      }
      await wait(1500);
    },
  },
  { name: 'custom-play', hash: '#preset=', width: 1280, height: 800, act: async (p) => {
    await p.getByTestId('play').click();
    await wait(6000);
    await p.getByTestId('play').click();
    await wait(800);
  } },
  { name: 'group-discovery', hash: '#preset=group-discovery', width: 1280, height: 800 },
  { name: 'ill-conditioned', hash: '#preset=ill-conditioned', width: 1280, height: 800 },
  { name: 'phone', hash: '#preset=pcgrad-vs-cosine', width: 390, height: 844 },
  { name: 'projector', hash: '#preset=pcgrad-vs-cosine&present=1', width: 1920, height: 1080 },
  { name: 'sandbox-2d', hash: '#source=sandbox&preset=', width: 1280, height: 800 },
  { name: 'sandbox-3d', hash: '#source=sandbox&preset=&sandboxG=1,0.2,0.1;-0.6,0.7,0.2;0.1,-0.8,0.5', width: 1280, height: 800 },
];

const out = process.argv[2] ?? '/tmp/concord-shots';
const only = process.argv.slice(3);
mkdirSync(out, { recursive: true });
const server = await createServer({
  configFile: 'vite.config.ts',
  logLevel: 'error',
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
});
await server.listen();
const addr = server.httpServer?.address();
if (!addr || typeof addr === 'string') throw new Error('no address');
const url = `http://127.0.0.1:${addr.port}/`;
const browser = await launchChromium(BASE_FLAGS);
try {
  for (const s of SHOTS) {
    if (only.length && !only.includes(s.name)) continue;
    const page = await browser.newPage({ viewport: { width: s.width, height: s.height } });
    page.on('pageerror', (e) => console.log(`${s.name}: page error: ${e.message}`));
    if (!s.tour) {
      await page.addInitScript(() => localStorage.setItem('concord.tour', 'done'));
    }
    await page.goto(`${url}${s.hash}`);
    await page.waitForFunction(() => window.__concord?.run.getState().view != null, null, {
      timeout: 90_000,
    });
    await wait(2500);
    if (s.act) await s.act(page);
    await page.screenshot({ path: join(out, `${s.name}.png`) });
    console.log(`${s.name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
