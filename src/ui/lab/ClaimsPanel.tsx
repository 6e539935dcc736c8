/**
 * The claims panel: a card per claim of the three theorem seeds (src/lab/claims, the same list
 * and the same Claim.run the CLI's `claims` command uses), a seed, the backend of the batched
 * rollouts (CPU by default, as the CLI; the GPU runs in the lab's worker) and "run all". Every
 * value shown was measured in this session; nothing is cached between sessions.
 */
import { memo, useCallback, useMemo, useState } from 'react';
import { CLAIMS } from '../../lab/claims/index';
import { DEFAULT_BUDGET_TEXT } from '../../lab/claims/steelmanClaim';
import type { Claim, ClaimResult } from '../../lab/claims/types';
import { DEFAULT_SEEDS } from '../../lab/seedSpread';
import type { ClaimRunOptions } from '../../workers/labRuns';
import { BackendSelect } from './BackendSelect';
import { ClaimCard } from './ClaimCard';
import { type LabBackendPref, resolveBackend } from './labBackend';
import { measureClaim } from './measureClaim';
import { NumberField } from './NumberField';
import { RunBar } from './RunBar';
import { useLabRun } from './useLabRun';

type Results = Record<string, ClaimResult | undefined>;

/** The panel's settings: backend choice, seeds of the verdict, search budget (0: the default). */
interface Sizes {
  pref: LabBackendPref;
  seeds: number;
  budget: number;
}

/**
 * The run options of a claim: the backend its worker is asked for ('gpu' where the page has
 * WebGPU, labBackend.ts), the seeds and the budget (absent at 0: one full coordinate pass).
 */
async function runOptions(s: Sizes): Promise<ClaimRunOptions> {
  const backend = s.pref === 'cpu' ? 'cpu' : (await resolveBackend(s.pref)).backend;
  return { backend, seeds: s.seeds, ...(s.budget > 0 ? { budget: s.budget } : {}) };
}

/**
 * One claim's card with its own run. Memoised, with callbacks that take the claim's id: a
 * progress update of "run all" or of another card re-renders none of the cards.
 */
const ClaimSlot = memo(function ClaimSlot(props: {
  claim: Claim;
  seed: number;
  sizes: Sizes;
  definition: string;
  onDefinition: (claimId: string, definitionId: string) => void;
  result: ClaimResult | null;
  onResult: (claimId: string, r: ClaimResult) => void;
}) {
  const run = useLabRun();
  const { claim, seed, sizes, definition, result, onResult, onDefinition } = props;
  const onRun = () =>
    run.start(async (c) => {
      const on = await runOptions(sizes);
      const r = await measureClaim(
        claim,
        seed,
        definition,
        c.signal,
        (f, m) => c.progress(f, m),
        on,
      );
      if (r.measuredOn?.notice) c.notice(r.measuredOn.notice);
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
  const [pref, setPref] = useState<LabBackendPref>('cpu');
  const [seeds, setSeeds] = useState(DEFAULT_SEEDS);
  const [budget, setBudget] = useState(0);
  const sizes = useMemo(() => ({ pref, seeds, budget }), [pref, seeds, budget]);
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
      const on = await runOptions(sizes);
      await Promise.all(
        CLAIMS.map(async (claim, k) => {
          const r = await measureClaim(
            claim,
            seed,
            defs[claim.id],
            c.signal,
            (f) => {
              share[k] = f;
              c.progress(
                share.reduce((a, b) => a + b, 0) / CLAIMS.length,
                `${measured}/${CLAIMS.length} claims measured`,
              );
            },
            on,
          );
          if (r.measuredOn?.notice) c.notice(r.measuredOn.notice);
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
        <NumberField
          label="seed"
          value={seed}
          min={0}
          max={0xffffffff}
          int
          testId="claims-seed"
          onChange={setSeed}
        />
        <NumberField
          label="seeds"
          value={seeds}
          min={1}
          max={1000}
          int
          testId="claims-seeds"
          onChange={setSeeds}
        />
        <NumberField
          label="budget (0: one full pass)"
          value={budget}
          min={0}
          max={10000}
          int
          testId="claims-budget"
          onChange={setBudget}
        />
        <BackendSelect value={pref} onChange={setPref} testId="claims-backend" />
        <RunBar run={all} onRun={runAll} label="run all" testId="claims-all" />
        <span className="lab-muted" data-testid="claims-summary">
          {Object.entries(counts)
            .map(([v, n]) => `${v}: ${n}`)
            .join(' · ') || 'no claim measured yet'}
        </span>
      </div>
      <p className="lab-muted">
        The same measurements as{' '}
        <code>
          npm run lab -- claims --seed {seed}
          {seeds === DEFAULT_SEEDS ? '' : ` --seeds ${seeds}`}
          {budget > 0 ? ` --budget ${budget}` : ''}
          {pref === 'cpu' ? '' : ' --backend gpu'}
        </code>
        : each claim searched over the settings a defender could choose (budget:{' '}
        {budget > 0 ? `${budget} setting${budget === 1 ? '' : 's'}` : DEFAULT_BUDGET_TEXT}), then
        measured on seeds {seed}–{seed + seeds - 1}.
      </p>
      <div className="claim-grid">
        {CLAIMS.map((claim) => (
          <ClaimSlot
            key={claim.id}
            claim={claim}
            seed={seed}
            sizes={sizes}
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
