/**
 * Headless Chromium for Concord's browser tests and benchmarks: Debian's /usr/bin/chromium driven
 * by playwright-core (which cannot download browsers here), with the flags DESIGN.md lists, and
 * the production build served by `vite preview` on a free port.
 *
 * BASE_FLAGS leave WebGPU off (the app then runs on the CPU engine and three's WebGL2 backend,
 * which ANGLE on SwiftShader provides); WEBGPU_FLAGS add WebGPU compute and drawing on
 * SwiftShader. The background-networking flags keep Chromium off the (closed) network.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build, preview } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';

export const BASE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
];

export const WEBGPU_FLAGS = [
  ...BASE_FLAGS,
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
];

export function launchChromium(flags: readonly string[]): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...flags] });
}

export interface BuiltApp {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** The build's folder (index.html and assets). */
  outDir: string;
  close(): Promise<void>;
}

/** Builds the app into a temporary folder and serves it with `vite preview` on a free port. */
export async function serveBuiltApp(): Promise<BuiltApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'concord-dist-'));
  await build({ configFile: 'vite.config.ts', logLevel: 'error', build: { outDir } });
  const server = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const addr = server.httpServer.address();
  if (!addr || typeof addr === 'string') {
    await server.close();
    throw new Error('vite preview: no address');
  }
  return {
    url: `http://127.0.0.1:${addr.port}/`,
    outDir,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
