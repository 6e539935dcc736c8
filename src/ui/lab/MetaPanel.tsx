/**
 * Meta-learning and group discovery (MATH.md §6–§7) on a quadratic-groups problem: meta-cycles
 * run live (core createMetaLearner, one cycle per step, float64 on the CPU), the A heatmap
 * redrawn each cycle with the detected groups, charts of ‖ΔA‖_F, the meta-loss and inner
 * convergence against the A = 0 and A = 1 baselines, within/between means, and the perturbation
 * (stability) test charting the distance back to the pre-perturbation A.
 */
import { useMemo, useState } from 'react';
import {
  constantInteraction,
  createMetaLearner,
  createStabilityTest,
  MAX_PERTURBATION,
  META_LOSSES,
  type MetaCycleRecord,
  type MetaLearner,
  type MetaLossId,
  type StabilityRecord,
} from '../../core/meta/index';
import { createQuadraticGroups, type QuadraticGroupsProblem } from '../../core/problems/index';
import { GroupHeatmap } from './GroupHeatmap';
import { LabChart } from './LabChart';
import { useLabShared } from './labShared';
import { cosineAt, driveMeta, type GroupSummary, groupSummary } from './metaGroups';
import { RunBar } from './RunBar';
import { useLabRun } from './useLabRun';

interface Learned {
  problem: QuadraticGroupsProblem;
  learner: MetaLearner;
  cos: Float64Array;
  records: MetaCycleRecord[];
  A: Float64Array;
  groups: GroupSummary | null;
}

const f = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : Math.abs(x) < 1e-3 && x !== 0
      ? x.toExponential(2)
      : x.toFixed(3);

