/**
 * The "Imported" panel: what was loaded (file, format, K, d, task names, warnings, precision,
 * memory, times), the balance summary S, B, I with the conflicting pairs, and a table of every
 * method's resolution metrics on this set (MATH.md §3, with the configured τ and parameters).
 * "Back to the live run" restores the run that was showing before the import. The sandbox
 * ("Your own gradients") uses the same panel with its starting sets and add/remove buttons in
 * place of the file facts.
 */

import { useConfigStore } from '../state/configStore';
import { backToLive } from '../state/importActions';
import { useImportStore } from '../state/importStore';
import { METHOD_LABELS } from '../state/runConfig';
import { filePrecision } from './filePrecision';
import { Sym } from './Sym';
import { formatSandbox, parseSandbox, SANDBOX_EXAMPLES } from './sandbox/sandboxSet';
import { formatLog10 } from './scaledNumber';

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
  const source = useConfigStore((s) => s.config.source);
  if (!set || !a) return null;
  if (source === 'sandbox') return <SandboxPanel />;
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
        <dt>Stores</dt>
        <dd data-testid="imported-stored">{filePrecision(set)}</dd>
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
        <dt>
          <Sym id="S" /> = Σ‖g_i‖²
        </dt>
        <dd data-testid="imported-S">
          {/* S itself under- or overflows for entries near 1e±160 and beyond; log₁₀S does not. */}
          {(a.summary.S === 0 || a.summary.S === Number.POSITIVE_INFINITY) &&
          Number.isFinite(a.summary.log10S)
            ? formatLog10(a.summary.log10S)
            : fmt(a.summary.S)}
        </dd>
        <dt>
          <Sym id="B" /> = ‖Σg_i‖²/S
        </dt>
        <dd data-testid="imported-B">{fmt(a.summary.B)}</dd>
        <dt>
          <Sym id="I" /> = Σ<sub>i&lt;j</sub> <Sym id="G">G</Sym>
          <sub>ij</sub>/S
        </dt>
        <dd data-testid="imported-I">{fmt(a.summary.I)}</dd>
        <dt>
          <Sym id="conflicts">Conflicting pairs</Sym>
        </dt>
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

/** A gradient added to the sandbox: the next of a few spread directions, at length 0.8. */
function added(K: number, d: number): number[] {
  const a = 2.4 * K + 0.7;
  return d === 2
    ? [0.8 * Math.cos(a), 0.8 * Math.sin(a)]
    : [0.8 * Math.cos(a), 0.8 * Math.sin(a), 0.3];
}

function SandboxPanel() {
  const text = useConfigStore((s) => s.config.sandboxG);
  const update = useConfigStore((s) => s.update);
  const a = useImportStore((s) => s.analysis);
  const method = useConfigStore((s) => s.config.method);
  let cur: ReturnType<typeof parseSandbox> | null = null;
  try {
    cur = parseSandbox(text);
  } catch {
    cur = null;
  }
  const set = (g: ArrayLike<number>, K: number, d: number) =>
    update({ sandboxG: formatSandbox(g, K, d) });
  return (
    <section className="imported-panel sandbox-panel" data-testid="sandbox-panel">
      <h2>Your own gradients</h2>
      <p className="hint">
        Drag an arrow tip to move that gradient (its norm stays within 1.6); the selected
        gradient&apos;s construction is drawn in the scene. Change the method in the controls.
      </p>
      <div className="sandbox-buttons">
        {SANDBOX_EXAMPLES.map((e) => (
          <button key={e.text} type="button" onClick={() => update({ sandboxG: e.text })}>
            {e.label}
          </button>
        ))}
      </div>
      {cur ? (
        <div className="sandbox-buttons">
          <button
            type="button"
            data-testid="sandbox-add"
            disabled={cur.K >= 8}
            onClick={() => set([...cur.g, ...added(cur.K, cur.d)], cur.K + 1, cur.d)}
          >
            + gradient
          </button>
          <button
            type="button"
            data-testid="sandbox-remove"
            disabled={cur.K <= 2}
            onClick={() => set(cur.g.subarray(0, (cur.K - 1) * cur.d), cur.K - 1, cur.d)}
          >
            − gradient
          </button>
          <span className="hint" data-testid="sandbox-values">
            {text.split(';').map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (g1, g2, …).
              <span key={`${i}:${r}`} className="sandbox-row">
                g{i + 1} = ({r.replaceAll(',', ', ')})
              </span>
            ))}
          </span>
        </div>
      ) : null}
      <button type="button" data-testid="back-to-live" onClick={backToLive}>
        Back to the live run
      </button>
      {a ? (
        <table className="imported-methods" data-testid="imported-methods">
          <caption>Every method on these gradients (MATH.md §3)</caption>
          <thead>
            <tr>
              <th>Method</th>
              <th title="Originally conflicting ordered pairs (i, j) with g′_i·g_j ≥ −τ‖g′_i‖‖g_j‖">
                resolved / conflicting
              </th>
              <th title="d·g_i ≥ −τ‖d‖‖g_i‖ for all i">direction-safe</th>
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
                    <td>{yes(row.result.directionSafe)}</td>
                  </>
                ) : (
                  <td colSpan={2}>{row.error}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
