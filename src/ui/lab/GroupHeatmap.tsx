/**
 * A K×K matrix (A or cos) on a canvas with the detected groups drawn on it: objectives ordered by
 * group (so groups show as diagonal blocks), a strip of each objective's colour along the top and
 * the left (palette.ts objectiveColors: the group's hue family, as in the live view), and a frame
 * in the group's colour around each diagonal block. Colours: diverging about 0 on [−vmax, vmax]; the
 * diagonal is hatched (ignored by the interaction rule).
 */
import { useEffect, useRef } from 'react';
import { divergingColor, groupFamilyColor, objectiveColors, THEME } from '../palette';

export interface GroupHeatmapProps {
  title: string;
  testId: string;
  matrix: Float64Array | null;
  K: number;
  vmax: number;
  labels: Int32Array | null;
}

const SIZE = 240;
const PAD = 18;

export function GroupHeatmap({ title, testId, matrix, K, vmax, labels }: GroupHeatmapProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const cv = ref.current;
    const ctx = cv?.getContext('2d');
    if (!cv || !ctx) return;
    cv.width = SIZE;
    cv.height = SIZE;
    ctx.fillStyle = THEME.panel;
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (!matrix) return;
    const order = Array.from({ length: K }, (_, i) => i);
    if (labels) order.sort((a, b) => labels[a] - labels[b] || a - b);
    const cell = (SIZE - PAD) / K;
    const colors = objectiveColors(K, labels);
    for (let p = 0; p < K; p++) {
      const i = order[p];
      ctx.fillStyle = colors[i];
      ctx.fillRect(PAD + p * cell, 0, cell, PAD - 6);
      ctx.fillRect(0, PAD + p * cell, PAD - 6, cell);
      for (let q = 0; q < K; q++) {
        const j = order[q];
        ctx.fillStyle = divergingColor(matrix[i * K + j], vmax);
        ctx.fillRect(PAD + q * cell, PAD + p * cell, cell + 0.5, cell + 0.5);
        if (i === j) {
          ctx.fillStyle = 'rgba(15,18,22,0.6)';
          ctx.fillRect(PAD + q * cell, PAD + p * cell, cell, cell);
        }
      }
    }
    if (labels) {
      ctx.lineWidth = 2;
      let p = 0;
      while (p < K) {
        let e = p;
        while (e + 1 < K && labels[order[e + 1]] === labels[order[p]]) e++;
        ctx.strokeStyle = groupFamilyColor(labels[order[p]]);
        ctx.strokeRect(
          PAD + p * cell + 1,
          PAD + p * cell + 1,
          (e - p + 1) * cell - 2,
          (e - p + 1) * cell - 2,
        );
        p = e + 1;
      }
    }
  }, [matrix, K, vmax, labels]);
  return (
    <figure className="heatmap" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <canvas ref={ref} style={{ width: SIZE, height: SIZE }} aria-label={title} />
    </figure>
  );
}
