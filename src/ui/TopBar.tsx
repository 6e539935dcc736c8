/**
 * The top bar, one height on every screen and preset (the story sits in its own band above the
 * scene): the controls drawer button (narrow screens), title, page switch, preset picker, the
 * tour, presentation mode, backend status (with the precision of an imported file), and the
 * export actions (PNG of the whole view, CSV, JSON, copy link). On a narrow screen the actions
 * scroll sideways inside the bar.
 */
import { useState } from 'react';
import { runExportText } from '../lab/importFiles';
import { useConfigStore } from '../state/configStore';
import { useImportStore } from '../state/importStore';
import { PRESETS } from '../state/presets';
import { runner } from '../state/runner';
import { useRunStore } from '../state/runStore';
import { seriesColumns } from '../state/series';
import { useTourStore } from '../tour/tourStore';
import { download, runToCsv, shareLink } from './exportRun';
import { filePrecision } from './filePrecision';
import { ImportButton } from './ImportButton';
import { useLayoutStore } from './layoutStore';
import { captureViewPng } from './viewCapture';

function BackendStatus() {
  const backend = useRunStore((s) => s.backend);
  const pref = useConfigStore((s) => s.config.backend);
  const status = useRunStore((s) => s.status);
  const source = useConfigStore((s) => s.config.source);
  const precision = useImportStore((s) => (s.set ? filePrecision(s.set) : null));
  const engine = backend === 'gpu' ? 'WebGPU · float32' : 'CPU · float64';
  // The fallback is said in the notice line under the story; here only in the tooltip, so the
  // bar keeps one height and fits 1280 px.
  const fallback = backend !== 'gpu' && pref !== 'cpu';
  // An imported file is analysed in float64 from its own values; say what the file holds.
  const text =
    source === 'imported' && precision ? `file: ${precision} · analysis float64` : engine;
  return (
    <span
      className={`badge ${backend}`}
      data-testid="backend-status"
      data-backend={backend}
      data-fallback={fallback ? 'true' : 'false'}
      data-status={status}
      data-precision={source === 'imported' ? (precision ?? '') : ''}
      title={
        source === 'imported'
          ? `The file stores ${precision}; Concord analyses the values in float64 (engine: ${engine})`
          : fallback
            ? 'WebGPU is unavailable here: the engine runs on the CPU in float64 (a fallback)'
            : 'Backend the engine runs on'
      }
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
  const present = useConfigStore((s) => s.config.present);
  const source = useConfigStore((s) => s.config.source);
  const update = useConfigStore((s) => s.update);
  const drawer = useLayoutStore((s) => s.drawer);
  const setDrawer = useLayoutStore((s) => s.setDrawer);
  const tourOpen = useTourStore((s) => s.open);
  const flash = (m: string) => {
    setMsg(m);
    setTimeout(() => setMsg(null), 2500);
  };
  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');
  const onPng = async () => {
    try {
      download(await captureViewPng(), `concord-view-${stamp()}.png`);
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
    <header className="topbar" data-testid="topbar">
      <button
        type="button"
        className="drawer-toggle"
        data-testid="drawer-toggle"
        aria-expanded={drawer}
        onClick={() => setDrawer(!drawer)}
        title="Show or hide the controls"
      >
        ☰ Controls
      </button>
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
          <option value="">{source === 'imported' ? 'Imported set' : 'Custom'}</option>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        data-testid="tour-open"
        aria-pressed={tourOpen}
        onClick={() =>
          tourOpen ? useTourStore.getState().close() : useTourStore.getState().start()
        }
        title="Guided tour: resumes where you stopped"
      >
        Tour
      </button>
      <button
        type="button"
        data-testid="present-toggle"
        aria-pressed={present}
        onClick={() => update({ present: !present })}
        title="Presentation mode: large type, dense panels hidden"
      >
        {present ? 'Exit presentation' : 'Present'}
      </button>
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
