/**
 * The α sweep: W worlds from one start, one α each, advanced at once by the engine (GPU batch
 * when available); live curves of steps to tolerance, final B and final F − F* against α, with
 * the main view's α slider marked. Divergent worlds are reported by count and α.
 */
import { useMemo, useState } from 'react';
import { type AlphaSweepOptions, type AlphaSweepResult, alphaSweep } from '../../lab/alphaSweep';
import { useConfigStore } from '../../state/configStore';
import { gpuElseCpu, lostNotice } from '../../workers/deviceFallback';
import { alphaSweepOffThread } from '../../workers/labRuns';
import { BackendSelect } from './BackendSelect';
import { LabChart } from './LabChart';
import { type LabBackendPref, resolveBackend } from './labBackend';
import { NumberField } from './NumberField';
import { BATCH_PROBLEMS, type BatchProblemId, batchProblem, defaultEta } from './problemChoice';
import { RunBar } from './RunBar';
import { useLabRun } from './useLabRun';
import { useLiveRerun } from './useLiveRerun';

/** The parameters of the run a result came from (shown with it, so a stale result is visible). */
interface RunParams {
  W: number;
  steps: number;
  eta: number;
  tol: number;
}

interface Snapshot {
  r: AlphaSweepResult;
  params: RunParams;
  stepsToTol: Float64Array;
  finalB: Float64Array;
  finalGap: Float64Array;
  step: number;
}

function snapshot(r: AlphaSweepResult, params: RunParams): Snapshot {
  return {
    r,
    params,
    stepsToTol: Float64Array.from(r.stepsToTol, (s) => (s < 0 ? Number.NaN : s)),
    finalB: Float64Array.from(r.finalB),
    finalGap: Float64Array.from(r.finalGap),
    step: r.step,
  };
}

