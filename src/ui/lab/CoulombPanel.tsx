/**
 * The Coulomb embedding (MATH.md §8) of a symmetric matrix: the cosine matrix of a
 * quadratic-groups problem at its first start, the main view's current cosine matrix, or the
 * symmetric part of the A last learned in the meta panel. Shows the fitted 3-D layout, the fit's
 * residual, the spectral rank-r error chart and the constructive m = K representation's errors.
 */
import { useMemo, useState } from 'react';
import { createQuadraticGroups } from '../../core/problems/index';
import type { CoulombViewData } from '../../lab/coulombView';
import { useRunStore } from '../../state/runStore';
import { coulombOffThread } from '../../workers/labRuns';
import { CoulombScene } from './CoulombScene';
import { LabChart } from './LabChart';
import { useLabShared } from './labShared';
import { cosineAt } from './metaGroups';
import { RunBar } from './RunBar';
import { useLabRun } from './useLabRun';

type Source = 'groups' | 'main' | 'learned';

const e = (x: number) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : x.toFixed(4));

/** The target matrix of `source`, or a message why it is not available. */
function target(
  source: Source,
  seed: number,
  K: number,
): { W: Float64Array; K: number; label: string } {
  if (source === 'groups') {
    const p = createQuadraticGroups({ K, d: 3, groups: 2, seed });
    return {
      W: cosineAt(p, p.starts()[0]),
      K,
      label: `cos of quadratic groups (K = ${K}, seed ${seed}) at its first start`,
    };
  }
  if (source === 'main') {
    const s = useRunStore.getState();
    if (!s.cos) throw new Error('the main view has no current gradients yet');
    const Km = s.K;
    const W = Float64Array.from(s.cos);
    return { W, K: Km, label: `cos of the main view's gradients at step ${s.step}` };
  }
  const l = useLabShared.getState().learned;
  if (!l) throw new Error('learn A in the meta panel first');
  return {
    W: l.A,
    K: l.K,
    label: `(A + Aᵀ)/2 of the A learned in the meta panel (cycle ${l.cycle})`,
  };
}

export function CoulombPanel() {
  const [source, setSource] = useState<Source>('groups');
  const [seed, setSeed] = useState(1);
  const [K, setK] = useState(6);
  const [m, setM] = useState(1);
  const [view, setView] = useState<{ v: CoulombViewData; label: string } | null>(null);
  const run = useLabRun();
  const onRun = () =>
    run.start(async (c) => {
      const t = target(source, seed, K);
      c.progress(0.1, 'fitting positions and masses');
      // In a worker: cancel ends the fit at once.
      const v = await coulombOffThread(t.W, t.K, { m: Math.min(m, t.K), seed }, c.signal);
      c.commit(() => setView({ v, label: t.label }));
      return `fitted in ${v.fit.iterations} L-BFGS iterations`;
    });
  const rank = useMemo(() => {
    if (!view) return null;
    const x = Float64Array.from(view.v.rankErrors, (_, r) => r);
    return {
      x,
      series: [{ label: 'e_r', color: '#5fb3ff', values: view.v.rankErrors, points: true }],
    };
  }, [view]);
  const v = view?.v;
  return (
    <section className="lab-panel" data-testid="lab-coulomb">
      <div className="lab-controls">
        <label className="lab-field">
          matrix
          <select
            data-testid="coulomb-source"
            value={source}
            onChange={(ev) => setSource(ev.target.value as Source)}
          >
            <option value="groups">cos, quadratic groups</option>
            <option value="main">cos, main view now</option>
            <option value="learned">learned A (meta panel)</option>
          </select>
        </label>
        <label className="lab-field">
          K
          <input
            type="number"
            value={K}
            min={2}
            max={16}
            disabled={source !== 'groups'}
            onChange={(ev) =>
              setK(Math.min(16, Math.max(2, Math.floor(Number(ev.target.value)) || 2)))
            }
          />
        </label>
        <label className="lab-field">
          seed
          <input
            type="number"
            value={seed}
            min={0}
            onChange={(ev) => setSeed(Math.max(0, Math.floor(Number(ev.target.value)) || 0))}
          />
        </label>
        <label className="lab-field">
          mass dimension m
          <input
            type="number"
            data-testid="coulomb-m"
            value={m}
            min={1}
            max={16}
            onChange={(ev) =>
              setM(Math.min(16, Math.max(1, Math.floor(Number(ev.target.value)) || 1)))
            }
          />
        </label>
        <RunBar run={run} onRun={onRun} label="fit" testId="coulomb-run" />
      </div>
      {v && view && (
        <>
          <p className="lab-muted">
            W = {view.label}; w_ij ≈ μ_i·μ_j/‖x_i − x_j‖², x_i ∈ R³, μ_i ∈ R^{v.m}.
          </p>
          <div className="lab-row">
            <CoulombScene view={v} />
            <div>
              <table className="lab-table" data-testid="coulomb-numbers">
                <tbody>
                  <tr>
                    <th>fit residual ‖W_fit − W‖_F/‖W‖_F (m = {v.m})</th>
                    <td data-testid="coulomb-residual">{e(v.fit.residual)}</td>
                  </tr>
                  <tr>
                    <th>m = K construction: relative residual</th>
                    <td>{e(v.exact.residual)}</td>
                  </tr>
                  <tr>
                    <th>m = K construction: max |error| over i ≠ j</th>
                    <td data-testid="coulomb-exact-max">{e(v.exact.maxError)}</td>
                  </tr>
                  <tr>
                    <th>m = K construction: diagonal shift</th>
                    <td>{e(v.exact.diagonal[0])}</td>
                  </tr>
                </tbody>
              </table>
              {rank && (
                <LabChart
                  title="Spectral rank-r truncation error ‖W − W_r‖_F/‖W‖_F"
                  testId="coulomb-rank-chart"
                  xLabel="r"
                  yLabel="e_r"
                  x={rank.x}
                  series={rank.series}
                />
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
