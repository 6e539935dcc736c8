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
  /** Viewport; 1280 × 800 unless given. */
  width?: number;
  height?: number;
  /** Runs in the test process before the screenshot. */
  act?: (page: Page) => Promise<void>;
  /** Keep the first-visit tour (default: skipped through localStorage). */
  tour?: boolean;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Presses → n times (the tour's next key), waiting for each step to settle. */
async function tourTo(p: Page, n: number) {
  await p.keyboard.press('Enter');
  for (let k = 0; k < n; k++) {
    await wait(500);
    await p.keyboard.press('ArrowRight');
  }
  await wait(2500);
}

/** Drags raw tip i of the sandbox by (dx, dy) pixels. */
async function dragTip(p: Page, i: number, dx: number, dy: number) {
  const tips = await p.evaluate(() => window.__concordScene?.clientTips() ?? null);
  if (!tips) return;
  const [x, y] = tips[i];
  await p.mouse.move(x, y);
  await p.mouse.down();
  for (let k = 1; k <= 10; k++) await p.mouse.move(x + (dx * k) / 10, y + (dy * k) / 10);
  await p.mouse.up();
  await wait(800);
}

const SHOTS: Shot[] = [
  { name: 'first-visit', hash: '', tour: true },
  { name: 'tour-1-arrows', hash: '', tour: true, act: (p) => tourTo(p, 0) },
  {
    name: 'tour-2-play',
    hash: '',
    tour: true,
    act: async (p) => {
      await tourTo(p, 1);
      await p.keyboard.press('Space');
      await wait(8000);
      await p.keyboard.press('Space');
      await wait(1000);
    },
  },
  { name: 'tour-4-sandbox-pcgrad', hash: '', tour: true, act: (p) => tourTo(p, 3) },
  { name: 'tour-6-mgda', hash: '', tour: true, act: (p) => tourTo(p, 5) },
  { name: 'tour-8-lab', hash: '', tour: true, act: (p) => tourTo(p, 7) },
  {
    name: 'custom-play',
    hash: '#preset=',
    act: async (p) => {
      await p.getByTestId('play').click();
      await wait(9000);
      await p.getByTestId('play').click();
      await wait(800);
    },
  },
  { name: 'group-discovery', hash: '#preset=group-discovery' },
  {
    name: 'live-cagrad-toy',
    hash: '#preset=cagrad-toy',
    act: async (p) => {
      await p.evaluate(async () => {
        for (let n = 0; n < 1200; n++) await window.__concord!.runner.step();
      });
      await wait(1000);
    },
  },
  {
    name: 'live-learning-A',
    hash: '#preset=&method=interaction&learnA=1&K=6&groups=2',
    act: async (p) => {
      // Meta-cycles run while the run plays.
      await p.getByTestId('play').click();
      await wait(15000);
      await p.getByTestId('play').click();
      await wait(800);
    },
  },
  {
    name: 'imported-torch-gradients',
    hash: '#preset=pcgrad-vs-cosine',
    act: async (p) => {
      await p.getByTestId('import-input').setInputFiles('test/fixtures/torch-gradients.safetensors');
      await p.waitForFunction(() => window.__concord!.config.getState().config.source === 'imported');
      await wait(2000);
    },
  },
  {
    name: 'lab-claims',
    hash: '#preset=pcgrad-vs-cosine&view=lab',
    act: async (p) => {
      // One claim measured, so that a verdict shows (the others say "not run yet").
      await p.getByTestId('claim-cs-1').getByRole('button', { name: 'run', exact: true }).click();
      await p
        .getByTestId('claim-cs-1-verdict')
        .waitFor({ timeout: 60_000 })
        .catch(() => undefined);
      await wait(1000);
    },
  },
  {
    name: 'sandbox-drag-pcgrad',
    hash: '#preset=sandbox',
    act: (p) => dragTip(p, 1, -70, -20),
  },
  {
    name: 'sandbox-cosine',
    hash: '#preset=sandbox&method=cosine&alpha=0.8',
  },
  {
    name: 'sandbox-upgrad-3d',
    hash: '#preset=sandbox&method=upgrad&sandboxG=1,0.2,0.1;-0.6,0.7,0.2;0.1,-0.8,0.5',
  },
  {
    name: 'sandbox-upgrad-3d-k2',
    hash: '#preset=sandbox&method=upgrad&sandboxG=1,0.2,0.1;-0.6,0.7,0.2',
  },
  {
    name: 'symbol-hover',
    hash: '#preset=pcgrad-vs-cosine',
    act: async (p) => {
      await p.locator('[data-sym="thetaStar"]').hover();
      await wait(600);
    },
  },
  {
    name: 'sandbox-mgda',
    hash: '#preset=sandbox&method=mgda&sandboxG=1,0.3;0.4,1;-0.3,-0.9',
  },
  { name: 'phone', hash: '#preset=pcgrad-vs-cosine', width: 390, height: 844 },
  {
    name: 'phone-drawer',
    hash: '#preset=pcgrad-vs-cosine',
    width: 390,
    height: 844,
    act: async (p) => {
      await p.getByTestId('drawer-toggle').click();
      await wait(600);
    },
  },
  { name: 'projector', hash: '#preset=ill-conditioned&present=1', width: 1920, height: 1080, act: async (p) => {
    // SwiftShader draws a 1920 × 1080 view slowly: advance 400 steps by the step button's action.
    await p.evaluate(async () => {
      for (let n = 0; n < 420; n++) await window.__concord!.runner.step();
    });
    await wait(1500);
  } },
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
    const page = await browser.newPage({ viewport: { width: s.width ?? 1280, height: s.height ?? 800 } });
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
