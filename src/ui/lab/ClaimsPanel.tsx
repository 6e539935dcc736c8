/**
 * The claims panel: a card per claim of the three theorem seeds (src/lab/claims, the same list
 * and the same Claim.run the CLI's `claims` command uses), a seed, and "run all". Every value
 * shown was measured in this session; nothing is cached between sessions.
 */
import { memo, useCallback, useState } from 'react';
import { CLAIMS } from '../../lab/claims/index';
import { DEFAULT_BUDGET_TEXT } from '../../lab/claims/steelmanClaim';
import type { Claim, ClaimResult } from '../../lab/claims/types';
import { DEFAULT_SEEDS } from '../../lab/seedSpread';
import { ClaimCard } from './ClaimCard';
import { measureClaim } from './measureClaim';
import { RunBar } from './RunBar';
import { useLabRun } from './useLabRun';

type Results = Record<string, ClaimResult | undefined>;

/**
 * One claim's card with its own run. Memoised, with callbacks that take the claim's id: a
 * progress update of "run all" or of another card re-renders none of the cards.
 */
const ClaimSlot = memo(function ClaimSlot(props: {
  claim: Claim;
  seed: number;
  definition: string;
  onDefinition: (claimId: string, definitionId: string) => void;
  result: ClaimResult | null;
  onResult: (claimId: string, r: ClaimResult) => void;
}) {
  const run = useLabRun();
  const { claim, seed, definition, result, onResult, onDefinition } = props;
  const onRun = () =>
    run.start(async (c) => {
      const r = await measureClaim(claim, seed, definition, c.signal, (f, m) => c.progress(f, m));
      c.commit(() => onResult(claim.id, r));
      return `measured (seed ${seed})`;
    });
  const onDef = useCallback((id: string) => onDefinition(claim.id, id), [onDefinition, claim]);
  return (
    <ClaimCard
      claim={claim}
      definition={definition}
      onDefinition={onDef}
      result={result}
      run={run}
      onRun={onRun}
    />
  );
});

export function ClaimsPanel() {
  const [seed, setSeed] = useState(1);
  const [defs, setDefs] = useState<Record<string, string>>(() =>
    Object.fromEntries(CLAIMS.map((c) => [c.id, c.definitions[0].id])),
  );
  const [results, setResults] = useState<Results>({});
  const setDefinition = useCallback((claimId: string, id: string) => {
    setDefs((s) => ({ ...s, [claimId]: id }));
    setResults((s) => ({ ...s, [claimId]: undefined }));
  }, []);
  const all = useLabRun();
  const setResult = useCallback((id: string, r: ClaimResult) => {
    setResults((s) => ({ ...s, [id]: r }));
  }, []);
  const runAll = () =>
    all.start(async (c) => {
      // Every claim is a job of the worker pool; they run side by side as far as it has workers.
      const share = new Float64Array(CLAIMS.length);
      let measured = 0;
      await Promise.all(
        CLAIMS.map(async (claim, k) => {
          const r = await measureClaim(claim, seed, defs[claim.id], c.signal, (f) => {
            share[k] = f;
            c.progress(
              share.reduce((a, b) => a + b, 0) / CLAIMS.length,
              `${measured}/${CLAIMS.length} claims measured`,
            );
          });
          share[k] = 1;
          measured++;
          c.commit(() => setResult(claim.id, r));
          c.progress(measured / CLAIMS.length, `${measured}/${CLAIMS.length} claims measured`);
        }),
      );
      return `all ${CLAIMS.length} claims measured (seed ${seed})`;
    });
  const counts = CLAIMS.reduce(
    (acc, c) => {
      const v = results[c.id]?.verdict;
      if (v) acc[v] = (acc[v] ?? 0) + 1;
      return acc;
    },
    {} as Record<string, number>,
  );
  return (
    <section className="lab-panel" data-testid="lab-claims">
      <div className="lab-controls">
        <label className="lab-field">
          seed
          <input
            type="number"
            data-testid="claims-seed"
            value={seed}
            min={0}
            step={1}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 0) setSeed(v);
            }}
          />
        </label>
        <RunBar run={all} onRun={runAll} label="run all" testId="claims-all" />
        <span className="lab-muted" data-testid="claims-summary">
          {Object.entries(counts)
            .map(([v, n]) => `${v}: ${n}`)
            .join(' · ') || 'no claim measured yet'}
        </span>
      </div>
      <p className="lab-muted">
        The same measurements as <code>npm run lab -- claims --seed {seed}</code>: each claim
        searched over the settings a defender could choose (budget: {DEFAULT_BUDGET_TEXT}), then
        measured on seeds {seed}–{seed + DEFAULT_SEEDS - 1}.
      </p>
      <div className="claim-grid">
        {CLAIMS.map((claim) => (
          <ClaimSlot
            key={claim.id}
            claim={claim}
            seed={seed}
            definition={defs[claim.id]}
            onDefinition={setDefinition}
            result={results[claim.id] ?? null}
            onResult={setResult}
          />
        ))}
      </div>
    </section>
  );
}
