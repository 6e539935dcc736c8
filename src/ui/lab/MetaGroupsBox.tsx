/**
 * The groups detected in the learned A (eigengap, with its spectrum), their adjusted Rand index
 * against the planted groups beside that of the groups of cos, the within-group and between-group means of
 * A and of cos (detected and planted groups), and the perturbation test's distance-back chart.
 */
import { useMemo } from 'react';
import type { StabilityRecord } from '../../core/meta/index';
import { LabChart } from './LabChart';
import type { GroupSummary } from './metaGroups';

export const fmt = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : Math.abs(x) < 1e-3 && x !== 0
      ? x.toExponential(2)
      : x.toFixed(3);

export interface Stability {
  initial: number | null;
  records: StabilityRecord[];
}

export function GroupTable({ g, learned }: { g: GroupSummary | null; learned: boolean }) {
  if (!g) {
    return (
      <p className="lab-muted">
        {learned ? 'A = 0 off the diagonal: no groups' : 'groups appear once A is learned'}
      </p>
    );
  }
  return (
    <table className="lab-table">
      <tbody>
        <tr>
          <th>groups detected (eigengap)</th>
          <td data-testid="meta-k">{g.k}</td>
        </tr>
        <tr>
          <th>eigenvalues (chose k)</th>
          <td data-testid="meta-eigenvalues">{g.eigenvalues.map((x) => x.toFixed(3)).join(' ')}</td>
        </tr>
        <tr>
          <th>labels</th>
          <td>{Array.from(g.labels).join(' ')}</td>
        </tr>
        {g.ari !== null && (
          <tr>
            <th>ARI vs planted groups (1 = same partition, ≈ 0 = chance)</th>
            <td data-testid="meta-ari">
              A: {fmt(g.ari)} · cos: {fmt(g.cosGroups.ari)} (k = {g.cosGroups.k})
            </td>
          </tr>
        )}
        <tr>
          <th>A within / between (detected)</th>
          <td>
            {fmt(g.A.within)} / {fmt(g.A.between)}
          </td>
        </tr>
        <tr>
          <th>cos within / between (detected)</th>
          <td>
            {fmt(g.cos.within)} / {fmt(g.cos.between)}
          </td>
        </tr>
        {g.plantedA && (
          <tr>
            <th>A within / between (planted {Array.from(g.plantedLabels ?? []).join(' ')})</th>
            <td>
              {fmt(g.plantedA.within)} / {fmt(g.plantedA.between)}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function StabilityChart({ stab }: { stab: Stability | null }) {
  const c = useMemo(() => {
    if (!stab || stab.records.length === 0) return null;
    const x = Float64Array.from([0, ...stab.records.map((s) => s.cycle)]);
    const v = Float64Array.from([
      stab.initial ?? Number.NaN,
      ...stab.records.map((s) => s.relative ?? Number.NaN),
    ]);
    return {
      x,
      series: [{ label: '‖A_t − A_pre‖_F/‖A_pre‖_F', color: '#c792ea', values: v, points: true }],
    };
  }, [stab]);
  if (!c) return null;
  return (
    <LabChart
      title="Distance back to the pre-perturbation A (relative; cycle 0 = just perturbed)"
      testId="meta-stability-chart"
      xLabel="cycle"
      yLabel="relative"
      x={c.x}
      series={c.series}
      log
    />
  );
}
