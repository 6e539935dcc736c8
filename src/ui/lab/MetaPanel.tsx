/**
 * Meta-learning and group discovery (MATH.md §6–§7) on a quadratic-groups problem: meta-cycles
 * run live (core createMetaLearner with backtracking, one cycle per step: a step raising the
 * meta-loss is rejected), the A heatmap redrawn each cycle with the detected groups and their
 * adjusted Rand index against the planted ones, charts of ‖ΔA‖_F, the meta-loss and the inner
 * convergence rate (innerSpeed.ts, no horizon cap) against the A = 0 and A = 1 baselines,
 * within/between means, and the perturbation (stability) test charting the distance back to the
 * pre-perturbation A. On the GPU each cycle's 2K(K−1) perturbed matrices ×
 * starts go to the engine as one batch of worlds (src/lab/engineMeta.ts); on the CPU the core
 * evaluates them in float64, split over the worker pool. A GPU cycle whose device is lost is
 * evaluated again on the CPU, and the run continues there from that cycle.
 */
import { useState } from 'react';
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
import { engineMetaEvaluator } from '../../lab/engineMeta';
import type { InnerSpeed } from '../../lab/innerSpeed';
import { META_SPEED_HORIZON } from '../../lab/metaRun';
import { gpuElseCpu, lostNotice } from '../../workers/deviceFallback';
import { innerSpeedOffThread, metaLossesOffThread } from '../../workers/labRuns';
import { BackendSelect } from './BackendSelect';
import { GroupHeatmap } from './GroupHeatmap';
import { type LabBackendPref, resolveBackend } from './labBackend';
import { useLabShared } from './labShared';
import { MetaCharts } from './MetaCharts';
import { GroupTable, type Stability, StabilityChart } from './MetaGroupsBox';
import { cosineAt, driveMeta, type GroupSummary, groupSummary } from './metaGroups';
import { NumberField } from './NumberField';
import { RunBar } from './RunBar';
import { useLabRun } from './useLabRun';

interface Learned {
  problem: QuadraticGroupsProblem;
  learner: MetaLearner;
  cos: Float64Array;
  records: MetaCycleRecord[];
  A: Float64Array;
  groups: GroupSummary | null;
  /** Inner speed of each A_t (order of records), and of the baselines. */
  speeds: InnerSpeed[];
  base: { zero: InnerSpeed; one: InnerSpeed } | null;
}

/** Inner speed of matrices on the problem (innerSpeed.ts, float64 CPU in the pool, on F − F*). */
function speedsOf(
  problem: QuadraticGroupsProblem,
  l: MetaLearner,
  ms: Float64Array[],
  signal?: AbortSignal,
) {
  return innerSpeedOffThread(
    problem,
    ms,
    {
      on: 'gap',
      eta: l.options.eta,
      gating: l.options.gating ?? 'conflicting',
      horizon: META_SPEED_HORIZON,
    },
    signal,
  );
}

/**
 * Meta-cycles of one run: each evaluates its batch on the GPU engine while a device is held, else
 * in the worker pool. When the device is lost mid-cycle, that cycle's batch (A has not changed
 * yet) is evaluated on the CPU, `onLost` gets the notice, and later cycles stay on the CPU.
 */
async function cycleRunner(pref: LabBackendPref, signal: AbortSignal, onLost: (n: string) => void) {
  let device = (await resolveBackend(pref)).device;
  return async (l: MetaLearner): Promise<MetaCycleRecord> => {
    const matrices = l.batch().matrices;
    const { value, notice } = await gpuElseCpu(
      device,
      (dev) => engineMetaEvaluator('gpu', l.options, dev)(matrices),
      () => metaLossesOffThread(l.options, matrices, signal),
      lostNotice('meta-learning', `from cycle ${l.cycle + 1}`),
      signal,
    );
    if (notice) {
      device = undefined;
      onLost(notice);
    }
    if (signal.aborted) throw new DOMException('meta-learning cancelled', 'AbortError');
    return l.stepWith(value);
  };
}

