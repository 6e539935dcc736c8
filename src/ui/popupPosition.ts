/**
 * Where a hover popup of size w × h goes for an anchor box, inside a W × H window with margin m:
 * left-aligned with the anchor and shifted left as far as needed to end m before the right edge
 * (never past m on the left); below the anchor (gap 6) when it fits there, else above it, else
 * as low as it fits. A popup larger than the window starts at the margin (its own scroll bar).
 */
export interface Anchor {
  left: number;
  top: number;
  bottom: number;
}

export function popupPosition(
  a: Anchor,
  w: number,
  h: number,
  W: number,
  H: number,
  m = 8,
): { left: number; top: number } {
  const left = Math.max(m, Math.min(a.left, W - w - m));
  const gap = 6;
  let top: number;
  if (a.bottom + gap + h <= H - m) top = a.bottom + gap;
  else if (a.top - gap - h >= m) top = a.top - gap - h;
  else top = Math.max(m, H - h - m);
  return { left, top };
}
