/**
 * Play / pause / step / reset, the step counter and the latest measured values of world 0
 * (B, I, F − F*, the Pareto-stationarity gap, conflicting pairs) with the frame time; under them
 * what the method's fixed points are, and the run's finding when it has one (finding.ts); the
 * same two for the compared method when its path is drawn (2-D problems). Every symbol carries
 * its hover definition.
 */
import { useEffect, useState } from 'react';
import type { MethodId } from '../core/types';
import { useConfigStore } from '../state/configStore';
import { runner } from '../state/runner';
import { useRunStore } from '../state/runStore';
import type { Series } from '../state/series';
import { formatAboveFloor } from './chartValues';
import { runFinding } from './finding';
import { FIXED_POINTS } from './fixedPoints';
import { PARETO_ZERO, paretoGap, relativeParetoGap } from './pareto';
import { Sym } from './Sym';
import { formatScaled } from './scaledNumber';

function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(5);
}

function FrameTime() {
  const [ms, setMs] = useState(Number.NaN);
  useEffect(() => {
    const id = setInterval(() => setMs(runner.clock.median()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <span className="metric" title="Median time between animation frames over the last 600">
      frame <b data-testid="frame-time">{Number.isFinite(ms) ? ms.toFixed(1) : '—'}</b> ms
    </span>
  );
}

/** The Pareto-stationarity gap of the gradients on screen (‖u*‖, "0" below rounding). */
function ParetoMetric() {
  const gap = useRunStore((s) => paretoGap(s.view?.G, s.K));
  const rel = useRunStore((s) => relativeParetoGap(s.view?.G, s.K));
  const exp = useRunStore((s) => s.viewGramExp);
  // An imported set's G may be kept on a power-of-two scale: ‖u*‖ is 2^exp times the true gap.
  const text = !Number.isFinite(gap) ? '—' : rel < PARETO_ZERO ? '0' : formatScaled(gap, -exp, fmt);
  return (
    <span className="metric">
      <Sym id="pareto" />{' '}
      <b data-testid="pareto-gap" data-value={String(gap)} data-relative={String(rel)}>
        {text}
      </b>
    </span>
  );
}

function Conflicts() {
  const latest = useRunStore((s) => s.latest);
  const K = useRunStore((s) => s.K);
  return (
    <span className="metric">
      <Sym id="conflicts" /> <b>{latest ? `${latest.conflicts} / ${(K * (K - 1)) / 2}` : '—'}</b>
    </span>
  );
}

function BMetric() {
  const latest = useRunStore((s) => s.latest);
  return (
    <span className="metric">
      <Sym id="B" />{' '}
      <b data-testid="b-value">
        {latest?.status === 1 ? (
          <>
            undefined (<Sym id="S" /> = 0)
          </>
        ) : (
          fmt(latest?.B)
        )}
      </b>
    </span>
  );
}

/** Where the method stops, and the compared method when a comparison path is drawn. */
function FixedPoints() {
  const method = useConfigStore((s) => s.config.method);
  const compare = useConfigStore((s) =>
    s.config.source === 'problem' ? s.config.compare : 'none',
  );
  const drawn = useRunStore((s) => s.compare !== null && s.d === 2);
  return (
    <div className="fixed-points">
      <p className="fixed-line" data-testid="fixed-points">
        <b>Where it stops:</b> {FIXED_POINTS[method]}
      </p>
      {compare !== 'none' && compare !== method && drawn ? (
        <p className="fixed-line" data-testid="fixed-points-compare">
          <b>Compared, where it stops:</b> {FIXED_POINTS[compare]}
        </p>
      ) : null}
    </div>
  );
}

/** One sentence on what a run's F − F* series did (finding.ts); null before two samples. */
function findingOf(
  method: MethodId,
  series: Series | undefined,
  G: Float64Array | undefined,
  K: number,
): string | null {
  if (!series || series.length < 2) return null;
  return runFinding({
    method,
    steps: series.step.subarray(0, series.length),
    gaps: series.gap.subarray(0, series.length),
    paretoRel: relativeParetoGap(G, K),
  });
}

/**
 * The run's finding, recomputed when a new sample arrives; with `compared`, the compared
 * method's, from its own F − F* series (2-D problems, where its path is drawn: snapshot.ts) and
 * the Pareto gap of its own gradients.
 */
function Finding({ compared = false }: { compared?: boolean }) {
  const method = useConfigStore((s) => (compared ? s.config.compare : s.config.method));
  const text = useRunStore((s) =>
    method === 'none'
      ? null
      : compared
        ? findingOf(method, s.compare?.series, s.compare?.view?.G, s.K)
        : findingOf(method, s.series, s.view?.G, s.K),
  );
  if (!text) return null;
  return (
    <p
      className="finding"
      data-testid={compared ? 'finding-compare' : 'finding'}
      aria-live="polite"
    >
      <b>{compared ? 'Compared:' : 'Finding:'}</b> {text}
    </p>
  );
}

/** The findings and fixed points under the live run. */
function SceneNotes() {
  const compared = useRunStore((s) => s.compare !== null && s.d === 2);
  return (
    <div className="scene-notes">
      <Finding />
      {compared ? <Finding compared /> : null}
      <FixedPoints />
    </div>
  );
}

/** In the imported and sandbox modes there is no θ and no flow: nothing to play. */
function SetTransport() {
  const latest = useRunStore((s) => s.latest);
  const sandbox = useConfigStore((s) => s.config.source === 'sandbox');
  return (
    <>
      <div className="transport" data-testid="transport-imported">
        <span className="metric" data-testid="metrics">
          <span className="metric">
            {sandbox
              ? 'Drag an arrow tip; click one to select it.'
              : 'Imported gradients: no θ and no flow, so nothing to play.'}
          </span>{' '}
          <BMetric />{' '}
          <span className="metric">
            <Sym id="I" /> <b>{fmt(latest?.I)}</b>
          </span>{' '}
          <ParetoMetric /> <Conflicts />
        </span>
      </div>
      <FixedPoints />
    </>
  );
}

export function Transport() {
  const source = useConfigStore((s) => s.config.source);
  return source === 'problem' ? <LiveTransport /> : <SetTransport />;
}

function LiveTransport() {
  const status = useRunStore((s) => s.status);
  const step = useRunStore((s) => s.step);
  const latest = useRunStore((s) => s.latest);
  const gapFloor = useRunStore((s) => s.floors.gap);
  const running = status === 'running';
  const gapKnown = latest !== null && Number.isFinite(latest.gap);
  return (
    <>
      <div className="transport">
        <button
          type="button"
          className="primary"
          data-testid="play"
          aria-pressed={running}
          disabled={status === 'diverged'}
          onClick={() => runner.toggle()}
          title="Play / pause (space)"
        >
          {running ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button
          type="button"
          data-testid="step"
          onClick={() => void runner.step()}
          title="One step (→)"
        >
          Step
        </button>
        <button
          type="button"
          data-testid="reset"
          onClick={() => void runner.reset()}
          title="Reset (r)"
        >
          Reset
        </button>
        <span className="metrics" data-testid="metrics">
          <span className="metric">
            step <b data-testid="step-count">{step}</b>
          </span>{' '}
          <BMetric />{' '}
          <span className="metric">
            <Sym id="I" /> <b>{fmt(latest?.I)}</b>
          </span>{' '}
          <span className="metric">
            {gapKnown ? <Sym id="gap" /> : 'F'}{' '}
            <b data-testid="gap-value">
              {gapKnown ? formatAboveFloor(latest.gap, gapFloor, fmt) : fmt(latest?.F)}
            </b>
          </span>{' '}
          <ParetoMetric /> <Conflicts />
          {latest && latest.switchStep >= 0 ? (
            <span className="metric">
              {' '}
              switched to B-flow at <b>{latest.switchStep}</b>
            </span>
          ) : null}
        </span>
        <FrameTime />
        <span className={`state ${status}`} data-testid="run-status">
          {status}
        </span>
      </div>
      <SceneNotes />
    </>
  );
}
