/**
 * `lab report` writes one self-contained HTML page: no script, stylesheet link, image source or
 * external URL; each claim with its definition, search, seeds (one cell per seed), spread, a
 * per-seed dot plot, the table's plot and verdict.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab } from './helpers';

describe('lab report', () => {
  it('writes a self-contained HTML report with search, seed strip, spread, plot and verdict', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'concord-report-')), 'r.html');
    const r = lab(['report', '--only', 'im-6', '--budget', '2', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).claims[0].id).toBe('im-6');
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const bad of ['<script', '<link', ' src=', 'url(', '<img'])
      expect(html).not.toContain(bad);
    // The only URL is the SVG namespace.
    expect(html.match(/https?:\/\/[^"]+/g)?.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(
      true,
    );
    expect(html).toContain('id="im-6"');
    for (const row of [
      'definition',
      'search',
      'best setting',
      'seeds',
      'spread over seeds',
      'per seed',
      'plot',
    ]) {
      expect(html).toContain(`<th>${row}</th>`);
    }
    expect(html.match(/<title>seed \d+: (holds|does not hold)</g)).toHaveLength(10);
    expect(html).toContain('<polyline');
    // The per-seed dot plot: a dot per seed for each headline number that has a value there.
    expect(html.match(/<circle /g)?.length ?? 0).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
