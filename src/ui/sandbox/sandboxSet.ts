/**
 * The "your own gradients" sandbox: K gradients in R² or R³ that the viewer edits by dragging the
 * arrow tips. The gradients live in the configuration (`sandboxG`, so a link reproduces them) as
 * text: rows ';', entries ',', each entry rounded to SANDBOX_DIGITS decimals. Everything the view
 * shows is computed from the parsed text by the float64 core, through the same path as an
 * imported set (Gram matrix, coefficients, resolution metrics).
 */
import { InputError } from '../../core/errors';
import { scaledGrams } from '../../core/metrics/rowScaled';
import { discoverGroups } from '../../state/groups';
import type { ImportedSet } from '../../state/importStore';

/** Decimals kept for each entry (the URL stays short and the text is exact). */
export const SANDBOX_DIGITS = 3;
/** Largest norm a dragged gradient may take (display units: norm 1 is drawn at length 1). */
export const SANDBOX_MAX_NORM = 1.6;

export interface SandboxGradients {
  K: number;
  d: number;
  /** K×d row-major. */
  g: Float64Array;
}

/** Parses the `sandboxG` text (InputError naming the field when rows differ in length). */
export function parseSandbox(text: string): SandboxGradients {
  const rows = text.split(';').map((r) => r.split(',').map(Number));
  const d = rows[0]?.length ?? 0;
  if (rows.length < 2 || rows.length > 8) {
    throw new InputError('sandboxG', `needs 2 to 8 gradients, got ${rows.length}`);
  }
  if (d < 2 || d > 3) throw new InputError('sandboxG', `gradients must be 2-D or 3-D, got ${d}`);
  const g = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d) {
      throw new InputError('sandboxG', `gradient ${i + 1} has ${r.length} entries, expected ${d}`);
    }
    r.forEach((x, k) => {
      if (!Number.isFinite(x))
        throw new InputError('sandboxG', `entry ${i + 1},${k + 1} is not finite`);
      g[i * d + k] = x;
    });
  });
  return { K: rows.length, d, g };
}

/** Shortest text of x rounded to SANDBOX_DIGITS decimals ("-0" written as "0"). */
function num(x: number): string {
  const r = Number(x.toFixed(SANDBOX_DIGITS));
  return String(r === 0 ? 0 : r);
}

/** The `sandboxG` text of K×d gradients. */
export function formatSandbox(g: ArrayLike<number>, K: number, d: number): string {
  const rows: string[] = [];
  for (let i = 0; i < K; i++) {
    rows.push(Array.from({ length: d }, (_, k) => num(g[i * d + k])).join(','));
  }
  return rows.join(';');
}

/** Gradient i moved to `tip` (its norm clamped to SANDBOX_MAX_NORM), as `sandboxG` text. */
export function movedSandbox(s: SandboxGradients, i: number, tip: ArrayLike<number>): string {
  const g = Float64Array.from(s.g);
  let n = 0;
  for (let k = 0; k < s.d; k++) n += tip[k] * tip[k];
  n = Math.sqrt(n);
  const f = n > SANDBOX_MAX_NORM ? SANDBOX_MAX_NORM / n : 1;
  for (let k = 0; k < s.d; k++) g[i * s.d + k] = tip[k] * f;
  return formatSandbox(g, s.K, s.d);
}

/** The sandbox as an imported set: scaled G and ‖Σ g_i‖², groups, coordinates = the gradients. */
export function sandboxSet(s: SandboxGradients): ImportedSet {
  const { K, d, g } = s;
  // On the common power-of-two scale, as an imported set: 1e-300 or 1e300 entries neither
  // underflow nor overflow.
  const { G, E, sumSq, rowGram } = scaledGrams({ K, d, g });
  return {
    fileName: 'Your own gradients',
    format: 'json',
    K,
    d,
    names: Array.from({ length: K }, (_, i) => `g${i + 1}`),
    warnings: [],
    precision: 'float64',
    data: g,
    G,
    sumSq,
    gramExp: E,
    rowGram,
    gramBackend: 'core',
    dataBytes: g.byteLength,
    scratchBytes: 0,
    loadMs: 0,
    gramMs: 0,
    analysisMs: 0,
    coords: Float64Array.from(g),
    n: d,
    share3: 1,
    groups: discoverGroups(G, K),
  };
}

/** Starting sets offered by the sandbox panel. */
export const SANDBOX_EXAMPLES: readonly { label: string; text: string }[] = [
  { label: 'Two in conflict (2-D)', text: '1,0.2;-0.7,0.6' },
  { label: 'Three, one opposed (2-D)', text: '1,0.3;0.4,1;-0.9,-0.5' },
  { label: 'Three in space (3-D)', text: '1,0.2,0.1;-0.6,0.7,0.2;0.1,-0.8,0.5' },
];
