/**
 * Objective labels (the task names of an imported file, else "g1", "g2", …, and "d/K") that
 * follow the arrow tips on screen, with the construction's note. They are HTML elements in the
 * overlay, placed every frame without overlaps (labelLayout.ts: greedy, outward from each tip,
 * leader lines when a label had to move away) — no React render. A label sits beyond the
 * projected tip when projected arrows are shown (the raw tip when g′_i = 0), else beyond the raw
 * tip. Each label has its
 * objective's colour (palette.ts objectiveColors), and a ring in its group's colour once groups
 * are known. Hovering a label marks that objective (conflict arcs for K > 6 follow it); clicking
 * selects it (the construction follows).
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { Vector3 } from 'three/webgpu';
import { useConfigStore } from '../state/configStore';
import { useImportStore } from '../state/importStore';
import { useRunStore } from '../state/runStore';
import { groupFamilyColor, objectiveColors } from '../ui/palette';
import { type LabelItem, placeLabels } from './labelLayout';
import { useSceneLive } from './live';
import { useSelectionStore } from './selection';

const SVG = 'http://www.w3.org/2000/svg';

/** Names of the objectives: an imported set's task names, else g1…gK. */
function names(K: number): string[] {
  const c = useConfigStore.getState().config;
  const set = useImportStore.getState().set;
  if (c.source === 'imported' && set && set.names.length === K) return set.names;
  return Array.from({ length: K }, (_, i) => `g${i + 1}`);
}

