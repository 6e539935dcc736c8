/**
 * Label placement without overlaps, in screen pixels. Each label wants to sit just beyond its
 * anchor (an arrow tip) along the arrow's screen direction; labels are placed greedily in
 * priority order, each at the first candidate position whose box (plus a 2 px margin) overlaps
 * no label already placed and stays inside the view. Candidates walk outwards in distance
 * (6 → 96 px from the anchor) and, at each distance, turn away from the arrow's direction by
 * 0°, ±35°, ±70°, ±105°, ±140°, 180°. When none is free the least-overlapping one is taken. A label
 * whose box ends farther than LEADER_PX from its anchor gets a leader line.
 */

export interface LabelItem {
  /** Anchor (the tip) on screen. */
  ax: number;
  ay: number;
  /** Unit direction of the arrow on screen (0, 0 when it has none). */
  dx: number;
  dy: number;
  /** Box size. */
  w: number;
  h: number;
  /** Higher first. */
  priority: number;
}

export interface Placed {
  /** Top-left corner. */
  x: number;
  y: number;
  leader: boolean;
}

export const LEADER_PX = 12;
const MARGIN = 2;
const DISTANCES = [6, 16, 28, 42, 58, 76, 96];
const TURNS = [0, 35, -35, 70, -70, 105, -105, 140, -140, 180].map((d) => (d * Math.PI) / 180);

type Box = [number, number, number, number];

function overlap(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]) + MARGIN;
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]) + MARGIN;
  return w > 0 && h > 0 ? w * h : 0;
}

/** Distance from (x, y) to the nearest point of box b. */
function distToBox(x: number, y: number, b: Box): number {
  const cx = Math.max(b[0], Math.min(x, b[0] + b[2]));
  const cy = Math.max(b[1], Math.min(y, b[1] + b[3]));
  return Math.hypot(cx - x, cy - y);
}

export function placeLabels(items: readonly LabelItem[], width: number, height: number): Placed[] {
  const order = items.map((_, k) => k).sort((a, b) => items[b].priority - items[a].priority);
  const placed: Box[] = [];
  const out: Placed[] = new Array(items.length);
  for (const k of order) {
    const it = items[k];
    let ux = it.dx;
    let uy = it.dy;
    if (!(Math.hypot(ux, uy) > 0.5)) [ux, uy] = [Math.SQRT1_2, -Math.SQRT1_2];
    let best: Box | null = null;
    let bestCost = Number.POSITIVE_INFINITY;
    search: for (const r of DISTANCES) {
      for (const t of TURNS) {
        const c = Math.cos(t);
        const s = Math.sin(t);
        const vx = ux * c - uy * s;
        const vy = ux * s + uy * c;
        // Centre so that the box's near edge is r from the anchor along v.
        const ext = (Math.abs(vx) * it.w) / 2 + (Math.abs(vy) * it.h) / 2;
        let x = it.ax + vx * (r + ext) - it.w / 2;
        let y = it.ay + vy * (r + ext) - it.h / 2;
        x = Math.max(0, Math.min(x, width - it.w));
        y = Math.max(0, Math.min(y, height - it.h));
        const box: Box = [x, y, it.w, it.h];
        let cost = 0;
        for (const p of placed) cost += overlap(box, p);
        if (cost === 0) {
          best = box;
          bestCost = 0;
          break search;
        }
        // Prefer little overlap, then nearness.
        const total = cost * 1000 + r;
        if (total < bestCost) [best, bestCost] = [box, total];
      }
    }
    const b = best!;
    placed.push(b);
    out[k] = { x: b[0], y: b[1], leader: distToBox(it.ax, it.ay, b) > LEADER_PX };
  }
  return out;
}

/** Whether any two boxes (x, y, w, h) intersect (for tests and checks). */
export function anyOverlap(boxes: readonly Box[]): boolean {
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const A = boxes[a];
      const B = boxes[b];
      if (A[0] < B[0] + B[2] && B[0] < A[0] + A[2] && A[1] < B[1] + B[3] && B[1] < A[1] + A[3])
        return true;
    }
  }
  return false;
}
