/**
 * The evidence under a claim's verdict: the steelman search (range searched, budget, best
 * setting and score), the seeds and the share on which the claim holds, every measured number as
 * median and IQR over the seeds, the convergence metric where the claim is about speed, and the
 * adjusted Rand index of detected groups against the planted ones with the eigengap spectra.
 */
import { memo } from 'react';
import type { ClaimResult } from '../../lab/claims/types';
import { fmtNumber } from '../../lab/seedSpread';

/** Memoised: a card's progress updates leave its evidence as drawn. */
export const ClaimEvidence = memo(function ClaimEvidence({
  result,
  id,
}: {
  result: ClaimResult;
  id: string;
}) {
  const { search, spread, metric, groups } = result;
  return (
    <div className="claim-evidence">
      {search && (
        <div data-testid={`${id}-search`}>
          <b>search:</b> {search.tried} of {search.gridSize} settings (budget {search.budget},{' '}
          {search.passes} full coordinate pass{search.passes === 1 ? '' : 'es'}), coordinate search
          on seeds {search.searchSeeds.join(', ')}; score = {search.scoreLabel}
          <ul className="lab-muted">
            {search.axes.map((a) => (
              <li key={a.name}>
                {a.name} ∈ {'{'}
                {a.values.join(', ')}
                {'}'} — {a.label}
              </li>
            ))}
            {Object.entries(search.pinned).map(([k, v]) => (
              <li key={k}>
                {k} = {v} (fixed by the definition)
              </li>
            ))}
          </ul>
          <b>best:</b>{' '}
          <span data-testid={`${id}-best`}>
            {Object.entries(search.best)
              .map(([k, v]) => `${k} = ${v}`)
              .join(', ')}
          </span>
          ; score {fmtNumber(search.bestScore)} (default setting {fmtNumber(search.defaultScore)})
        </div>
      )}
      {spread && (
        <div
          data-testid={`${id}-spread`}
          data-holds={spread.holds}
          data-seeds={spread.seeds.length}
        >
          <b>seeds:</b> {spread.seeds.join(' ')} — holds on {spread.holds}/{spread.seeds.length}{' '}
          <span className="lab-muted">({spread.rule})</span>
          <table className="lab-table">
            <thead>
              <tr>
                <th>measured</th>
                <th>median</th>
                <th>IQR</th>
                <th>seeds without a value</th>
              </tr>
            </thead>
            <tbody>
              {spread.quantities.map((q) => (
                <tr key={q.name}>
                  <td>{q.name}</td>
                  <td>{fmtNumber(q.median)}</td>
                  <td>
                    {fmtNumber(q.q1)} – {fmtNumber(q.q3)}
                  </td>
                  <td>{q.missing}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {metric && (
        <p>
          <b>metric:</b> {metric}
        </p>
      )}
      {groups && (
        <div data-testid={`${id}-groups`}>
          <b>groups against the {groups.planted} planted ones (adjusted Rand index):</b>
          <ul>
            {groups.ari.map((a) => (
              <li key={a.name}>
                {a.name}: median {fmtNumber(a.median)} (IQR {fmtNumber(a.q1)} – {fmtNumber(a.q3)})
                {a.missing > 0 ? `, A = 0 on ${a.missing} seeds` : ''}
              </li>
            ))}
          </ul>
          {groups.spectra.map((s) => (
            <p key={s.name} className="lab-muted">
              eigengap spectrum, {s.name} (first seed):{' '}
              {s.eigenvalues.map((x) => x.toFixed(3)).join(' ')} → k = {s.k}
            </p>
          ))}
        </div>
      )}
    </div>
  );
});