export function AlphaSweepPanel() {
  const currentAlpha = useConfigStore((s) => s.config.alpha);
  const [problemId, setProblemId] = useState<BatchProblemId>('quadratic-groups');
  const [mode, setMode] = useState<'simultaneous' | 'sequential'>('simultaneous');
  const [W, setW] = useState(256);
  const [steps, setSteps] = useState(500);
  const [eta, setEta] = useState<number | null>(null);
  const [tol, setTol] = useState(1e-4);
  const [pref, setPref] = useState<LabBackendPref>('auto');
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const [live, setLive] = useState(false);
  const run = useLabRun();
  const problem = useMemo(() => batchProblem(problemId, 1), [problemId]);
  const etaDefault = useMemo(() => defaultEta(problem), [problem]);
  const etaUsed = eta ?? etaDefault;

  const onRun = () =>
    run.start(async (c) => {
      const { device } = await resolveBackend(pref);
      const params: RunParams = { W, steps, eta: etaUsed, tol };
      let last = 0;
      const options = (backend: 'cpu' | 'gpu'): AlphaSweepOptions => ({
        problem,
        method: { id: 'cosine', mode },
        W,
        eta: etaUsed,
        steps,
        tol,
        backend,
        signal: c.signal,
        onCheckpoint: (partial, fraction) => {
          c.progress(fraction, `${backend.toUpperCase()}: step ${partial.step}/${steps}`);
          const now = performance.now();
          if (now - last > 200) {
            last = now;
            c.commit(() => setSnap(snapshot(partial, params)));
          }
        },
      });
      // The CPU run is a job of the worker pool; a GPU run whose device is lost reruns there.
      const { value: r, notice } = await gpuElseCpu(
        device,
        (dev) => alphaSweep({ ...options('gpu'), device: dev }),
        () => alphaSweepOffThread(options('cpu')),
        lostNotice('α sweep'),
        c.signal,
      );
      if (notice) c.notice(notice);
      c.commit(() => setSnap(snapshot(r, params)));
      return `${W} worlds × ${steps} steps on the ${r.backend.toUpperCase()} in ${r.elapsedMs.toFixed(0)} ms`;
    });

  useLiveRerun(live, [problemId, mode, W, steps, etaUsed, tol, pref], onRun);

  const charts = useMemo(() => {
    if (!snap) return null;
    const x = snap.r.alpha;
    return {
      x,
      steps: [{ label: 'steps to tol', color: '#5fb3ff', values: snap.stepsToTol }],
      B: [{ label: 'B', color: '#7fdbca', values: snap.finalB }],
      gap: [{ label: 'F − F*', color: '#c792ea', values: snap.finalGap }],
    };
  }, [snap]);
  const r = snap?.r;
  const measure = r?.measure === 'B' ? 'B' : 'F − F*';

  return (
    <section className="lab-panel" data-testid="lab-alpha">
      <div className="lab-controls">
        <label className="lab-field">
          problem
          <select
            data-testid="alpha-problem"
            value={problemId}
            onChange={(e) => {
              setProblemId(e.target.value as BatchProblemId);
              setEta(null);
            }}
          >
            {BATCH_PROBLEMS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="lab-field">
          cosine mode
          <select
            value={mode}
            onChange={(e) => setMode(e.target.value as 'simultaneous' | 'sequential')}
          >
            <option value="simultaneous">simultaneous</option>
            <option value="sequential">sequential</option>
          </select>
        </label>
        <NumberField
          label="W (α values)"
          testId="alpha-W"
          value={W}
          min={2}
          max={65536}
          int
          onChange={setW}
        />
        <NumberField
          label="steps T"
          testId="alpha-steps"
          value={steps}
          min={1}
          max={100000}
          int
          onChange={setSteps}
        />
        <NumberField label="η" value={etaUsed} min={1e-9} max={10} onChange={setEta} />
        <NumberField label="tol" value={tol} min={0} max={1} onChange={setTol} />
        <BackendSelect value={pref} onChange={setPref} testId="alpha-backend" />
        <RunBar run={run} onRun={onRun} label="sweep α" testId="alpha-run" />
        <label className="lab-field">
          <input
            type="checkbox"
            data-testid="alpha-live"
            checked={live}
            onChange={(e) => setLive(e.target.checked)}
          />
          recompute on change
        </label>
      </div>
      <p className="lab-muted lab-desc">
        Loss-flow with cosine-scaled projection, every world from the problem's first start; world w
        has α_w = w/(W − 1). Steps to tolerance: first read-back (every 5 steps) with {measure} ≤
        tol. The dashed red line is the main view's α = {currentAlpha}.
      </p>
      {r && (
        <p
          data-testid="alpha-report"
          data-run={JSON.stringify(snap?.params)}
          data-step={snap?.step}
          data-final-b={JSON.stringify(Array.from(r.finalB))}
          data-final-gap={JSON.stringify(Array.from(r.finalGap))}
        >
          <span data-testid="alpha-backend-used">{r.backend.toUpperCase()}</span>, step {snap?.step}
          : {Array.from(r.stepsToTol).filter((s) => s >= 0).length}/{r.W} worlds reached tol;{' '}
          <span data-testid="alpha-diverged" data-count={r.diverged.length}>
            {r.diverged.length === 0
              ? 'no world diverged'
              : `${r.diverged.length} diverged (α = ${r.diverged
                  .slice(0, 12)
                  .map((w) => r.alpha[w].toFixed(3))
                  .join(', ')}${r.diverged.length > 12 ? ', …' : ''})`}
          </span>
          {r.undefinedB > 0 ? `; B undefined (S = 0) in ${r.undefinedB}` : ''}
        </p>
      )}
      {charts && (
        <div className="lab-row">
          <LabChart
            title={`Steps to ${measure} ≤ ${tol}`}
            testId="alpha-steps-chart"
            xLabel="α"
            yLabel="steps"
            x={charts.x}
            series={charts.steps}
            markX={currentAlpha}
          />
          <LabChart
            title="Final B (log)"
            testId="alpha-b-chart"
            xLabel="α"
            yLabel="B"
            x={charts.x}
            series={charts.B}
            log
            markX={currentAlpha}
          />
          {r?.measure === 'gap' && (
            <LabChart
              title="Final F − F* (log)"
              testId="alpha-gap-chart"
              xLabel="α"
              yLabel="F − F*"
              x={charts.x}
              series={charts.gap}
              log
              markX={currentAlpha}
            />
          )}
        </div>
      )}
    </section>
  );
}
