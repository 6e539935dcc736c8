/**
 * PNG export of the whole live view: the scene (with its labels), its legend, the heatmaps with
 * their scales, the live charts, the measured values and the finding, and the configuration as
 * text — drawn into one canvas. Debug lines (renderer name) are not part of it. The layout of the
 * last export is kept on window.__concordExport (regions in image pixels) for tests.
 */
import { captureSceneCanvas } from '../scene/capture';
import { useConfigStore } from '../state/configStore';
import { THEME } from './palette';
import { storyText } from './Story';

export type Region = [x: number, y: number, w: number, h: number];

export interface ExportLayout {
  width: number;
  height: number;
  regions: Record<string, Region>;
}

declare global {
  interface Window {
    __concordExport?: ExportLayout;
  }
}

const PAD = 16;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Splits text into lines of at most `width` pixels in the context's font. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/** The configuration as "key = value" text, the fields a reader needs to reproduce the view. */
export function configText(): string {
  const c = useConfigStore.getState().config;
  const parts: string[] = [`problem = ${c.source === 'problem' ? c.problem : c.source}`];
  if (c.source === 'problem' && c.problem === 'quadratic-groups') {
    parts.push(`K = ${c.K}, d = ${c.d}, groups = ${c.groups}, seed = ${c.seed}`);
    parts.push(`eigenvalues ${c.eigMin}…${c.eigMax}`);
  }
  if (c.source === 'sandbox') parts.push(`gradients = ${c.sandboxG}`);
  parts.push(`method = ${c.method}`);
  if (c.method === 'cosine' || c.method === 'interaction') parts.push(`α = ${c.alpha}`);
  if (c.method === 'cagrad') parts.push(`c = ${c.c}`);
  parts.push(`τ = ${c.tau}`);
  if (c.source === 'problem') {
    parts.push(`flow = ${c.flow}, η = ${c.eta}, start #${c.start}`);
    if (c.compare !== 'none') parts.push(`compared with ${c.compare}`);
  }
  return parts.join(' · ');
}

interface Piece {
  title: string;
  canvas: HTMLCanvasElement;
  /** CSS size on screen (the canvas may be at device pixels). */
  w: number;
  h: number;
  note?: string;
  key: string;
}

function pieceOf(root: Element | null, key: string, canvasSel = 'canvas'): Piece | null {
  if (!root) return null;
  const canvas = root.querySelector<HTMLCanvasElement>(canvasSel);
  if (!canvas || canvas.width === 0) return null;
  const r = canvas.getBoundingClientRect();
  const title = root.querySelector('figcaption')?.textContent ?? '';
  const legend = root.querySelector('.legend');
  const note = legend
    ? `scale ${Array.from(legend.querySelectorAll('span'), (s) => s.textContent).join(' … ')}`
    : undefined;
  return { title, canvas, w: r.width || canvas.width, h: r.height || canvas.height, note, key };
}

/** Draws the whole view; returns the canvas and the regions of its parts. */
export function renderView(): { canvas: HTMLCanvasElement; layout: ExportLayout } {
  const scene = captureSceneCanvas();
  const sceneBox = document.querySelector('[data-testid="scene"]')?.getBoundingClientRect();
  const sw = Math.round(sceneBox?.width ?? scene.width);
  const sh = Math.round(sceneBox?.height ?? scene.height);
  const heat = [
    pieceOf(document.querySelector('[data-testid="heatmap-a"]'), 'heatmapA'),
    pieceOf(document.querySelector('[data-testid="heatmap-cos"]'), 'heatmapCos'),
  ].filter((p): p is Piece => p !== null);
  const charts = Array.from(document.querySelectorAll('.charts figure, [data-testid="meta-chart"]'))
    .map((f, k) => pieceOf(f, `chart${k}`, 'canvas'))
    .filter((p): p is Piece => p !== null);
  const colW = 2 * 210 + PAD;
  const width = PAD + sw + PAD + colW + PAD;
  const out = document.createElement('canvas');
  const ctx0 = out.getContext('2d');
  if (!ctx0) throw new Error('export: no 2-D context');
  ctx0.font = `12px ${FONT}`;
  const c = useConfigStore.getState().config;
  const story = storyText(c.preset, c.source);
  const headLines = [
    ...wrap(ctx0, `${story.title}. ${story.text}`, width - 2 * PAD),
    ...wrap(ctx0, configText(), width - 2 * PAD),
  ];
  const headH = 26 + headLines.length * 16 + 8;
  const legendEl = document.querySelector('[data-testid="scene-legend"]');
  const legendLines = legendEl
    ? Array.from(legendEl.children, (r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim())
    : [];
  const metrics = (document.querySelector('[data-testid="metrics"]')?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  const findings = Array.from(
    document.querySelectorAll('[data-testid="finding"], [data-testid="finding-compare"]'),
    (e) => e.textContent ?? '',
  ).filter((t) => t !== '');
  const footLines = [
    ...legendLines.flatMap((l) => wrap(ctx0, l, sw)),
    ...wrap(ctx0, metrics, sw),
    ...findings.flatMap((t) => wrap(ctx0, t, sw)),
  ];
  let colH = 0;
  const heatH = heat.length ? Math.max(...heat.map((p) => p.h)) + 34 : 0;
  colH += heatH;
  for (const p of charts) colH += (p.h * 420) / Math.max(p.w, 1) + 22;
  const height = Math.ceil(headH + Math.max(sh + 10 + footLines.length * 16, colH) + PAD);
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = THEME.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = THEME.text;
  ctx.textBaseline = 'top';
  ctx.font = `600 16px ${FONT}`;
  ctx.fillText('Concord', PAD, 8);
  ctx.font = `12px ${FONT}`;
  for (const [k, l] of headLines.entries()) ctx.fillText(l, PAD, 30 + k * 16);
  const regions: Record<string, Region> = {};
  const y0 = headH;
  ctx.drawImage(scene, PAD, y0, sw, sh);
  regions.scene = [PAD, y0, sw, sh];
  ctx.fillStyle = THEME.text;
  for (const [k, l] of footLines.entries()) ctx.fillText(l, PAD, y0 + sh + 8 + k * 16);
  const x1 = PAD + sw + PAD;
  let y = y0;
  heat.forEach((p, k) => {
    const x = x1 + k * (210 + PAD);
    ctx.fillStyle = THEME.muted;
    ctx.fillText(p.title, x, y);
    ctx.drawImage(p.canvas, x, y + 16, p.w, p.h);
    regions[p.key] = [x, y + 16, p.w, p.h];
    if (p.note) ctx.fillText(p.note, x, y + 18 + p.h);
  });
  y += heatH;
  for (const p of charts) {
    const h = (p.h * 420) / Math.max(p.w, 1);
    ctx.fillStyle = THEME.muted;
    ctx.fillText(p.title, x1, y);
    ctx.drawImage(p.canvas, x1, y + 16, 420, h);
    regions[p.key] = [x1, y + 16, 420, h];
    y += h + 22;
  }
  const layout = { width, height, regions };
  window.__concordExport = layout;
  return { canvas: out, layout };
}

/** The whole view as a PNG (rejects when no scene is mounted). */
export function captureViewPng(): Promise<Blob> {
  let canvas: HTMLCanvasElement;
  try {
    canvas = renderView().canvas;
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('export: PNG encoding failed'))),
      'image/png',
    ),
  );
}
