/**
 * The meta panel's charts: ‖A_t − A_{t−1}‖_F per cycle (0 where the step was rejected), the
 * meta-loss and the inner convergence rate (innerSpeed.ts: mean −Δ ln(F − F*) per step, no
 * horizon cap) per cycle against the A = 0 and A = 1 baselines (dashed).
 */
import { useMemo } from 'react';
import type { MetaCycleRecord } from '../../core/meta/index';
import type { InnerSpeed } from '../../lab/innerSpeed';
import { LabChart } from './LabChart';

export function MetaCharts({
  records,
  speeds,
  base,
  lossLabel,
}: {
  records: MetaCycleRecord[];
  speeds: InnerSpeed[];
  base: { zero: InnerSpeed; one: InnerSpeed } | null;
  lossLabel: string;
}) {
  const c = useMemo(() => {
    const x = Float64Array.from(records, (r) => r.cycle);
    const col = (g: (r: MetaCycleRecord) => number) => Float64Array.from(records, g);
    const vsBaselines = (g: (e: { metaLoss: number; innerSteps: number }) => number) => [
      { label: 'A_t', color: '#5fb3ff', values: col((r) => g(r)), points: true },
      { label: 'A = 0', color: '#8b95a3', values: col((r) => g(r.baselineZero)), dash: [4, 3] },
      { label: 'A = 1', color: '#f2b84b', values: col((r) => g(r.baselineOne)), dash: [4, 3] },
    ];
    return {
      x,
      delta: [{ label: '‖ΔA‖_F', color: '#7fdbca', values: col((r) => r.deltaNorm), points: true }],
      loss: vsBaselines((e) => e.metaLoss),
      inner: [
        {
          label: 'A_t',
          color: '#5fb3ff',
          values: Float64Array.from(records, (_, k) => speeds[k]?.rate ?? Number.NaN),
          points: true,
        },
        {
          label: 'A = 0',
          color: '#8b95a3',
          values: col(() => base?.zero.rate ?? Number.NaN),
          dash: [4, 3],
        },
        {
          label: 'A = 1',
          color: '#f2b84b',
          values: col(() => base?.one.rate ?? Number.NaN),
          dash: [4, 3],
        },
      ],
    };
  }, [records, speeds, base]);
  if (records.length === 0) return null;
  return (
    <div className="lab-row">
      <LabChart
        title="‖A_t − A_{t−1}‖_F per cycle"
        testId="meta-delta-chart"
        xLabel="cycle"
        yLabel="‖ΔA‖_F"
        x={c.x}
        series={c.delta}
        log
      />
      <LabChart
        title={`Meta-loss (${lossLabel}) against A = 0 and A = 1`}
        testId="meta-loss-chart"
        xLabel="cycle"
        yLabel="meta-loss"
        x={c.x}
        series={c.loss}
      />
      <LabChart
        title="Inner convergence rate (−Δ ln(F − F*) per step) against A = 0 and A = 1"
        testId="meta-inner-chart"
        xLabel="cycle"
        yLabel="rate"
        log
        x={c.x}
        series={c.inner}
      />
    </div>
  );
}
