/**
 * What a chart may draw, for any float64 input (0, negative, NaN, ±∞): uPlot's log axis steps
 * through each decade in floating point and, for a range reaching below about 1e−22 (a value of
 * 0, 5e−324, a tiny B), never reaches the next power of ten and throws (RangeError: Invalid array
 * length). So every log-scale value v is drawn as
 *   clamp(v) = max(floor, min(v, LOG_CEIL))        (v finite or ±∞; NaN is a gap),
 * with floor ≥ LOG_FLOOR = 1e−20 (the chart's stated floor, or the quantity's rounding floor
 * when that is higher), and every clamped sample is marked on a separate marker series. Linear
 * scales draw finite values and leave NaN and ±∞ as gaps.
 */
import uPlot from 'uplot';
import { CHART_FLOOR } from '../state/series';

export const LOG_FLOOR = CHART_FLOOR;
export const LOG_CEIL = 1e30;

export interface DrawnColumns {
  /** Columns of the drawn lines (after the x column), null where nothing is drawn. */
  lines: (number | null)[][];
  /** The marker series: the clamp value where any line was clamped at that x, else null. */
  clamped: (number | null)[];
  /** How many samples were clamped. */
  nClamped: number;
}

/** A finite x column (non-finite x become null). */
export function xColumn(a: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = new Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = Number.isFinite(a[k]) ? a[k] : null;
  return out;
}

/** The drawn columns of `cols` on a log scale clamped at `floor`, or on a linear scale. */
export function drawnColumns(
  cols: ArrayLike<number>[],
  log: boolean,
  floor = LOG_FLOOR,
): DrawnColumns {
  const n = cols.reduce((m, c) => Math.max(m, c.length), 0);
  const f = Math.max(LOG_FLOOR, Number.isFinite(floor) ? floor : LOG_FLOOR);
  const clamped: (number | null)[] = new Array(n).fill(null);
  let nClamped = 0;
  const lines = cols.map((c) => {
    const out: (number | null)[] = new Array(c.length);
    for (let k = 0; k < c.length; k++) {
      const v = c[k];
      if (Number.isNaN(v)) out[k] = null;
      else if (!log) out[k] = Number.isFinite(v) ? v : null;
      else if (v <= f) {
        out[k] = f;
        clamped[k] = f;
        nClamped++;
      } else if (v >= LOG_CEIL) {
        out[k] = LOG_CEIL;
        clamped[k] ??= LOG_CEIL;
        nClamped++;
      } else out[k] = v;
    }
    return out;
  });
  return { lines, clamped, nClamped };
}

/** A log-scale range of whole decades inside [LOG_FLOOR, LOG_CEIL]. */
export function safeLogRange(floor = LOG_FLOOR) {
  const f = Math.max(LOG_FLOOR, floor);
  return (_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax => {
    let lo = min != null && Number.isFinite(min) && min > 0 ? Math.max(min, f) : f;
    let hi = max != null && Number.isFinite(max) && max > 0 ? Math.min(max, LOG_CEIL) : lo * 10;
    if (hi < lo) [lo, hi] = [hi, lo];
    return uPlot.rangeLog(lo, hi, 10, true) as uPlot.Range.MinMax;
  };
}

/** A value against its floor as text: "≤ 1.0e-16" below it (never a negative gap), else v. */
export function formatAboveFloor(v: number, floor: number, fmt: (x: number) => string): string {
  if (Number.isNaN(v)) return '—';
  if (Number.isFinite(floor) && floor > 0 && v <= floor) return `≤ ${floor.toExponential(1)}`;
  return fmt(v);
}

/** The marker series' options (points only, no line). */
export function clampedSeries(label: string, color: string): uPlot.Series {
  return {
    label,
    stroke: color,
    width: 0,
    paths: () => null,
    points: { show: true, size: 6, fill: color, stroke: color },
  };
}
