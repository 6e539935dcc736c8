/**
 * One claim of the seeds: the claim and its source, the seed's figure, the definition selector
 * (claim.definitions), the value measured in this session with its verdict badge, a run button
 * with progress (cancellable), the engine that measured it (and why the CPU did, where the GPU
 * was asked for), the search and seed spread behind the verdict (ClaimEvidence), the claim's
 * table (seed beside measured) and its plot.
 */
import { useMemo, useState } from 'react';
import type { Claim, ClaimResult } from '../../lab/claims/types';
import { objectiveColor } from '../palette';
import { ClaimEvidence } from './ClaimEvidence';
import { claimPlot } from './claimPlot';
import { LabChart } from './LabChart';
import { RunBar } from './RunBar';
import type { LabRun } from './useLabRun';

export interface ClaimCardProps {
  claim: Claim;
  definition: string;
  onDefinition: (id: string) => void;
  result: ClaimResult | null;
  run: LabRun;
  onRun: () => void;
}

export const VERDICT_CLASS: Record<ClaimResult['verdict'], string> = {
  holds: 'ok',
  'holds under a stated definition': 'ok-def',
  'does not hold': 'fail',
  'not measurable': 'na',
};

export function ClaimCard({ claim, definition, onDefinition, result, run, onRun }: ClaimCardProps) {
  const plot = useMemo(() => claimPlot(result?.table), [result]);
  const series = useMemo(
    () =>
      plot?.series.map((s, k) => ({
        label: s.label,
        color: objectiveColor(k, plot.series.length),
        values: s.values,
        points: true,
      })) ?? [],
    [plot],
  );
  const [showTable, setShowTable] = useState(true);
  const id = `claim-${claim.id}`;
  return (
    <article className="lab-card claim-card" data-testid={id}>
      <header>
        <strong>{claim.id}</strong> <span className="lab-muted">{claim.source}</span>
        {result && (
          <span
            className={`verdict verdict-${VERDICT_CLASS[result.verdict]}`}
            data-testid={`${id}-verdict`}
            data-verdict={result.verdict}
          >
            {result.verdict}
          </span>
        )}
      </header>
      <p className="claim-text">{claim.claim}</p>
      <p className="lab-muted">seed says: {claim.seedValue}</p>
      <label className="lab-field">
        definition
        <select
          data-testid={`${id}-definition`}
          value={definition}
          onChange={(e) => onDefinition(e.target.value)}
          disabled={claim.definitions.length < 2}
        >
          {claim.definitions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <RunBar
        run={run}
        onRun={onRun}
        testId={`${id}-runbar`}
        idleText={result ? 'measured by “run all”' : 'not run yet'}
      />
      {result ? (
        <div className="claim-result">
          <p data-testid={`${id}-value`} data-numbers={JSON.stringify(result.numbers)}>
            <b>measured:</b> {result.value}
          </p>
          <p className="lab-muted">
            <b>definition used:</b> {result.definitionUsed}
          </p>
          {result.measuredOn && (
            <p
              className="lab-muted"
              data-testid={`${id}-backend`}
              data-backend={result.measuredOn.backend}
            >
              <b>measured on:</b>{' '}
              {result.measuredOn.backend === 'gpu'
                ? `GPU (float32, ${result.measuredOn.adapter ?? 'unknown adapter'})`
                : 'CPU (float64)'}
              {result.measuredOn.note && ` (${result.measuredOn.note})`}
              {result.measuredOn.notice && (
                <span className="lab-notice" data-testid={`${id}-backend-notice`}>
                  {' '}
                  {result.measuredOn.notice}
                </span>
              )}
            </p>
          )}
          <p>
            <b>why:</b> {result.note}
          </p>
          <ClaimEvidence result={result} id={id} />
          {result.table && (
            <>
              <button type="button" onClick={() => setShowTable((v) => !v)}>
                {showTable ? 'hide table' : 'show table'}
              </button>
              {showTable && (
                <table className="lab-table" data-testid={`${id}-table`}>
                  <thead>
                    <tr>
                      {result.table.header.map((h) => (
                        <th key={h}>{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {result.table.rows.map((r, k) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity
                      <tr key={k}>
                        {r.map((c, j) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: cells have no identity
                          <td key={j}>{c === null ? '—' : String(c)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
          {plot && (
            <LabChart
              title={`${claim.id}: ${plot.series.map((s) => s.label).join(', ')}`}
              testId={`${id}-plot`}
              xLabel={plot.xLabel}
              yLabel="value"
              x={plot.x}
              series={series}
              log={plot.log}
              height={130}
            />
          )}
        </div>
      ) : (
        <p className="lab-muted" data-testid={`${id}-value`}>
          not measured in this session yet
        </p>
      )}
    </article>
  );
}
