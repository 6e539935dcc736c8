/**
 * The small plot of a claim's table, where one is meaningful: the first column as x when every
 * row's entry there is a finite number, and as series every other column with at least two
 * finite numeric entries (numbers or numeric strings such as "0.42" or "1.2e-3"; "—" and other
 * text are gaps). The y scale is logarithmic when every plotted value is positive and they span
 * more than two decades. Null when the table has no such x column or no such series.
 */
import type { ClaimTable } from '../../lab/claims/types';

export interface ClaimPlot {
  xLabel: string;
  x: Float64Array;
  series: { label: string; values: Float64Array }[];
  log: boolean;
}

export function cellNumber(v: string | number | null): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return Number.NaN;
  const t = v.trim().replace(/%$/, '');
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : Number.NaN;
}

export function claimPlot(table: ClaimTable | undefined): ClaimPlot | null {
  if (!table || table.rows.length < 2) return null;
  const x = Float64Array.from(table.rows, (r) => cellNumber(r[0]));
  if (!x.every(Number.isFinite)) return null;
  const series: ClaimPlot['series'] = [];
  for (let c = 1; c < table.header.length; c++) {
    const values = Float64Array.from(table.rows, (r) => cellNumber(r[c] ?? null));
    if (values.filter(Number.isFinite).length >= 2) {
      series.push({ label: table.header[c], values });
    }
  }
  if (series.length === 0) return null;
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  let positive = true;
  for (const s of series) {
    for (const v of s.values) {
      if (!Number.isFinite(v)) continue;
      if (v <= 0) positive = false;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return { xLabel: table.header[0], x, series, log: positive && hi / lo > 100 };
}
