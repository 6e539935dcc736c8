/**
 * The live charts: B (log scale, clamped at its rounding floor K·u²), I, each L_i, F − F* (log
 * scale, clamped at 8·K·u·|F*|; series.ts roundingFloors), and the meta-learning series
 * ‖A_t − A_{t−1}‖_F per cycle, which shows an explanatory empty state until a meta run feeds it.
 */
import { type RunState, useRunStore } from '../state/runStore';
import { LiveChart } from './LiveChart';
import { objectiveColors, THEME } from './palette';
import { Sym } from './Sym';

const sub = (a: Float64Array, n: number) => a.subarray(0, n);
const kKey = (s: RunState) => `${s.K}:${s.groups ? Array.from(s.groups).join(',') : ''}`;
const constKey = () => 'one';

const bLines = () => [{ label: 'B', color: THEME.accent }];
const bData = (s: RunState) => [
  sub(s.series.step, s.series.length),
  sub(s.series.B, s.series.length),
];
const iLines = () => [{ label: 'I', color: '#f2b84b' }];
const iData = (s: RunState) => [
  sub(s.series.step, s.series.length),
  sub(s.series.I, s.series.length),
];
const lossLines = (s: RunState) =>
  objectiveColors(s.K, s.groups).map((color, i) => ({ label: `L${i + 1}`, color }));
const lossData = (s: RunState) => [
  sub(s.series.step, s.series.length),
  ...s.series.losses.map((l) => sub(l, s.series.length)),
];
const gapLines = () => [{ label: 'F − F*', color: '#c792ea' }];
const gapData = (s: RunState) => [
  sub(s.series.step, s.series.length),
  sub(s.series.gap, s.series.length),
];
const bFloor = (s: RunState) => s.floors.B;
const gapFloor = (s: RunState) => s.floors.gap;
const metaLines = () => [{ label: '‖A_t − A_{t−1}‖_F', color: '#7fdbca' }];
const metaData = (s: RunState) => [
  sub(s.metaSeries.cycle, s.metaSeries.length),
  sub(s.metaSeries.dA, s.metaSeries.length),
];

export function Charts() {
  const fstarKnown = useRunStore((s) => s.latest !== null && Number.isFinite(s.latest.gap));
  return (
    <div className="charts">
      <LiveChart
        title="Balance residual B = ‖Σg_i‖² / Σ‖g_i‖² (log scale)"
        testId="b-chart"
        yLabel="B"
        log
        floor={bFloor}
        lines={bLines}
        data={bData}
        shapeKey={constKey}
      />
      <LiveChart
        title={
          <>
            Interaction ratio I = Σ<sub>i&lt;j</sub> <Sym id="G">G</Sym>
            <sub>ij</sub> / <Sym id="S" />
          </>
        }
        testId="i-chart"
        yLabel="I"
        lines={iLines}
        data={iData}
        shapeKey={constKey}
      />
      <LiveChart
        title="Objective losses L_i"
        testId="loss-chart"
        yLabel="L_i"
        lines={lossLines}
        data={lossData}
        shapeKey={kKey}
      />
      {fstarKnown ? (
        <LiveChart
          title="Optimality gap F − F* (log scale)"
          testId="gap-chart"
          yLabel="F − F*"
          log
          floor={gapFloor}
          lines={gapLines}
          data={gapData}
          shapeKey={constKey}
        />
      ) : (
        <figure className="chart empty" data-testid="gap-chart">
          <figcaption>Optimality gap F − F*</figcaption>
          <p>F* is not known in closed form for this problem, so the gap is not drawn.</p>
        </figure>
      )}
    </div>
  );
}

export function MetaChart() {
  const n = useRunStore((s) => s.metaSeries.length);
  if (n === 0) {
    return (
      <figure className="chart empty" data-testid="meta-chart">
        <figcaption>Meta-learning: ‖A_t − A_(t−1)‖_F per cycle</figcaption>
        <p>
          Empty until the lab learns the interaction matrix A by meta-gradient (MATH.md §6): each
          cycle then adds the size of its update to A.
        </p>
      </figure>
    );
  }
  return (
    <LiveChart
      title="Meta-learning: ‖A_t − A_(t−1)‖_F per cycle (log scale)"
      testId="meta-chart"
      yLabel="‖ΔA‖_F"
      log
      lines={metaLines}
      data={metaData}
      shapeKey={constKey}
    />
  );
}