export function MetaPanel() {
  const [seed, setSeed] = useState(1);
  const [K, setK] = useState(6);
  const [groups, setGroups] = useState(2);
  const [loss, setLoss] = useState<MetaLossId>('final-log-b');
  const [cycles, setCycles] = useState(10);
  const [p, setP] = useState(0.2);
  const [pref, setPref] = useState<LabBackendPref>('cpu');
  const [run, setRun] = useState<Learned | null>(null);
  const [stab, setStab] = useState<Stability | null>(null);
  const learn = useLabRun();
  const perturb = useLabRun();
  const lossInfo = META_LOSSES.find((m) => m.id === loss);

  const onLearn = () =>
    learn.start(async (c) => {
      perturb.cancel();
      const problem = createQuadraticGroups({ K, d: 3, groups: Math.min(groups, K), seed });
      const learner = createMetaLearner(problem, {
        loss,
        cycles,
        A0: constantInteraction(K, 0.5),
        backtrack: true,
      });
      const cos = cosineAt(problem, problem.starts()[0]);
      const A0 = learner.A;
      const [zero, one] = await speedsOf(
        problem,
        learner,
        [constantInteraction(K, 0), constantInteraction(K, 1)],
        c.signal,
      );
      const base = { zero, one };
      c.commit(() => {
        setStab(null);
        setRun({ problem, learner, cos, records: [], A: A0, groups: null, speeds: [], base });
      });
      const records: MetaCycleRecord[] = [];
      const speeds: InnerSpeed[] = [];
      const cycle = await cycleRunner(pref, c.signal, c.notice);
      await driveMeta(
        async () => {
          const r = await cycle(learner);
          speeds.push((await speedsOf(problem, learner, [r.A], c.signal))[0]);
          return r;
        },
        cycles,
        (r, done) => {
          records.push(r);
          const snapshot = [...records];
          const speedSnapshot = [...speeds];
          const g = groupSummary(r.A, K, cos, problem.groupOf);
          c.commit(() => {
            setRun({
              problem,
              learner,
              cos,
              records: snapshot,
              A: r.A,
              groups: g,
              speeds: speedSnapshot,
              base,
            });
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
      const o = run.learner.options;
      const test = createStabilityTest(run.problem, run.A, {
        loss,
        p,
        seed,
        cycles: n,
        eta: o.eta,
        backtrack: true,
      });
      const recs: StabilityRecord[] = [];
      c.commit(() => setStab({ initial: test.initialRelative, records: [] }));
      const cycle = await cycleRunner(pref, c.signal, c.notice);
      await driveMeta(
        async () => test.stepWith(await cycle(test.learner)),
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

  const g = run?.groups ?? null;
  const busy = learn.state.status === 'running';
  return (
    <section className="lab-panel" data-testid="lab-meta">
      <div className="lab-controls">
        <NumberField label="seed" value={seed} min={0} max={4294967295} int onChange={setSeed} />
        <NumberField label="K" value={K} min={2} max={16} int onChange={setK} />
        <NumberField
          label="planted groups"
          value={groups}
          min={1}
          max={16}
          int
          onChange={setGroups}
        />
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
        <NumberField
          label="cycles"
          testId="meta-cycles"
          value={cycles}
          min={1}
          max={100}
          int
          onChange={setCycles}
        />
        <BackendSelect value={pref} onChange={setPref} testId="meta-backend" />
        <RunBar run={learn} onRun={onLearn} label="learn A" testId="meta-learn" />
      </div>
      <p className="lab-muted lab-desc" data-testid="meta-loss-description">
        {lossInfo?.label}: {lossInfo?.description} Quadratic groups, d = 3; inner rollouts of T ={' '}
        {run?.learner.options.T ?? 20} loss-flow steps with interaction(A) from the problem's
        starts; central differences (h = 10⁻⁴) over the K(K−1) entries, 2K(K−1) rollouts per start
        and cycle; A in [0, 1], A₀ = 0.5; each meta step backtracks (×1, ½, ¼, ⅛) and is rejected
        when none of them lowers the meta-loss. Inner speed: the rate, mean −Δ ln(F − F*) per step
        until 10⁻⁶ of the start or {META_SPEED_HORIZON} steps, which no horizon caps. On the GPU the
        rollouts run in float32, whose resolution is close to the differences that h = 10⁻⁴
        produces: compare with the CPU.
      </p>
      <div className="lab-row">
        <div>
          <GroupHeatmap
            title={run ? `A after cycle ${run.records.length}` : 'A (not learned yet)'}
            testId="meta-heatmap"
            matrix={run?.A ?? null}
            K={run?.problem.K ?? K}
            vmax={1}
            labels={g?.labels ?? null}
          />
          <GroupHeatmap
            title="cos(g_i, g_j) at the first start, by detected group"
            testId="meta-cos"
            matrix={run?.cos ?? null}
            K={run?.problem.K ?? K}
            vmax={1}
            labels={g?.labels ?? null}
          />
        </div>
        <div data-testid="meta-groups">
          <GroupTable g={g} learned={!!run && run.records.length > 0} />
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
              disabled={!run || run.records.length === 0 || busy}
            />
          </div>
          <StabilityChart stab={stab} />
        </div>
      </div>
      {run && (
        <MetaCharts
          records={run.records}
          speeds={run.speeds}
          base={run.base}
          lossLabel={lossInfo?.label ?? loss}
        />
      )}
    </section>
  );
}