export function Labels({ K }: { K: number }) {
  const live = useSceneLive();
  const camera = useThree((st) => st.camera);
  const size = useThree((st) => st.size);
  const nodes = useRef<HTMLSpanElement[]>([]);
  const leaders = useRef<SVGLineElement[]>([]);
  const svg = useRef<SVGSVGElement | null>(null);
  const v = useMemo(() => new Vector3(), []);
  const o = useMemo(() => new Vector3(), []);

  const lastKey = useRef('');
  // Label elements, made on the first frame that finds the overlay (and again if K changes).
  const made = useRef<{ host: HTMLElement | null; K: number }>({ host: null, K: -1 });
  const ensure = () => {
    const host = live.overlay.labels;
    if (!host || (made.current.host === host && made.current.K === K)) return;
    for (const el of nodes.current) el.remove();
    svg.current?.remove();
    const s = document.createElementNS(SVG, 'svg');
    s.setAttribute('class', 'concord-scene-leaders');
    host.appendChild(s);
    svg.current = s;
    const els: HTMLSpanElement[] = [];
    const lines: SVGLineElement[] = [];
    for (let i = 0; i <= K; i++) {
      const el = document.createElement('span');
      el.className = 'concord-scene-label';
      el.dataset.capture = '';
      el.dataset.objective = i < K ? String(i) : 'direction';
      el.style.display = 'none';
      if (i < K) {
        el.addEventListener('pointerenter', () => useSelectionStore.getState().hover(i));
        el.addEventListener('pointerleave', () => useSelectionStore.getState().hover(null));
        el.addEventListener('click', () => {
          const sel = useSelectionStore.getState();
          sel.select(sel.selected === i ? null : i);
        });
      }
      host.appendChild(el);
      els.push(el);
      const line = document.createElementNS(SVG, 'line');
      s.appendChild(line);
      lines.push(line);
    }
    nodes.current = els;
    leaders.current = lines;
    made.current = { host, K };
    lastKey.current = '';
  };
  useEffect(
    () => () => {
      for (const el of nodes.current) el.remove();
      svg.current?.remove();
      nodes.current = [];
    },
    [],
  );

  useFrame(() => {
    ensure();
    const s = live.snapshot;
    const els = nodes.current;
    const groups = useRunStore.getState().groups;
    const sel = useSelectionStore.getState().selected;
    const nm = names(K);
    const key = `${groups ? Array.from(groups).join(',') : ''}|${nm.join('\u0001')}|${sel}`;
    if (key !== lastKey.current) {
      lastKey.current = key;
      const colors = objectiveColors(K, groups);
      for (let i = 0; i <= K && i < els.length; i++) {
        const el = els[i];
        if (i === K) {
          el.textContent = 'd/K';
          el.style.color = '#ffffff';
          el.title = 'd/K: the combined direction divided by K (the step is θ ← θ − η d)';
          continue;
        }
        const g = groups && groups.length === K ? groups[i] : -1;
        el.textContent = g >= 0 ? `${nm[i]} · G${g + 1}` : nm[i];
        el.style.color = colors[i];
        el.style.borderColor = g >= 0 ? groupFamilyColor(g) : 'transparent';
        el.classList.toggle('selected', sel === i);
        el.title = `${nm[i]}: the gradient g${i + 1} = ∇L${i + 1}(θ) of objective ${i + 1}${g >= 0 ? `, group G${g + 1} (spectral clustering of the cosine matrix)` : ''}; click to select`;
      }
    }
    const note = live.note;
    if (!s || s.K !== K) {
      for (const el of els) el.style.display = 'none';
      for (const l of leaders.current) l.setAttribute('visibility', 'hidden');
      if (note) note.el.style.display = 'none';
      return;
    }
    const { showProjected } = useConfigStore.getState().config;
    const src = showProjected ? s.projected : s.raw;
    o.set(0, 0, 0).project(camera);
    const ox = (o.x * 0.5 + 0.5) * size.width;
    const oy = (-o.y * 0.5 + 0.5) * size.height;
    const items: LabelItem[] = [];
    const shown: HTMLElement[] = [];
    const anchors: [number, number][] = [];
    for (let i = 0; i <= K && i < els.length; i++) {
      let t = i < K ? src.subarray(3 * i, 3 * i + 3) : s.direction;
      // A projected gradient the method dropped (e.g. MGDA's weight 0): label the raw tip.
      if (i < K && src !== s.raw && Math.hypot(t[0], t[1], t[2]) < 1e-6)
        t = s.raw.subarray(3 * i, 3 * i + 3);
      const len = Math.hypot(t[0], t[1], t[2]);
      v.set(t[0], t[1], t[2]).project(camera);
      const el = els[i];
      if (v.z > 1 || len < 1e-6) {
        el.style.display = 'none';
        leaders.current[i]?.setAttribute('visibility', 'hidden');
        continue;
      }
      el.style.display = 'block';
      const x = (v.x * 0.5 + 0.5) * size.width;
      const y = (-v.y * 0.5 + 0.5) * size.height;
      const dl = Math.hypot(x - ox, y - oy);
      items.push({
        ax: x,
        ay: y,
        dx: dl > 1 ? (x - ox) / dl : 0,
        dy: dl > 1 ? (y - oy) / dl : 0,
        w: el.offsetWidth,
        h: el.offsetHeight,
        priority: i === sel ? 1e6 : i === K ? 1e5 : len,
      });
      shown.push(el);
      anchors.push([x, y]);
    }
    let noteShown = false;
    if (note?.el.textContent && note.anchor) {
      v.set(note.anchor[0], note.anchor[1], note.anchor[2]).project(camera);
      note.el.style.display = 'block';
      const x = (v.x * 0.5 + 0.5) * size.width;
      const y = (-v.y * 0.5 + 0.5) * size.height;
      items.push({
        ax: x,
        ay: y,
        dx: 0,
        dy: 1,
        w: note.el.offsetWidth,
        h: note.el.offsetHeight,
        priority: -1,
      });
      shown.push(note.el);
      anchors.push([x, y]);
      noteShown = true;
    } else if (note) note.el.style.display = 'none';
    const placed = placeLabels(items, size.width, size.height);
    placed.forEach((p, k) => {
      const el = shown[k];
      el.style.transform = `translate(${p.x.toFixed(1)}px, ${p.y.toFixed(1)}px)`;
      const idx =
        noteShown && k === shown.length - 1
          ? -1
          : Number(el.dataset.objective === 'direction' ? K : el.dataset.objective);
      const line = idx >= 0 ? leaders.current[idx] : undefined;
      if (!line) return;
      if (!p.leader) {
        line.setAttribute('visibility', 'hidden');
        return;
      }
      const [ax, ay] = anchors[k];
      const cx = Math.max(p.x, Math.min(ax, p.x + items[k].w));
      const cy = Math.max(p.y, Math.min(ay, p.y + items[k].h));
      line.setAttribute('visibility', 'visible');
      line.setAttribute('x1', ax.toFixed(1));
      line.setAttribute('y1', ay.toFixed(1));
      line.setAttribute('x2', cx.toFixed(1));
      line.setAttribute('y2', cy.toFixed(1));
      line.setAttribute('stroke', el.style.color || '#ffffff');
    });
  });
  return null;
}
