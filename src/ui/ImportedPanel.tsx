/**
 * The "Imported" panel: what was loaded (file, format, K, d, task names, warnings, precision,
 * memory, times), the balance summary S, B, I with the conflicting pairs, and a table of every
 * method's resolution metrics on this set (MATH.md §3, with the configured τ and parameters).
 * "Back to the live run" restores the run that was showing before the import.
 */

import { useConfigStore } from '../state/configStore';
import { backToLive } from '../state/importActions';
import { useImportStore } from '../state/importStore';
import { METHOD_LABELS } from '../state/runConfig';

function fmt(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'undefined';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(4) : v.toPrecision(6);
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

const yes = (b: boolean) => (b ? '✓' : '✗');

export function ImportedPanel() {
  const set = useImportStore((s) => s.set);
  const a = useImportStore((s) => s.analysis);
  const method = useConfigStore((s) => s.config.method);
  const tau = useConfigStore((s) => s.config.tau);
  if (!set || !a) return null;
  const pairs = (set.K * (set.K - 1)) / 2;
  const where = {
    core: 'CPU, float64 core',
    gpu: 'GPU, float32 chunks summed in float64',
    cpu: 'CPU, float64 chunks',
  }[set.gramBackend];
  return (
    <section className="imported-panel" data-testid="imported-panel">
      <h2>Imported gradients</h2>
      <button type="button" className="primary" data-testid="back-to-live" onClick={backToLive}>
        Back to the live run
      </button>
      <dl className="imported-facts">
        <dt>File</dt>
        <dd data-testid="imported-file">{set.fileName}</dd>
        <dt>Format</dt>
        <dd data-testid="imported-format">{set.format}</dd>
        <dt>K × d</dt>
        <dd data-testid="imported-shape">
          {set.K} × {set.d.toLocaleString('en-US')}
        </dd>
        <dt>Tasks</dt>
        <dd data-testid="imported-names">{set.names.join(', ')}</dd>
        <dt>Memory</dt>
        <dd data-testid="imported-memory">
          {mb(set.dataBytes)} data ({set.precision}, K·d·{set.precision === 'float32' ? 4 : 8} B) +{' '}
          {mb(set.scratchBytes)} chunk buffers{set.data ? '' : '; data released after analysis'}
        </dd>
        <dt>Gram</dt>
        <dd
          data-testid="imported-gram"
          data-backend={set.gramBackend}
          data-load-ms={set.loadMs}
          data-gram-ms={set.gramMs}
          data-analysis-ms={set.analysisMs}
          data-bytes={set.dataBytes + set.scratchBytes}
        >
          {where}; load {set.loadMs.toFixed(0)} ms, Gram {set.gramMs.toFixed(0)} ms, analysis{' '}
          {set.analysisMs.toFixed(0)} ms
        </dd>
        <dt>S = Σ‖g_i‖²</dt>
        <dd data-testid="imported-S">{fmt(a.summary.S)}</dd>
        <dt>B = ‖Σg_i‖²/S</dt>
        <dd data-testid="imported-B">{fmt(a.summary.B)}</dd>
        <dt>I = Σ_{'{i<j}'} G_ij/S</dt>
        <dd data-testid="imported-I">{fmt(a.summary.I)}</dd>
        <dt>Conflicting pairs</dt>
        <dd data-testid="imported-conflicts">
          {a.summary.conflicts} of {pairs} (τ = {tau})
        </dd>
      </dl>
      {set.warnings.length > 0 ? (
        <ul className="imported-warnings" data-testid="imported-warnings">
          {set.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {a.methodError ? <p className="hint">{a.methodError}</p> : null}
      <table className="imported-methods" data-testid="imported-methods">
        <caption>Resolution of the conflicting ordered pairs by every method (MATH.md §3)</caption>
        <thead>
          <tr>
            <th>Method</th>
            <th title="Originally conflicting ordered pairs (i, j) with g′_i·g_j ≥ −τ‖g′_i‖‖g_j‖">
              resolved / conflicting
            </th>
            <th title="Every conflicting pair resolved">set</th>
            <th title="d·g_i ≥ −τ‖d‖‖g_i‖ for all i">direction-safe</th>
            <th title="g′_i·g′_j ≥ −τ‖g′_i‖‖g′_j‖ for all i < j">projected pairs</th>
          </tr>
        </thead>
        <tbody>
          {a.table.map((row) => (
            <tr key={row.id} data-method={row.id} className={row.id === method ? 'current' : ''}>
              <td>{METHOD_LABELS[row.id]}</td>
              {row.result ? (
                <>
                  <td>
                    {row.result.resolvedOrderedPairs} / {row.result.conflictingOrderedPairs}
                  </td>
                  <td>{yes(row.result.allResolved)}</td>
                  <td>{yes(row.result.directionSafe)}</td>
                  <td>{yes(row.result.projectedPairsSafe)}</td>
                </>
              ) : (
                <td colSpan={4}>{row.error}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
