/**
 * The scene's legend: what each arrow is, the arc colour scale (conflict angle 90° → 180°), the
 * resolved-pair mark, and the trajectory colours of the landscape.
 */
import { useRunStore } from '../state/runStore';
import { Sym } from '../ui/Sym';
import { arcColor, RESOLVED_COLOR } from './Arcs';
import { TRAJECTORY_COLORS } from './Landscape';

const RAMP = Array.from({ length: 9 }, (_, k) => arcColor(k / 8)).join(', ');

/** Legend; `landscape` describes the landscape plane when one is shown. */
export function Legend({ landscape }: { landscape: string | null }) {
  const compare = useRunStore((s) => s.compare?.methodLabel ?? null);
  const grouped = useRunStore((s) => s.groups !== null);
  return (
    <div className="concord-scene-legend" data-testid="scene-legend">
      <div>
        <span className="swatch faded" /> raw{' '}
        <Sym id="g">
          g<sub>i</sub>
        </Sym>{' '}
        <span className="swatch solid" /> projected{' '}
        <Sym id="gp">
          g′<sub>i</sub>
        </Sym>{' '}
        <span className="swatch white" /> <Sym id="dK" />{' '}
        <span className="muted">
          ·{' '}
          {grouped ? (
            <>
              colour: group <Sym id="G1" />
            </>
          ) : (
            'colour: objective'
          )}
        </span>
      </div>
      <div className="ramp-row">
        conflict <span className="ramp-end">90°</span>
        <span className="ramp" style={{ background: `linear-gradient(to right, ${RAMP})` }} />
        <span className="ramp-end">180°</span>
        <span className="dash" style={{ borderColor: RESOLVED_COLOR }} /> resolved
        <span className="muted">· hover a bead</span>
      </div>
      {landscape && (
        <div>
          <span className="line" style={{ background: TRAJECTORY_COLORS.main }} /> path
          {compare && (
            <>
              {' '}
              <span className="line" style={{ background: TRAJECTORY_COLORS.compare }} /> {compare}
            </>
          )}{' '}
          <span className="ring" /> <Sym id="thetaStar" />{' '}
          <span className="muted">· {landscape}</span>
        </div>
      )}
    </div>
  );
}
