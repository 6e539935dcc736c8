/**
 * Colours of Concord's views. Objectives and groups take categorical colours from
 * d3-scale-chromatic; signed matrices (interaction A, cosine) use a diverging scale centred on 0.
 */
import {
  interpolateBlues,
  interpolateGreens,
  interpolateOranges,
  interpolatePuRd,
  interpolatePurples,
  interpolateRainbow,
  interpolateRdBu,
  interpolateReds,
  interpolateYlGn,
  interpolateYlOrBr,
  schemeTableau10,
} from 'd3-scale-chromatic';

/**
 * Colour of objective i among K. Up to 10 objectives use Tableau10 (distinct, colour-blind
 * friendly enough); more objectives are spread evenly around the rainbow wheel, i/K of a turn.
 */
export function objectiveColor(i: number, K: number): string {
  if (K <= schemeTableau10.length) return schemeTableau10[((i % 10) + 10) % 10];
  return interpolateRainbow((((i % K) + K) % K) / K);
}

/** Hue families of the groups: sequential scales, one per group (cycling). */
const FAMILIES = [
  interpolateBlues,
  interpolateOranges,
  interpolateGreens,
  interpolatePurples,
  interpolateReds,
  interpolateYlOrBr,
  interpolatePuRd,
  interpolateYlGn,
];

/**
 * One colour per objective, used by every view (arrows, labels, heatmap strips, chart lines).
 * Without groups: objectiveColor(i, K). With groups: objective i takes its group's hue family,
 * the members of a group spread over its light-to-deep range (0.35 → 0.75 of the scale) in
 * index order, so a group reads as one hue and each objective stays distinct within it.
 */
export function objectiveColors(K: number, groups: Int32Array | null): string[] {
  if (!groups || groups.length !== K) {
    return Array.from({ length: K }, (_, i) => objectiveColor(i, K));
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < K; i++) {
    const g = groups[i];
    if (!members.has(g)) members.set(g, []);
    members.get(g)!.push(i);
  }
  const out = new Array<string>(K);
  for (const [g, list] of members) {
    const f = g >= 0 ? FAMILIES[g % FAMILIES.length] : null;
    list.forEach((i, k) => {
      const t = list.length === 1 ? 0.55 : 0.35 + (0.4 * k) / (list.length - 1);
      out[i] = f ? f(t) : '#8a8f98';
    });
  }
  return out;
}

/** Colour of group label g: its hue family's middle (negative labels — no group — are grey). */
export function groupFamilyColor(g: number): string {
  if (!(g >= 0)) return '#8a8f98';
  return FAMILIES[Math.floor(g) % FAMILIES.length](0.55);
}

/**
 * Diverging colour of a value v on the symmetric range [−vmax, vmax]: red for negative
 * (conflict), white at 0, blue for positive. Values outside the range are clamped; a non-finite
 * value is drawn in a neutral grey.
 */
export function divergingColor(v: number, vmax: number): string {
  if (!Number.isFinite(v)) return '#555b66';
  const m = vmax > 0 ? vmax : 1;
  const t = Math.max(-1, Math.min(1, v / m));
  // interpolateRdBu(0) is red, (1) is blue.
  return interpolateRdBu(0.5 + 0.5 * t);
}

/** Colour of a conflict of severity s ∈ [0, 1] (0: orthogonal, 1: opposite). */
export function severityColor(s: number): string {
  const t = Math.max(0, Math.min(1, Number.isFinite(s) ? s : 0));
  return interpolateRdBu(0.5 - 0.5 * t);
}

/** Theme colours shared by charts and canvas views. */
export const THEME = {
  bg: '#0f1216',
  panel: '#161b22',
  border: '#2a313c',
  text: '#d7dde5',
  muted: '#8b95a3',
  accent: '#5fb3ff',
  direction: '#ffffff',
  danger: '#ff6b6b',
} as const;
