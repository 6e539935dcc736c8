/**
 * The float64 core is the reference and must stay pure TypeScript (DESIGN.md): no DOM, React,
 * three, WebGPU or store imports, and no reach outside src/core. Checked on the source text of
 * every file, import by import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const core = resolve(import.meta.dirname, '..', 'src', 'core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const DOM = /\b(?:document|window|navigator|requestAnimationFrame|HTMLElement)\b/;

describe('src/core is pure', () => {
  const all = files(core);

  it('has files to check', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all.map((f) => [relative(core, f), f]))('%s imports only the core', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      // Only relative imports that resolve inside src/core.
      expect(spec.startsWith('.'), `${spec} is a package import`).toBe(true);
      const target = resolve(dirname(file), spec);
      expect(target.startsWith(core), `${spec} leaves src/core`).toBe(true);
    }
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(DOM.test(code), 'uses a DOM global').toBe(false);
  });
});
