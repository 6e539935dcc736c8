/**
 * A K×K matrix drawn on a 2-D canvas with a diverging colour scale symmetric about 0 (red
 * negative, white 0, blue positive), a legend bar with the scale's ends, the value of the cell
 * under the pointer, and the diagonal marked (hatched: it is ignored by the interaction rule and
 * trivially 1 for cos).
 *
 * Scale: a fixed vmax, or for vmax 'auto' a choice shown under the map — 'locked' (the default):
 * ±the largest |off-diagonal value| seen since the view began (or since `resetKey` changed, or
 * the ↺ button), so colours stay comparable while α or the method changes; 'view': ±the largest
 * value of the matrix on screen (rescales with every change).
 */
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { divergingColor, objectiveColor, THEME } from './palette';

export interface HeatmapProps {
  /** The caption (may hold <Sym> definitions); `name` is its plain text for the canvas label. */
  title: ReactNode;
  name: string;
  /** Row-major K×K, or null while nothing is known. */
  matrix: Float64Array | null;
  K: number;
  /** Colour range [−vmax, vmax]; 'auto' offers the locked and per-view scales (module comment). */
  vmax: number | 'auto';
  /** A change of this key restarts the locked scale (e.g. a new problem). */
  resetKey?: string;
  testId: string;
  /** Symbol used in the hover read-out, e.g. "A" or "cos". */
  symbol: string;
  caption?: string;
  /**
   * Display order of the objectives (a permutation of 0..K−1), e.g. grouped by label so that
   * blocks show; default the natural order. Hover read-outs name the original indices.
   */
  order?: readonly number[] | null;
  /** Strip colour of objective i (default: its objective colour). */
  stripColor?: (i: number) => string;
  /** 'ignored': the diagonal is shaded and hatched; 'shown': only outlined. */
  diagonal?: 'ignored' | 'shown';
}

const SIZE = 172;
const PAD = 16;

function autoRange(m: Float64Array, K: number): number {
  let v = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const x = Math.abs(m[i * K + j]);
      if (i !== j && Number.isFinite(x) && x > v) v = x;
    }
  }
  return v > 1e-12 ? v : 1;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(3) : v.toFixed(4);
}

export function Heatmap({
  title,
  name,
  matrix,
  K,
  vmax,
  testId,
  symbol,
  caption,
  order,
  stripColor,
  diagonal = 'ignored',
  resetKey = '',
}: HeatmapProps) {
  const [mode, setMode] = useState<'locked' | 'view'>('locked');
  const seenMax = useRef({ key: resetKey, v: 0 });
  const perm = useMemo(
    () => (order && order.length === K ? order : Array.from({ length: K }, (_, i) => i)),
    [order, K],
  );
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ i: number; j: number } | null>(null);
  const viewRange = matrix && vmax === 'auto' ? autoRange(matrix, K) : 1;
  if (seenMax.current.key !== resetKey) seenMax.current = { key: resetKey, v: 0 };
  if (vmax === 'auto' && matrix) seenMax.current.v = Math.max(seenMax.current.v, viewRange);
  const range =
    vmax !== 'auto' ? vmax : mode === 'locked' ? Math.max(seenMax.current.v, viewRange) : viewRange;
  const [, bump] = useState(0);

  useEffect(() => {
    const cv = ref.current;
    if (!cv) return;
    const dpr = window.devicePixelRatio || 1;
    cv.width = SIZE * dpr;
    cv.height = SIZE * dpr;
    const ctx = cv.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = THEME.panel;
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (!matrix || K === 0) return;
    const cell = (SIZE - PAD) / K;
    // Objective colour strips along the top and the left.
    const strip = stripColor ?? ((i: number) => objectiveColor(i, K));
    for (let a = 0; a < K; a++) {
      ctx.fillStyle = strip(perm[a]);
      ctx.fillRect(PAD + a * cell, 0, cell, PAD - 4);
      ctx.fillRect(0, PAD + a * cell, PAD - 4, cell);
    }
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        const i = perm[a];
        const j = perm[b];
        const x = PAD + b * cell;
        const y = PAD + a * cell;
        ctx.fillStyle = divergingColor(matrix[i * K + j], range);
        ctx.fillRect(x, y, cell + 0.5, cell + 0.5);
        if (i === j) {
          if (diagonal === 'ignored') {
            ctx.fillStyle = 'rgba(15,18,22,0.55)';
            ctx.fillRect(x, y, cell, cell);
          }
          ctx.strokeStyle = 'rgba(255,255,255,0.5)';
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(x, y + cell);
          ctx.lineTo(x + cell, y);
          ctx.stroke();
        }
      }
    }
    if (hover) {
      ctx.strokeStyle = THEME.text;
      ctx.lineWidth = 2;
      ctx.strokeRect(PAD + hover.j * cell, PAD + hover.i * cell, cell, cell);
    }
  }, [matrix, K, range, hover, perm, stripColor, diagonal]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const cell = ((SIZE - PAD) / K) * (r.width / SIZE);
    const pad = PAD * (r.width / SIZE);
    const j = Math.floor((e.clientX - r.left - pad) / cell);
    const i = Math.floor((e.clientY - r.top - pad) / cell);
    setHover(i >= 0 && j >= 0 && i < K && j < K ? { i, j } : null);
  };
  // hover holds display positions; the matrix is indexed by the objectives there.
  const hi = hover ? perm[hover.i] : 0;
  const hj = hover ? perm[hover.j] : 0;
  const value = hover && matrix ? matrix[hi * K + hj] : null;

  return (
    <figure className="heatmap" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="heatmap-body">
        <canvas
          ref={ref}
          style={{ width: SIZE, height: SIZE }}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
          aria-label={`${name} heatmap`}
        />
        <div className="legend" aria-hidden="true">
          <span>{fmt(range)}</span>
          <div className="legend-bar" />
          <span>{fmt(-range)}</span>
        </div>
      </div>
      {vmax === 'auto' ? (
        <div className="heatmap-scale" data-testid={`${testId}-scale`} data-range={range}>
          <label>
            scale{' '}
            <select
              value={mode}
              onChange={(e) => setMode(e.target.value as 'locked' | 'view')}
              data-testid={`${testId}-scale-mode`}
            >
              <option value="locked">locked (largest seen)</option>
              <option value="view">this view</option>
            </select>
          </label>{' '}
          ±{fmt(range)}
          {mode === 'locked' ? (
            <button
              type="button"
              title="Restart the locked scale from the matrix on screen"
              onClick={() => {
                seenMax.current = { key: resetKey, v: 0 };
                bump((n) => n + 1);
              }}
            >
              ↺
            </button>
          ) : null}
        </div>
      ) : (
        <div className="heatmap-scale" data-testid={`${testId}-scale`} data-range={range}>
          scale fixed ±{fmt(range)}
        </div>
      )}
      <div className="readout" data-testid={`${testId}-hover`}>
        {!matrix ? (
          'no data yet'
        ) : hover && value !== null ? (
          <>
            {symbol}
            <sub>
              {hi + 1},{hj + 1}
            </sub>{' '}
            = {fmt(value)}
            {hi === hj ? ' (diagonal)' : ''}
          </>
        ) : (
          (caption ?? 'hover a cell for its value')
        )}
      </div>
    </figure>
  );
}
