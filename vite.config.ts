import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * A restrictive Content-Security-Policy for the built app: everything from the page's own origin,
 * no eval, no inline scripts, no network beyond the origin, no plugins or frames. Imported files
 * are read as bytes and never evaluated. (The dev server needs inline scripts for hot reload, so
 * the policy is added to the production build, which `vite preview` serves.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'concord-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Cross-origin isolation on every server of the app (dev, preview, and serveBuiltApp, which is
 * preview): the page and its workers may then share memory (SharedArrayBuffer, a shared
 * WebAssembly.Memory), which the CPU engine's Gram on every core needs (src/workers/gramThreads.ts).
 * Everything the app loads is from its own origin, so require-corp blocks nothing.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  server: { host: '127.0.0.1', port: 5173, headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: 4173, headers: ISOLATION_HEADERS },
});
