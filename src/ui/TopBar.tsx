/**
 * The top bar: title, preset picker with the preset's one-sentence story, backend status, and
 * the export actions (PNG of the scene, CSV, JSON, copy link).
 */
import { useState } from 'react';
import { runExportText } from '../lab/importFiles';
import { captureScenePng } from '../scene/capture';
import { useConfigStore } from '../state/configStore';
import { useImportStore } from '../state/importStore';
import { PRESETS } from '../state/presets';
import { runner } from '../state/runner';
import { useRunStore } from '../state/runStore';
import { seriesColumns } from '../state/series';
import { download, runToCsv, shareLink } from './exportRun';
import { ImportButton } from './ImportButton';

function BackendStatus() {
  const backend = useRunStore((s) => s.backend);
  const pref = useConfigStore((s) => s.config.backend);
  const status = useRunStore((s) => s.status);
  const text =
    backend === 'gpu' ? 'WebGPU · float32' : `CPU · float64${pref === 'cpu' ? '' : ' (fallback)'}`;
  return (
    <span
      className={`badge ${backend}`}
      data-testid="backend-status"
      data-backend={backend}
      data-status={status}
      title="Backend the engine runs on"
    >
      {text}
    </span>
  );
}

/** Live run or lab: the page shown, part of the shared configuration (so links keep it). */
function ViewSwitch() {
  const view = useConfigStore((s) => s.config.view);
  const update = useConfigStore((s) => s.update);
  return (
    <div className="view-switch" role="tablist" aria-label="Page">
      {(['live', 'lab', 'atlas'] as const).map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          className={view === v ? 'active' : ''}
          data-testid={`view-${v}`}
          onClick={() => update({ view: v })}
        >
          {v === 'live' ? 'Live run' : v === 'lab' ? 'Lab' : 'Method atlas'}
        </button>
      ))}
    </div>
  );
}

export function TopBar() {
  const preset = useConfigStore((s) => s.config.preset);
  const applyPreset = useConfigStore((s) => s.applyPreset);
  const [msg, setMsg] = useState<string | null>(null);
  const story = PRESETS.find((p) => p.id === preset)?.story;
  const view = useConfigStore((s) => s.config.view);
  const source = useConfigStore((s) => s.config.source);
  const flash = (m: string) => {
    setMsg(m);
    setTimeout(() => setMsg(null), 2500);
  };
  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
  const onPng = async () => {
    try {
      download(await captureScenePng(), `concord-scene-${stamp()}.png`);
    } catch (e) {
      flash(`PNG export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const onCsv = async () => {
    await runner.idle();
    const blob = new Blob([runToCsv(useRunStore.getState())], { type: 'text/csv' });
    download(blob, `concord-run-${stamp()}.csv`);
  };
  /** concord-run JSON: re-imports (drop or Import gradients) to the same state. */
  const onJson = async () => {
    await runner.idle();
    const c = useConfigStore.getState().config;
    const imp = useImportStore.getState().set;
    const run = useRunStore.getState();
    try {
      const text = runExportText({
        config: { ...c },
        imported: imp ? { K: imp.K, d: imp.d, g: imp.data, names: imp.names } : null,
        series: seriesColumns(run.series),
        step: run.step,
      });
      download(new Blob([text], { type: 'application/json' }), `concord-run-${stamp()}.json`);
    } catch (e) {
      flash(`JSON export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const onLink = async () => {
    const link = shareLink(useConfigStore.getState().config);
    try {
      await navigator.clipboard.writeText(link);
      flash('Link copied');
    } catch {
      window.prompt('Copy this link', link);
    }
  };
  return (
    <header className="topbar">
      <div className="brand">
        <h1>Concord</h1>
        <span className="tagline">gradient conflict lab</span>
      </div>
      <ViewSwitch />
      <div className="preset">
        <label htmlFor="preset-select">Preset</label>
        <select
          id="preset-select"
          data-testid="preset"
          value={preset}
          onChange={(e) => e.target.value && applyPreset(e.target.value)}
        >
          <option value="">Custom</option>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        <p className="story" data-testid="preset-story">
          {view === 'atlas'
            ? 'The method atlas measures every method’s properties live, with a counterexample for each failure.'
            : view === 'lab'
              ? 'The lab measures the seed documents’ claims and runs batched experiments; the live run waits, paused, on its page.'
              : source === 'imported'
                ? 'Your imported gradients, with the method chosen on the left applied to them.'
                : (story ?? 'Pick a preset, or set the problem and method on the left.')}
        </p>
      </div>
      <div className="actions">
        <BackendStatus />
        <ImportButton />
        <button type="button" data-testid="export-png" onClick={onPng}>
          PNG
        </button>
        <button type="button" data-testid="export-csv" onClick={onCsv}>
          CSV
        </button>
        <button type="button" data-testid="export-json" onClick={onJson}>
          JSON
        </button>
        <button type="button" data-testid="copy-link" onClick={onLink}>
          Copy link
        </button>
        {msg ? <span className="flash">{msg}</span> : null}
      </div>
    </header>
  );
}
