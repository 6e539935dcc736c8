/**
 * The two heatmaps: the interaction matrix A in use (or, for methods without one, the method's
 * coefficients C with g'_i = Σ_j C_ij g_j) and the cosine matrix of the raw gradients.
 */
import { useMemo } from 'react';
import { useRunStore } from '../state/runStore';
import { Heatmap } from './Heatmap';
import { objectiveColors } from './palette';
import { Sym } from './Sym';

/** Objectives sorted by group label (stable), so that groups show as blocks; null without groups. */
export function groupOrder(groups: Int32Array | null, K: number): number[] | null {
  if (!groups || groups.length !== K) return null;
  return Array.from({ length: K }, (_, i) => i).sort((a, b) => groups[a] - groups[b] || a - b);
}

export function Matrices() {
  const K = useRunStore((s) => s.K);
  const groups = useRunStore((s) => s.groups);
  const order = useMemo(() => groupOrder(groups, K), [groups, K]);
  const strip = useMemo(() => {
    const colors = objectiveColors(K, groups);
    return (i: number) => colors[i] ?? '#8a8f98';
  }, [groups, K]);
  const note = order ? ' · ordered by group' : '';
  const A = useRunStore((s) => s.A);
  const C = useRunStore((s) => s.view?.C ?? null);
  const targets = useRunStore((s) => s.view?.targets ?? null);
  const cos = useRunStore((s) => s.cos);
  const runKey = useRunStore((s) => `${s.problemId}|${s.K}|${s.d}`);
  return (
    <div className="matrices">
      {targets ? (
        <Heatmap
          title={
            <>
              GradVac targets <Sym id="phi" /> (running, K×K)
            </>
          }
          name="GradVac targets φ̂"
          symbol="φ̂"
          matrix={targets}
          K={K}
          vmax={1}
          testId="heatmap-a"
          caption={`target cosines learned by EMA, the published relative of A${note}`}
          order={order}
          stripColor={strip}
        />
      ) : A ? (
        <Heatmap
          title={
            <>
              Interaction matrix <Sym id="A" />
            </>
          }
          name="Interaction matrix A"
          symbol="A"
          matrix={A}
          K={K}
          vmax={1}
          testId="heatmap-a"
          caption={`diagonal ignored (hatched)${note}`}
          order={order}
          stripColor={strip}
        />
      ) : (
        <Heatmap
          title={
            <>
              Coefficients <Sym id="C" /> (g′ = C g)
            </>
          }
          name="Coefficients C"
          symbol="C"
          matrix={C}
          K={K}
          vmax="auto"
          resetKey={runKey}
          testId="heatmap-a"
          caption={`this method has no A: its coefficients${note}`}
          order={order}
          stripColor={strip}
          diagonal="shown"
        />
      )}
      <Heatmap
        title={
          <>
            <Sym id="cos">Cosine</Sym> of raw gradients
          </>
        }
        name="Cosine of raw gradients"
        symbol="cos"
        matrix={cos}
        K={K}
        vmax={1}
        testId="heatmap-cos"
        caption={`red: conflicting, blue: aligned${note}`}
        order={order}
        stripColor={strip}
      />
    </div>
  );
}
