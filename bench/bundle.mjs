// Bundles the GPU benchmarks (`npm run bench`, `npm run bench:lab`) into single ES modules for a
// machine that has node and a GPU but not the project's node_modules: WGSL files imported with
// `?raw` are inlined as text; the native WebGPU binding (npm `webgpu`) stays external and must be
// copied beside the bundles (node_modules/webgpu with its dist/linux-x64).
// Usage: node bench/bundle.mjs OUT_DIR
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const out = process.argv[2] ?? '.carry';
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (a) => ({
      path: new URL(a.path.slice(0, -4), `file://${a.resolveDir}/`).pathname,
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, async (a) => ({
      contents: await readFile(a.path, 'utf8'),
      loader: 'text',
    }));
  },
};
for (const [entry, name] of [
  ['src/cli/bench.ts', 'bench.mjs'],
  ['bench/lab.ts', 'bench-lab.mjs'],
]) {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: `${out}/${name}`,
    external: ['webgpu'],
    logLevel: 'warning',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    plugins: [rawText],
  });
  console.log(`wrote ${out}/${name}`);
}
