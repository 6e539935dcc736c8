/**
 * The per-seed dot plot of a claim for the report (issue 13, item 6): one row per headline
 * number (the claim's `numbers` that have per-seed values, at most MAX_ROWS; every measured
 * number when none does), one dot per seed on the row's own axis, green where the claim holds on
 * that seed and red where it does not; the median is a tick. A row's axis is logarithmic when
 * its values are all positive and span more than two decades. Seeds without a value are counted
 * beside the row ("3 without value"), never drawn as a number. Inline SVG, no script.
 */
import type { ClaimQuantity, ClaimResult } from './claims/types';
import { fmtNumber } from './seedSpread';

const MAX_ROWS = 4;
const W = 520;
const ROW = 30;
const LEFT = 150;
const RIGHT = 110;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The quantities the plot shows (module comment). */
export function dotPlotRows(r: ClaimResult): ClaimQuantity[] {
  const qs = (r.spread?.quantities ?? []).filter((q) =>
    (q.values ?? []).some((v) => v !== null && Number.isFinite(v)),
  );
  const headline = qs.filter((q) => q.name in r.numbers);
  return (headline.length > 0 ? headline : qs).slice(0, MAX_ROWS);
}

function row(q: ClaimQuantity, holds: readonly boolean[], seeds: readonly number[], y: number) {
  const vals = q.values ?? [];
  const fin = vals.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo0 = Math.min(...fin);
  const hi0 = Math.max(...fin);
  const log = lo0 > 0 && hi0 / lo0 > 100;
  const tr = (v: number) => (log ? Math.log10(v) : v);
  let lo = tr(lo0);
  let hi = tr(hi0);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const px = (v: number) => LEFT + ((tr(v) - lo) / (hi - lo)) * (W - LEFT - RIGHT);
  const dots = vals
    .map((v, k) =>
      v === null || !Number.isFinite(v)
        ? ''
        : `<circle cx="${px(v).toFixed(1)}" cy="${(y + ((k % 3) - 1) * 4).toFixed(1)}" r="3.5" fill="${holds[k] ? '#2ca02c' : '#d62728'}" fill-opacity="0.8"><title>seed ${seeds[k]}: ${esc(fmtNumber(v))}</title></circle>`,
    )
    .join('');
  const med =
    q.median === null
      ? ''
      : `<line x1="${px(q.median).toFixed(1)}" x2="${px(q.median).toFixed(1)}" y1="${y - 10}" y2="${y + 10}" stroke="#222"/>`;
  const missing = vals.length - fin.length;
  return (
    `<text x="4" y="${y + 4}" font-size="11">${esc(q.name)}</text>` +
    `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y}" y2="${y}" stroke="#ccc"/>` +
    `<text x="${LEFT}" y="${y + 14}" font-size="9" fill="#666">${esc(fmtNumber(lo0))}</text>` +
    `<text x="${W - RIGHT}" y="${y + 14}" font-size="9" fill="#666" text-anchor="end">${esc(fmtNumber(hi0))}${log ? ' (log)' : ''}</text>` +
    med +
    dots +
    (missing > 0
      ? `<text x="${W - RIGHT + 6}" y="${y + 4}" font-size="10" fill="#666">${missing} without value</text>`
      : '')
  );
}

/** The dot plot as inline SVG; '' when the claim has no per-seed number. */
export function seedDotsSvg(r: ClaimResult): string {
  const s = r.spread;
  if (!s) return '';
  const rows = dotPlotRows(r);
  if (rows.length === 0) return '';
  const H = rows.length * ROW + 10;
  const body = rows.map((q, k) => row(q, s.holdsBySeed, s.seeds, 16 + k * ROW)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" class="seed-dots">${body}</svg>`;
}
