/**
 * The import's visible state above the scene: a progress bar while a file loads (reading,
 * parsing, Gram pass, analysis; it floats over the top of the scene, so the scene keeps its size
 * and is not redrawn for a resize when the bar comes and goes), the message of a rejected file (nothing else changed), the
 * notice for a link that asked for imported data it cannot carry, and restore messages.
 */
import { useImportStore } from '../state/importStore';

const STAGES = {
  reading: 'Reading',
  parsing: 'Parsing',
  gram: 'Gram matrix',
  analysis: 'Analysing',
};

export function ImportStatus() {
  const progress = useImportStore((s) => s.progress);
  const error = useImportStore((s) => s.error);
  const missing = useImportStore((s) => s.missingData);
  const info = useImportStore((s) => s.info);
  const set = useImportStore((s) => s.set_);
  return (
    <div className="notices import-status" aria-live="polite">
      {progress ? (
        <div className="notice info import-progress" data-testid="import-progress">
          {STAGES[progress.stage]} {progress.fileName}…{' '}
          <progress max={1} value={progress.stage === 'parsing' ? undefined : progress.fraction} />{' '}
          {progress.stage === 'parsing' ? '' : `${Math.round(progress.fraction * 100)}%`}
        </div>
      ) : null}
      {error ? (
        <div className="notice danger" data-testid="import-error" role="alert">
          Import failed: {error}. Nothing else changed.
          <button type="button" aria-label="Dismiss" onClick={() => set({ error: null })}>
            ×
          </button>
        </div>
      ) : null}
      {missing ? (
        <div className="notice warn" data-testid="import-missing">
          This link pointed to imported gradients. Links carry only the configuration, never the
          data: import the file again (drop it here or use Import gradients) to see it. Showing the
          live run meanwhile.
          <button type="button" aria-label="Dismiss" onClick={() => set({ missingData: false })}>
            ×
          </button>
        </div>
      ) : null}
      {info ? (
        <div className="notice info" data-testid="import-info">
          {info}
          <button type="button" aria-label="Dismiss" onClick={() => set({ info: null })}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
