/**
 * Basin maps of a 2-D problem for two methods side by side: an n × n grid of starts over the
 * domain advanced T steps at once (GPU batch when available), each drawn into a canvas
 * (ImageData, one pixel per start) coloured by where the start ends or by its steps to settle.
 * Methods without a GPU kernel (mgda, cagrad, upgrad) run on the CPU, and say so.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { METHOD_IDS, type MethodId, type MethodSpec } from '../../core/types';
import { gpuRunsMethod } from '../../gpu/methodUpload';
import { type BasinMapResult, basinMap, basinPixels } from '../../lab/basinMap';
import { gpuElseCpu, lostNotice } from '../../workers/deviceFallback';
import { basinMapOffThread } from '../../workers/labRuns';
import { BackendSelect } from './BackendSelect';
import { type LabBackendPref, resolveBackend } from './labBackend';
import { NumberField } from './NumberField';
import { batchProblem, defaultEta } from './problemChoice';
import { RunBar } from './RunBar';
import { useLabRun } from './useLabRun';
import { useLiveRerun } from './useLiveRerun';

type Mode = 'end' | 'steps';
const GRID_CHOICES = ['auto', '32', '64', '128', '256', '512'] as const;

function BasinCanvas({ r, mode, testId }: { r: BasinMapResult; mode: Mode; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const cv = ref.current;
    const ctx = cv?.getContext('2d');
    if (!cv || !ctx) return;
    cv.width = r.n;
    cv.height = r.n;
    ctx.putImageData(
      new ImageData(basinPixels(r, mode) as Uint8ClampedArray<ArrayBuffer>, r.n, r.n),
      0,
      0,
    );
  }, [r, mode]);
  return <canvas ref={ref} className="lab-canvas" data-testid={testId} />;
}

function MethodPicker(p: { value: MethodSpec; onChange: (m: MethodSpec) => void; testId: string }) {
  return (
    <span className="lab-field">
      <select
        data-testid={p.testId}
        value={p.value.id}
        onChange={(e) => p.onChange({ ...p.value, id: e.target.value as MethodId })}
      >
        {METHOD_IDS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      {p.value.id === 'cosine' && (
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={p.value.alpha ?? 1}
          aria-label="α"
          onChange={(e) => {
            const a = Number(e.target.value);
            if (a >= 0 && a <= 1) p.onChange({ ...p.value, alpha: a });
          }}
        />
      )}
    </span>
  );
}

function describe(r: BasinMapResult): string {
  const settled = r.settleStep.filter((s) => s >= 0).length;
  const div = r.diverged.length;
  const where = r.diverged
    .slice(0, 6)
    .map((w) => `(${r.starts[2 * w].toFixed(2)}, ${r.starts[2 * w + 1].toFixed(2)})`)
    .join(', ');
  return `${r.backend.toUpperCase()} ${r.n}×${r.n}, ${r.steps} steps, ${r.elapsedMs.toFixed(0)} ms; settled ${settled}/${r.n * r.n}; ${
    div === 0 ? 'no start diverged' : `${div} diverged, from ${where}${div > 6 ? ', …' : ''}`
  }${r.undefinedB > 0 ? `; B undefined at ${r.undefinedB} end points` : ''}`;
}

export function BasinPanel() {
  const [problemId, setProblemId] = useState<'cagrad-toy' | 'convex-pair'>('cagrad-toy');
  const [methods, setMethods] = useState<[MethodSpec, MethodSpec]>([
    { id: 'sum' },
    { id: 'pcgrad' },
  ]);
  const [grid, setGrid] = useState<(typeof GRID_CHOICES)[number]>('auto');
  const [steps, setSteps] = useState(500);
  const [eta, setEta] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode>('end');
  const [pref, setPref] = useState<LabBackendPref>('auto');
  const [maps, setMaps] = useState<(BasinMapResult | null)[]>([null, null]);
  const [live, setLive] = useState(false);
  const run = useLabRun();
  const problem = useMemo(() => batchProblem(problemId, 1), [problemId]);
  const etaDefault = useMemo(() => defaultEta(problem), [problem]);
  const etaUsed = eta ?? etaDefault;

  const onRun = () =>
    run.start(async (c) => {
      const resolved = await resolveBackend(pref);
      c.commit(() => setMaps([null, null]));
      const done = [0, 0];
      const one = async (k: number, method: MethodSpec): Promise<BasinMapResult> => {
        const gpuOk = gpuRunsMethod(method.id, problem.K);
        const device = gpuOk ? resolved.device : undefined;
        const options = (backend: 'cpu' | 'gpu') => ({
          problem,
          method: { ...method, seed: 1 },
          n: grid === 'auto' ? (backend === 'gpu' ? 256 : 64) : Number(grid),
          eta: etaUsed,
          steps,
          backend,
          signal: c.signal,
          onProgress: (f: number) => {
            done[k] = f;
            c.progress(
              (done[0] + done[1]) / 2,
              `${method.id} on the ${backend.toUpperCase()}: ${(f * 100).toFixed(0)}%`,
            );
          },
        });
        // CPU maps are jobs of the worker pool; a GPU map whose device is lost reruns there.
        const { value: r, notice } = await gpuElseCpu(
          device,
          (dev) => basinMap({ ...options('gpu'), device: dev }),
          () => basinMapOffThread(options('cpu')),
          lostNotice('basin map'),
          c.signal,
        );
        if (notice) c.notice(notice);
        c.commit(() => setMaps((m) => (k === 0 ? [r, m[1]] : [m[0], r])));
        return r;
      };
      const out: BasinMapResult[] = [];
      if (resolved.device) {
        for (const [k, method] of methods.entries()) out.push(await one(k, method));
      } else {
        // Both maps at once: the pool gives each its own worker when it has two.
        out.push(...(await Promise.all(methods.map((m, k) => one(k, m)))));
      }
      return `two maps: ${out.map((r) => `${r.elapsedMs.toFixed(0)} ms`).join(' and ')}`;
    });

  useLiveRerun(live, [problemId, methods, grid, steps, etaUsed, pref], onRun);

  return (
    <section className="lab-panel" data-testid="lab-basin">
      <div className="lab-controls">
        <label className="lab-field">
          problem
          <select
            data-testid="basin-problem"
            value={problemId}
            onChange={(e) => {
              setProblemId(e.target.value as 'cagrad-toy' | 'convex-pair');
              setEta(null);
            }}
          >
            <option value="cagrad-toy">CAGrad toy</option>
            <option value="convex-pair">convex quadratic pair (CQF)</option>
          </select>
        </label>
        <label className="lab-field">
          grid
          <select
            data-testid="basin-grid"
            value={grid}
            onChange={(e) => setGrid(e.target.value as (typeof GRID_CHOICES)[number])}
          >
            {GRID_CHOICES.map((g) => (
              <option key={g} value={g}>
                {g === 'auto' ? 'auto (256 GPU, 64 CPU)' : `${g} × ${g}`}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="steps T"
          testId="basin-steps"
          value={steps}
          min={1}
          max={100000}
          int
          onChange={setSteps}
        />
        <NumberField label="η" value={etaUsed} min={1e-9} max={10} onChange={setEta} />
        <label className="lab-field">
          colour by
          <select
            data-testid="basin-mode"
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
          >
            <option value="end">end point</option>
            <option value="steps">steps to settle</option>
          </select>
        </label>
        <BackendSelect value={pref} onChange={setPref} testId="basin-backend" />
        <RunBar run={run} onRun={onRun} label="draw maps" testId="basin-run" />
        <label className="lab-field">
          <input
            type="checkbox"
            data-testid="basin-live"
            checked={live}
            onChange={(e) => setLive(e.target.checked)}
          />
          recompute on change
        </label>
      </div>
      <p className="lab-muted lab-desc">
        One pixel per start over the domain (x right, y up). End point: a 2-D colour map of where
        the start is after T steps. Steps to settle: bright = fast; first read-back (every 10 steps)
        at which θ moved less than 1e-5 × the domain's span; dark blue = never. Black: diverged.
        {problemId === 'cagrad-toy'
          ? ' Speckle above x2 = 0: there a path can meet the log singularity |a| → 0 of the toy and jump, so neighbouring starts part, and the GPU (float32) map differs from the CPU (float64) one on some pixels (8% of a 32² sum map at T = 108).'
          : null}
      </p>
      <div className="lab-row">
        {[0, 1].map((k) => (
          <div key={k} data-testid={`basin-side-${k}`}>
            <MethodPicker
              value={methods[k]}
              testId={`basin-method-${k}`}
              onChange={(m) => setMethods((s) => (k === 0 ? [m, s[1]] : [s[0], m]))}
            />
            {maps[k] ? (
              <>
                <BasinCanvas
                  r={maps[k] as BasinMapResult}
                  mode={mode}
                  testId={`basin-canvas-${k}`}
                />
                <p
                  className="lab-muted"
                  data-testid={`basin-report-${k}`}
                  data-diverged={(maps[k] as BasinMapResult).diverged.length}
                  data-run={JSON.stringify({
                    n: (maps[k] as BasinMapResult).n,
                    steps: (maps[k] as BasinMapResult).steps,
                    backend: (maps[k] as BasinMapResult).backend,
                  })}
                >
                  {describe(maps[k] as BasinMapResult)}
                </p>
              </>
            ) : (
              <p className="lab-muted">not drawn yet</p>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
