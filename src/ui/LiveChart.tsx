/**
 * A uPlot chart of live series against the step. It subscribes to the run store itself and
 * calls setData at most every REDRAW_MS (in an animation frame, the newest state at that time),
 * so React never re-renders for new samples and a fast run does not redraw every chart on every
 * batch.
 * Any value is accepted (chartValues.ts): on a log scale values at or below the chart's floor
 * (0, negative, rounding) are drawn at the floor and marked by a "clamped" point series, ±∞ at
 * the ceiling, NaN as a gap; the axis range never leaves uPlot's supported powers of ten.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type RunState, useRunStore } from '../state/runStore';
import { clampedSeries, drawnColumns, LOG_FLOOR, safeLogRange, xColumn } from './chartValues';
import { THEME } from './palette';

export interface ChartLine {
  label: string;
  color: string;
  dash?: number[];
}

export interface LiveChartProps {
  /** The caption (may hold <Sym> definitions). */
  title: ReactNode;
  testId: string;
  yLabel: string;
  log?: boolean;
  height?: number;
  /** Lines of the chart, read from the run state (recomputed when the state changes). */
  lines: (s: RunState) => ChartLine[];
  /** Columns [x, y1, y2, …] for the current state. */
  data: (s: RunState) => ArrayLike<number>[];
  /** Key that rebuilds the chart when it changes (e.g. K). */
  shapeKey: (s: RunState) => string;
  /** Log scale: the floor values are clamped at (default CHART_FLOOR, 1e−20). */
  floor?: (s: RunState) => number;
}

/** Axis tick text: exponent form for very small or large magnitudes (log axes reach 1e-16). */
/** Shortest interval between two redraws of a live chart (ms): 5 Hz. */
export const REDRAW_MS = 200;

export function tickLabel(v: number | null): string {
  // uPlot passes null for ticks it leaves unlabelled (e.g. between decades on a log axis).
  if (v == null || !Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

export function LiveChart({
  title,
  testId,
  yLabel,
  log,
  height = 120,
  lines,
  data,
  shapeKey,
  floor,
}: LiveChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let chart: uPlot | null = null;
    let key = '';
    let raf = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pushedAt = Number.NEGATIVE_INFINITY;
    const axis = {
      stroke: THEME.muted,
      grid: { stroke: 'rgba(255,255,255,0.06)', width: 1 },
      ticks: { stroke: 'rgba(255,255,255,0.12)', width: 1 },
      font: '11px system-ui, sans-serif',
    };
    let builtFloor = Number.NaN;
    const floorOf = (s: RunState) => (floor ? floor(s) : Number.NaN);
    const build = (s: RunState) => {
      chart?.destroy();
      key = shapeKey(s);
      builtFloor = floorOf(s);
      const ls = lines(s);
      const f = Number.isFinite(builtFloor) ? builtFloor : undefined;
      chart = new uPlot(
        {
          width: Math.max(120, el.clientWidth),
          height,
          legend: { show: ls.length <= 6, live: true },
          cursor: { drag: { x: true, y: false } },
          scales: {
            x: { time: false },
            y: log ? { distr: 3, range: safeLogRange(f) } : { auto: true },
          },
          axes: [
            {
              ...axis,
              label: 'step',
              labelSize: 14,
              labelFont: '11px system-ui',
              // Steps are integers: no fractional tick labels on a short run.
              values: (_u: uPlot, ticks: number[]) =>
                ticks.map((v) => (v != null && Number.isInteger(v) ? String(v) : '')),
            },
            {
              ...axis,
              label: yLabel,
              labelSize: 14,
              labelFont: '11px system-ui',
              size: 56,
              values: (_u: uPlot, ticks: number[]) => ticks.map(tickLabel),
            },
          ],
          series: [
            { label: 'step' },
            ...ls.map((l) => ({
              label: l.label,
              stroke: l.color,
              width: 1.5,
              dash: l.dash,
              points: { show: false },
            })),
            ...(log
              ? [clampedSeries(`≤ ${(f ?? LOG_FLOOR).toExponential(0)} (clamped)`, THEME.danger)]
              : []),
          ],
        },
        [[], ...ls.map(() => []), ...(log ? [[]] : [])],
        el,
      );
      push(s);
    };
    const push = (s: RunState) => {
      if (!chart) return;
      const [x, ...ys] = data(s);
      const f = Number.isFinite(builtFloor) ? builtFloor : undefined;
      const d = drawnColumns(ys, !!log, f);
      const cols = [xColumn(x ?? []), ...d.lines, ...(log ? [d.clamped] : [])];
      chart.setData(cols as uPlot.AlignedData);
    };
    const onState = (s: RunState) => {
      const fl = floorOf(s);
      if (
        shapeKey(s) !== key ||
        (fl !== builtFloor && !(Number.isNaN(fl) && Number.isNaN(builtFloor)))
      )
        build(s);
      else if (!raf && timer === undefined) {
        // Trailing: the newest state is drawn once the interval since the last redraw is over.
        const wait = Math.max(0, pushedAt + REDRAW_MS - performance.now());
        timer = setTimeout(() => {
          timer = undefined;
          raf = requestAnimationFrame(() => {
            raf = 0;
            pushedAt = performance.now();
            push(useRunStore.getState());
          });
        }, wait);
      }
    };
    build(useRunStore.getState());
    const unsub = useRunStore.subscribe((s, p) => {
      if (s.series !== p.series || s.metaSeries !== p.metaSeries || s.K !== p.K) onState(s);
    });
    const ro = new ResizeObserver(() => {
      if (chart && el.clientWidth > 0) chart.setSize({ width: el.clientWidth, height });
    });
    ro.observe(el);
    return () => {
      unsub();
      ro.disconnect();
      cancelAnimationFrame(raf);
      clearTimeout(timer);
      chart?.destroy();
    };
  }, [lines, data, shapeKey, log, height, yLabel, floor]);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-host" />
    </figure>
  );
}
