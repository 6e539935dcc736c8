/**
 * Play / pause / step / reset, the step counter and the latest measured values of world 0
 * (B, I, F − F*, conflicting pairs) with the frame time.
 */
import { useEffect, useState } from 'react';
import { useConfigStore } from '../state/configStore';
import { runner } from '../state/runner';
import { useRunStore } from '../state/runStore';
import { formatAboveFloor } from './chartValues';

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

/** In the imported mode there is no θ and no flow: nothing to play. */
function ImportedTransport() {
  const latest = useRunStore((s) => s.latest);
  const K = useRunStore((s) => s.K);
  return (
    <div className="transport" data-testid="transport-imported">
      <span className="metric">
        Imported gradients: no θ and no flow, so nothing to play — the view is the set itself with
        the chosen method applied.
      </span>
      <span className="metric" title="Balance residual ‖Σg_i‖² / Σ‖g_i‖²">
        B <b data-testid="b-value">{latest?.status === 1 ? 'undefined (S = 0)' : fmt(latest?.B)}</b>
      </span>
      <span className="metric" title="Pairs i < j with G_ij < −τ‖g_i‖‖g_j‖">
        conflicts <b>{latest ? `${latest.conflicts} / ${(K * (K - 1)) / 2}` : '—'}</b>
      </span>
    </div>
  );
}

export function Transport() {
  const imported = useConfigStore((s) => s.config.source === 'imported');
  return imported ? <ImportedTransport /> : <LiveTransport />;
}

function LiveTransport() {
  const status = useRunStore((s) => s.status);
  const step = useRunStore((s) => s.step);
  const latest = useRunStore((s) => s.latest);
  const gapFloor = useRunStore((s) => s.floors.gap);
  const K = useRunStore((s) => s.K);
  const running = status === 'running';
  return (
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
      <span className="metric">
        step <b data-testid="step-count">{step}</b>
      </span>
      <span className="metric" title="Balance residual ‖Σg_i‖² / Σ‖g_i‖²">
        B <b data-testid="b-value">{latest?.status === 1 ? 'undefined (S = 0)' : fmt(latest?.B)}</b>
      </span>
      <span className="metric" title="Interaction ratio Σ_{i<j} G_ij / Σ‖g_i‖²">
        I <b>{fmt(latest?.I)}</b>
      </span>
      <span className="metric" title="F − F* (when F* is known) else F">
        {latest && Number.isFinite(latest.gap) ? 'F − F*' : 'F'}{' '}
        <b data-testid="gap-value">
          {latest && Number.isFinite(latest.gap)
            ? formatAboveFloor(latest.gap, gapFloor, fmt)
            : fmt(latest?.F)}
        </b>
      </span>
      <span className="metric" title="Pairs i < j with G_ij < −τ‖g_i‖‖g_j‖">
        conflicts <b>{latest ? `${latest.conflicts} / ${(K * (K - 1)) / 2}` : '—'}</b>
      </span>
      {latest && latest.switchStep >= 0 ? (
        <span className="metric">
          switched to B-flow at <b>{latest.switchStep}</b>
        </span>
      ) : null}
      <FrameTime />
      <span className={`state ${status}`} data-testid="run-status">
        {status}
      </span>
    </div>
  );
}
