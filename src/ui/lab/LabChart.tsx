/**
 * A uPlot chart of fixed columns (a lab result, redrawn when its data change): x against one or
 * more series, optionally on a log y scale (any value accepted: non-positive ones are clamped at
 * 1e−20 and marked, ±∞ at the ceiling, NaN a gap; ../chartValues.ts),
 * with an optional vertical marker at x = markX (e.g. the slider's α). The chart is built in a
 * task of its own (sliceQueue.ts).
 */
import { memo, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clampedSeries, drawnColumns, LOG_FLOOR, safeLogRange, xColumn } from '../chartValues';
import { THEME } from '../palette';
import { inSlice } from './sliceQueue';

export interface LabSeries {
  label: string;
  color: string;
  values: ArrayLike<number>;
  dash?: number[];
  points?: boolean;
}

export interface LabChartProps {
  title: string;
  testId: string;
  xLabel: string;
  yLabel: string;
  x: ArrayLike<number>;
  series: LabSeries[];
  log?: boolean;
  markX?: number;
  height?: number;
}

/** Tick label of a log axis: powers of ten as 1e-6, others blank (uPlot's own labels round to 0). */
function logTick(v: number): string {
  if (!(v > 0)) return '';
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9 ? `1e${Math.round(e)}` : '';
}

const axis = {
  stroke: THEME.muted,
  grid: { stroke: 'rgba(255,255,255,0.06)', width: 1 },
  ticks: { stroke: 'rgba(255,255,255,0.12)', width: 1 },
  font: '11px system-ui, sans-serif',
  labelSize: 14,
  labelFont: '11px system-ui',
};

/** Memoised: it redraws only when its own props change, not when a parent re-renders. */
export const LabChart = memo(function LabChart(p: LabChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const shown = useRef<{ chart: uPlot; ro: ResizeObserver } | null>(null);
  useEffect(
    () => () => {
      shown.current?.ro.disconnect();
      shown.current?.chart.destroy();
      shown.current = null;
    },
    [],
  );
  const { title, testId, xLabel, yLabel, x, series, log, markX, height = 150 } = p;
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const marker = (u: uPlot) => {
      if (markX === undefined || !Number.isFinite(markX)) return;
      const px = u.valToPos(markX, 'x', true);
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = THEME.danger;
      ctx.lineWidth = 2;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(px, u.bbox.top);
      ctx.lineTo(px, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.restore();
    };
    // Built in a task of its own (sliceQueue.ts): several charts of one result are several
    // tasks. The chart on screen stays until its successor replaces it (no blank frame).
    const build = () => {
      const drawn = drawnColumns(
        series.map((s) => s.values),
        !!log,
      );
      const marked = !!log && drawn.nClamped > 0;
      if (shown.current) {
        shown.current.ro.disconnect();
        shown.current.chart.destroy();
      }
      const made = new uPlot(
        {
          width: Math.max(160, el.clientWidth),
          height,
          legend: { show: series.length > 1, live: false },
          scales: {
            x: { time: false },
            y: log ? { distr: 3, range: safeLogRange() } : { auto: true },
          },
          axes: [
            { ...axis, label: xLabel },
            {
              ...axis,
              label: yLabel,
              size: 60,
              ...(log ? { values: (_u: uPlot, splits: number[]) => splits.map(logTick) } : {}),
            },
          ],
          series: [
            { label: xLabel },
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 1.5,
              dash: s.dash,
              points: { show: !!s.points, size: 5, fill: s.color },
            })),
            ...(marked
              ? [clampedSeries(`≤ ${LOG_FLOOR.toExponential(0)} (clamped)`, THEME.danger)]
              : []),
          ],
          hooks: { draw: [marker] },
        },
        [xColumn(x), ...drawn.lines, ...(marked ? [drawn.clamped] : [])] as uPlot.AlignedData,
        el,
      );
      const ro = new ResizeObserver(() => {
        if (el.clientWidth > 0) made.setSize({ width: el.clientWidth, height });
      });
      ro.observe(el);
      shown.current = { chart: made, ro };
    };
    return inSlice(build);
  }, [x, series, log, markX, height, xLabel, yLabel]);
  return (
    <figure className="chart lab-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-host" />
    </figure>
  );
});
