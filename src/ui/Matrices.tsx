/**
 * The two heatmaps: the interaction matrix A in use (or, for methods without one, the method's
 * coefficients C with g'_i = Σ_j C_ij g_j) and the cosine matrix of the raw gradients.
 */
import { useRunStore } from '../state/runStore';
import { Heatmap } from './Heatmap';

export function Matrices() {
  const K = useRunStore((s) => s.K);
  const A = useRunStore((s) => s.A);
  const C = useRunStore((s) => s.view?.C ?? null);
  const cos = useRunStore((s) => s.cos);
  return (
    <div className="matrices">
      {A ? (
        <Heatmap
          title="Interaction matrix A"
          symbol="A"
          matrix={A}
          K={K}
          vmax={1}
          testId="heatmap-a"
          caption="diagonal ignored (hatched)"
        />
      ) : (
        <Heatmap
          title="Coefficients C (g′ = C g)"
          symbol="C"
          matrix={C}
          K={K}
          vmax="auto"
          testId="heatmap-a"
          caption="this method has no A: its coefficients"
        />
      )}
      <Heatmap
        title="Cosine of raw gradients"
        symbol="cos"
        matrix={cos}
        K={K}
        vmax={1}
        testId="heatmap-cos"
        caption="red: conflicting, blue: aligned"
      />
    </div>
  );
}
