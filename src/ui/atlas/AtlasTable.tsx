/**
 * The atlas table: one row per method, one cell per property (✓ held on every set, ✗ failed on
 * n of N, a link to its counterexample; ★ marks what the method promises), the four resolution
 * rates of MATH.md §3, and a button that opens the live view with the chosen running method
 * beside this one. Any two rows can be paired, the TorchJD variants included (upgrad beside
 * upgrad with TorchJD's Gram): the radio sets the running method (config `method`, `torchjd`),
 * the button the compared one (`compare`, `compareTorchjd`).
 */

import type { Rate } from '../../core/metrics/resolution';
import type { AtlasRow } from '../../lab/atlas/measure';
import {
  type AtlasMethod,
  PROPERTY_IDS,
  PROPERTY_LABELS,
  type PropertyId,
} from '../../lab/atlas/methods';

const pct = (r: Rate | undefined) =>
  r && r.rate !== null ? `${(100 * r.rate).toFixed(1)}% (${r.numerator}/${r.denominator})` : '—';

export function AtlasTable({
  rows,
  methods,
  running,
  onCounterexample,
  onCompare,
  onRunning,
}: {
  rows: AtlasRow[];
  methods: AtlasMethod[];
  /** The row key of the running method (its id, or id-torchjd). */
  running: string;
  onCounterexample: (key: string, p: PropertyId) => void;
  onCompare: (m: AtlasMethod) => void;
  onRunning: (m: AtlasMethod) => void;
}) {
  const byKey = new Map(methods.map((m) => [m.key, m]));
  return (
    <table className="atlas-table" data-testid="atlas-table">
      <thead>
        <tr>
          <th>running</th>
          <th>method</th>
          <th>live view</th>
          {PROPERTY_IDS.map((p) => (
            <th key={p}>{PROPERTY_LABELS[p]}</th>
          ))}
          <th>pairwise</th>
          <th>set</th>
          <th>direction-safe</th>
          <th>projected-pairs</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const m = byKey.get(row.key);
          if (!m) return null;
          return (
            <tr key={row.key} data-testid={`atlas-row-${row.key}`}>
              <td>
                <input
                  type="radio"
                  name="atlas-running"
                  data-testid={`atlas-run-${row.key}`}
                  aria-label={`run ${m.label}`}
                  checked={running === m.key}
                  onChange={() => onRunning(m)}
                />
              </td>
              <th scope="row">{m.label}</th>
              <td>
                <button
                  type="button"
                  data-testid={`atlas-compare-${row.key}`}
                  title={
                    running === m.key
                      ? 'This is the running method: choose another one to run beside it'
                      : 'Open the live view running the chosen method beside this one'
                  }
                  disabled={running === m.key}
                  onClick={() => onCompare(m)}
                >
                  side by side
                </button>
              </td>
              {row.error ? (
                <td colSpan={PROPERTY_IDS.length + 4} className="atlas-na">
                  {row.error}
                </td>
              ) : (
                <>
                  {PROPERTY_IDS.map((p) => {
                    const r = row.properties[p];
                    const promised = row.promises.includes(p);
                    const star = promised ? '★ ' : '';
                    const testId = `atlas-cell-${row.key}-${p}`;
                    if (!r || r.checked === 0) {
                      return (
                        <td
                          key={p}
                          data-testid={testId}
                          className="atlas-na"
                          title="not measurable on one set"
                        >
                          n/a
                        </td>
                      );
                    }
                    if (r.failures === 0) {
                      return (
                        <td
                          key={p}
                          data-testid={testId}
                          className="atlas-yes"
                          title={`held on ${r.checked} sets`}
                        >
                          {star}✓
                        </td>
                      );
                    }
                    return (
                      <td
                        key={p}
                        data-testid={testId}
                        className={promised ? 'atlas-broken' : 'atlas-no'}
                      >
                        <a
                          href={`#cx-${row.key}-${p}`}
                          data-testid={`atlas-cx-link-${row.key}-${p}`}
                          onClick={(e) => {
                            e.preventDefault();
                            onCounterexample(row.key, p);
                          }}
                        >
                          {star}✗ {r.failures}/{r.checked}
                        </a>
                      </td>
                    );
                  })}
                  <td>{pct(row.rates?.pairwise)}</td>
                  <td>{pct(row.rates?.set)}</td>
                  <td>{pct(row.rates?.directionSafe)}</td>
                  <td>{pct(row.rates?.projectedPairs)}</td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