export function MetaPanel() {
  const [seed, setSeed] = useState(1);
  const [K, setK] = useState(6);
  const [groups, setGroups] = useState(2);
  const [loss, setLoss] = useState<MetaLossId>('final-log-b');
  const [cycles, setCycles] = useState(10);
  const [p, setP] = useState(0.2);
  const [run, setRun] = useState<Learned | null>(null);
  const [stab, setStab] = useState<{ initial: number | null; records: StabilityRecord[] } | null>(
    null,
  );
  const learn = useLabRun();
  const perturb = useLabRun();
  const lossInfo = META_LOSSES.find((m) => m.id === loss);

  const onLearn = () =>
    learn.start(async (c) => {
      perturb.cancel();
      const problem = createQuadraticGroups({ K, d: 3, groups, seed });
      const learner = createMetaLearner(problem, {
        loss,
        cycles,
        A0: constantInteraction(K, 0.5),
      });
      const cos = cosineAt(problem, problem.starts()[0]);
      const A0 = learner.A;
      c.commit(() => {
        setStab(null);
        setRun({ problem, learner, cos, records: [], A: A0, groups: null });
      });
      const records: MetaCycleRecord[] = [];
      await driveMeta(
        () => learner.step(),
        cycles,
        (r, done) => {
          records.push(r);
          const snapshot = [...records];
          const g = groupSummary(r.A, K, cos, problem.groupOf);
          c.commit(() => {
            setRun({ problem, learner, cos, records: snapshot, A: r.A, groups: g });
            useLabShared.getState().setLearned(r.A, K, done);
          });
          c.progress(done / cycles, `meta-cycle ${done}/${cycles}`);
        },
        c.signal,
      );
      return `${cycles} meta-cycles done`;
    });

  const onPerturb = () =>
    perturb.start(async (c) => {
      if (!run) throw new Error('learn A first');
      const n = 10;
      const test = createStabilityTest(run.problem, run.A, {
        loss,
        p,
        seed,
        cycles: n,
        eta: run.learner.options.eta,
      });
      const recs: StabilityRecord[] = [];
      c.commit(() => setStab({ initial: test.initialRelative, records: [] }));
      await driveMeta(
        () => test.step(),
        n,
        (r, done) => {
          recs.push(r);
          const snapshot = [...recs];
          c.commit(() => setStab({ initial: test.initialRelative, records: snapshot }));
          c.progress(done / n, `recovery cycle ${done}/${n}`);
        },
        c.signal,
      );
      return `perturbed by up to ${(p * 100).toFixed(0)}%, ${n} cycles of learning`;
    });

  const charts = useMemo(() => {
    if (!run || run.records.length === 0) return null;
    const r = run.records;
    const x = Float64Array.from(r, (c) => c.cycle);
    const col = (g: (c: MetaCycleRecord) => number) => Float64Array.from(r, g);
    return {
      x,
      delta: [{ label: '‖ΔA‖_F', color: '#7fdbca', values: col((c) => c.deltaNorm), points: true }],
      loss: [
        { label: 'A_t', color: '#5fb3ff', values: col((c) => c.metaLoss), points: true },
        {
          label: 'A = 0',
          color: '#8b95a3',
          values: col((c) => c.baselineZero.metaLoss),
          dash: [4, 3],
        },
        {
          label: 'A = 1',
          color: '#f2b84b',
          values: col((c) => c.baselineOne.metaLoss),
          dash: [4, 3],
        },
      ],
      inner: [
        { label: 'A_t', color: '#5fb3ff', values: col((c) => c.innerSteps), points: true },
        {
          label: 'A = 0',
          color: '#8b95a3',
          values: col((c) => c.baselineZero.innerSteps),
          dash: [4, 3],
        },
        {
          label: 'A = 1',
          color: '#f2b84b',
          values: col((c) => c.baselineOne.innerSteps),
          dash: [4, 3],
        },
      ],
    };
  }, [run]);

  const stabChart = useMemo(() => {
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

  const g = run?.groups;
  return (
    <section className="lab-panel" data-testid="lab-meta">
      <div className="lab-controls">
        <label className="lab-field">
          seed
          <input
            type="number"
            value={seed}
            min={0}
            onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value)) || 0))}
          />
        </label>
        <label className="lab-field">
          K
          <input
            type="number"
            value={K}
            min={2}
            max={16}
            onChange={(e) =>
              setK(Math.min(16, Math.max(2, Math.floor(Number(e.target.value)) || 2)))
            }
          />
        </label>
        <label className="lab-field">
          planted groups
          <input
            type="number"
            value={groups}
            min={1}
            max={K}
            onChange={(e) =>
              setGroups(Math.min(K, Math.max(1, Math.floor(Number(e.target.value)) || 1)))
            }
          />
        </label>
        <label className="lab-field">
          meta-loss
          <select
            data-testid="meta-loss"
            value={loss}
            onChange={(e) => setLoss(e.target.value as MetaLossId)}
          >
            {META_LOSSES.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label className="lab-field">
          cycles
          <input
            type="number"
            data-testid="meta-cycles"
            value={cycles}
            min={1}
            max={100}
            onChange={(e) =>
              setCycles(Math.min(100, Math.max(1, Math.floor(Number(e.target.value)) || 1)))
            }
          />
        </label>
        <RunBar run={learn} onRun={onLearn} label="learn A" testId="meta-learn" />
      </div>
      <p className="lab-muted lab-desc" data-testid="meta-loss-description">
        {lossInfo?.label}: {lossInfo?.description} Quadratic groups, d = 3, inner rollouts of T ={' '}
        {run?.learner.options.T ?? 20} loss-flow steps with interaction(A) from the problem's
        starts; central differences over the K(K−1) entries; A in [0, 1]; float64 on the CPU.
      </p>
      <div className="lab-row">
        <div>
          <GroupHeatmap
            title={run ? `A after cycle ${run.records.length}` : 'A (not learned yet)'}
            testId="meta-heatmap"
            matrix={run?.A ?? null}
            K={K}
            vmax={1}
            labels={g?.labels ?? null}
          />
          <GroupHeatmap
            title="cos(g_i, g_j) at the first start, by detected group"
            testId="meta-cos"
            matrix={run?.cos ?? null}
            K={K}
            vmax={1}
            labels={g?.labels ?? null}
          />
        </div>
        <div data-testid="meta-groups">
          {g ? (
            <table className="lab-table">
              <tbody>
                <tr>
                  <th>groups detected (eigengap)</th>
                  <td data-testid="meta-k">{g.k}</td>
                </tr>
                <tr>
                  <th>labels</th>
                  <td>{Array.from(g.labels).join(' ')}</td>
                </tr>
                <tr>
                  <th>A within / between (detected)</th>
                  <td>
                    {f(g.A.within)} / {f(g.A.between)}
                  </td>
                </tr>
                <tr>
                  <th>cos within / between (detected)</th>
                  <td>
                    {f(g.cos.within)} / {f(g.cos.between)}
                  </td>
                </tr>
                {g.plantedA && (
                  <tr>
                    <th>
                      A within / between (planted {Array.from(g.plantedLabels ?? []).join(' ')})
                    </th>
                    <td>
                      {f(g.plantedA.within)} / {f(g.plantedA.between)}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          ) : (
            <p className="lab-muted">
              {run ? 'A = 0 off the diagonal: no groups' : 'groups appear once A is learned'}
            </p>
          )}
          <div className="lab-controls">
            <label className="lab-field">
              perturb p
              <input
                type="range"
                data-testid="meta-p"
                min={0.01}
                max={MAX_PERTURBATION}
                step={0.01}
                value={p}
                onChange={(e) => setP(Number(e.target.value))}
              />
              {(p * 100).toFixed(0)}%
            </label>
            <RunBar
              run={perturb}
              onRun={onPerturb}
              label="perturb"
              testId="meta-perturb"
              disabled={!run || run.records.length === 0 || learn.state.status === 'running'}
            />
          </div>
          {stabChart && (
            <LabChart
              title="Distance back to the pre-perturbation A (relative)"
              testId="meta-stability-chart"
              xLabel="cycle"
              yLabel="relative"
              x={stabChart.x}
              series={stabChart.series}
              log
            />
          )}
        </div>
      </div>
      {charts && (
        <div className="lab-row">
          <LabChart
            title="‖A_t − A_{t−1}‖_F per cycle"
            testId="meta-delta-chart"
            xLabel="cycle"
            yLabel="‖ΔA‖_F"
            x={charts.x}
            series={charts.delta}
            log
          />
          <LabChart
            title={`Meta-loss (${lossInfo?.label}) against A = 0 and A = 1`}
            testId="meta-loss-chart"
            xLabel="cycle"
            yLabel="meta-loss"
            x={charts.x}
            series={charts.loss}
          />
          <LabChart
            title="Inner steps to tolerance against A = 0 and A = 1"
            testId="meta-inner-chart"
            xLabel="cycle"
            yLabel="steps"
            x={charts.x}
            series={charts.inner}
          />
        </div>
      )}
    </section>
  );
}
