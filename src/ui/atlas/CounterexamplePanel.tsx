/**
 * A failing property's counterexample: the set (one row per objective), the numbers the check
 * measured (defect against its threshold, and the permutation or scalings it drew), whether
 * re-checking it from these very numbers fails again, and the `project` input that reproduces
 * the set from the command line.
 */
import { useMemo } from 'react';
import type { MethodSpec } from '../../core/types';
import { PROPERTY_LABELS } from '../../lab/atlas/methods';
import { type Counterexample, recheck } from '../../lab/atlas/properties';

const fmt = (x: number) => String(Number(x.toPrecision(6)));
const fmtValue = (v: number | number[]) =>
  Array.isArray(v) ? `[${v.map(fmt).join(', ')}]` : fmt(v);

export function CounterexamplePanel({
  label,
  spec,
  cx,
  onClose,
}: {
  label: string;
  spec: MethodSpec;
  cx: Counterexample;
  onClose: () => void;
}) {
  const again = useMemo(() => recheck(cx, spec), [cx, spec]);
  const json = JSON.stringify({
    gradients: cx.gradients,
    method: spec.id,
    ...(spec.torchjd ? { torchjd: true } : {}),
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
  });
  return (
    <section className="atlas-cx" data-testid="atlas-counterexample" aria-live="polite">
      <header>
        <h3>
          {label}: not {PROPERTY_LABELS[cx.property]}
        </h3>
        <button type="button" onClick={onClose} data-testid="atlas-cx-close">
          Close
        </button>
      </header>
      <p data-testid="atlas-cx-text">{cx.text}</p>
      <table className="atlas-cx-set" data-testid="atlas-cx-set">
        <thead>
          <tr>
            <th>i</th>
            <th>g_i</th>
          </tr>
        </thead>
        <tbody>
          {cx.gradients.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are objectives in order
            <tr key={i}>
              <td>{i + 1}</td>
              <td>{fmtValue(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="atlas-cx-numbers" data-testid="atlas-cx-numbers">
        {Object.entries(cx.numbers).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{fmtValue(v)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint" data-testid="atlas-cx-recheck">
        Re-checked from these numbers:{' '}
        {again.holds ? 'holds (not reproduced)' : `fails again (defect ${fmt(again.value)})`}.
      </p>
      <p className="hint">
        From the command line: <code>echo '{json}' | npm run -s lab -- project --input -</code>
      </p>
    </section>
  );
}
