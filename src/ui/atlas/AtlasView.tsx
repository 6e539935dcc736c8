/**
 * The method atlas page: the properties TorchJD tabulates by hand (non-conflicting, linear under
 * scaling, weighted) and more (permutation-invariant, Pareto-stationary fixed points), measured
 * live for every method on random sets of a chosen K and d, or on the current gradients of the
 * live run, with the four resolution rates of MATH.md §3. Each failing cell opens its
 * counterexample; "side by side" opens the live view with two methods compared. The measuring
 * code is src/lab/atlas (pure functions shared with the tests).
 */
import { useEffect, useMemo, useState } from 'react';
import type { MethodId } from '../../core/types';
import type { AtlasMethod, PropertyId } from '../../lab/atlas/methods';
import { FLOOR, THRESHOLDS } from '../../lab/atlas/properties';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { NumField } from '../fields';
import { AtlasTable } from './AtlasTable';
import { CounterexamplePanel } from './CounterexamplePanel';
import { useAtlasRun } from './useAtlasRun';
import './atlas.css';

export function AtlasView() {
  const c = useConfigStore((s) => s.config);
  const update = useConfigStore((s) => s.update);
  const live = useRunStore((s) => s.view);
  const liveK = useRunStore((s) => s.K);
  const liveD = useRunStore((s) => s.d);
  const { state, run } = useAtlasRun();
  const [selected, setSelected] = useState<{ key: string; p: PropertyId } | null>(null);
  const params = useMemo(
    () => ({ K: c.atlasK, d: c.atlasD, sets: c.atlasSets, seed: c.atlasSeed }),
    [c.atlasK, c.atlasD, c.atlasSets, c.atlasSeed],
  );
  // Measure once on opening; afterwards on request.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on mount
  useEffect(() => {
    void run({ kind: 'random', params });
  }, []);
  const measureCurrent = () => {
    if (!live) return;
    void run({
      kind: 'current',
      gs: { K: liveK, d: liveD, g: Float64Array.from(live.gradients) },
      seed: c.atlasSeed,
    });
  };
  // Row keys: the id, or id-torchjd for TorchJD's Gram variant (methods.ts).
  const torchjdVariant = (id: MethodId) => id === 'upgrad' || id === 'dualproj';
  const running = `${c.method}${c.torchjd && torchjdVariant(c.method) ? '-torchjd' : ''}`;
  const onCompare = (m: AtlasMethod) => {
    update({ view: 'live', compare: m.spec.id, compareTorchjd: m.spec.torchjd === true });
  };
  const onRunning = (m: AtlasMethod) => {
    update({ method: m.spec.id, torchjd: m.spec.torchjd === true });
  };
  const row = selected ? state.rows.find((r) => r.key === selected.key) : undefined;
  const method = selected ? state.methods.find((m) => m.key === selected.key) : undefined;
  const cx = selected && row ? row.properties[selected.p]?.counterexample : null;
  const src = state.source;
  return (
    <div className="lab atlas" data-testid="atlas">
      <div className="lab-controls atlas-controls">
        <NumField field="atlasK" label="K" testId="atlas-k" />
        <NumField field="atlasD" label="d" testId="atlas-d" />
        <NumField field="atlasSets" label="sets" testId="atlas-sets" />
        <NumField field="atlasSeed" label="seed" testId="atlas-seed" />
        <button
          type="button"
          data-testid="atlas-measure"
          onClick={() => void run({ kind: 'random', params })}
        >
          Measure on random sets
        </button>
        <button
          type="button"
          data-testid="atlas-measure-current"
          disabled={!live}
          onClick={measureCurrent}
        >
          Measure on the current gradients
        </button>
        <span data-testid="atlas-progress">
          {state.running
            ? `measuring ${state.done}/${state.total} …`
            : state.error
              ? `error: ${state.error}`
              : ''}
        </span>
      </div>
      <p className="hint" data-testid="atlas-caption">
        {src?.kind === 'random'
          ? `${src.params.sets} random conflict sets, K = ${src.params.K}, d = ${src.params.d}, g_i ~ N(0, I) with norms scaled by exp(N(0, 1)), seed ${src.params.seed}; ${src.params.sets} hard sets (nearly antiparallel pairs down to 1 + cos ≈ 1e-10, duplicated rows, rows over 1e±8, a zero row) for the other properties; as many Pareto-stationary sets (0 = Σ λ_i g_i, λ_i > 0) for the fixed-point column.`
          : src?.kind === 'current'
            ? `The current gradients of the live run (world 0, K = ${src.gs.K}, d = ${src.gs.d}), 8 random permutations and scalings; the fixed-point property needs a stationary set (n/a).`
            : ''}{' '}
        ★ = promised by the method (required by the tests). Thresholds: non-conflicting min cos(d,
        g_i) ≥ −{THRESHOLDS.nonConflicting.toExponential(0)}; permutation and scaling defects ≤{' '}
        {THRESHOLDS.permutationInvariant.toExponential(0)}·‖d‖; weighted residual ≤{' '}
        {THRESHOLDS.weighted.toExponential(0)}·‖d‖; fixed points ‖d‖ ≤{' '}
        {THRESHOLDS.paretoFixedPoints.toExponential(0)}·Σ‖g_i‖; directions below{' '}
        {FLOOR.toExponential(0)}·Σ‖g_i‖ count as zero (what the exact solvers reach). Rates: MATH.md
        §3 with τ = 1e-9.
      </p>
      <div className="atlas-scroll">
        <AtlasTable
          rows={state.rows}
          methods={state.methods}
          running={running}
          onCounterexample={(key, p) => setSelected({ key, p })}
          onCompare={onCompare}
          onRunning={onRunning}
        />
      </div>
      {cx && method ? (
        <CounterexamplePanel
          label={method.label}
          spec={method.spec}
          cx={cx}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </div>
  );
}
