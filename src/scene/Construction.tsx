/**
 * The construction of the method for the selected objective i (selection.ts; in the sandbox the
 * first objective until one is picked): the removed component as a dashed segment from g_i's tip
 * to g′_i's tip (every projection method); the right angle at g′_i for PCGrad; the share
 * α·|cos_ij| removed, labelled on the segment, for cosine-scaled projection; the dual cone of
 * UPGrad; the convex hull of the gradients and its min-norm point (MGDA's d/K) for MGDA. Drawn
 * from the snapshot (core values) only when the frame shows the gradients directly (d ≤ 3),
 * where display angles are true angles. Rebuilt when the snapshot, the selection or the method
 * changes.
 */
import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import {
  BufferAttribute,
  BufferGeometry,
  DoubleSide,
  DynamicDrawUsage,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
} from 'three/webgpu';
import { useConfigStore } from '../state/configStore';
import { useRunStore } from '../state/runStore';
import { dualCone, hull2d, rightAngleMark, type Vec3 } from './construction';
import { useSceneLive } from './live';
import { useSelectionStore } from './selection';

const MAX_VERTS = 2048;
const MAX_FILL = 512;

/** Appends the segment a→b (dashed: `dashes` pieces, every other drawn). */
function segment(out: number[], a: Vec3, b: Vec3, dashes = 0): void {
  if (dashes <= 0) {
    out.push(...a, ...b);
    return;
  }
  for (let k = 0; k < dashes; k += 2) {
    const t0 = k / dashes;
    const t1 = Math.min(1, (k + 1) / dashes);
    for (const t of [t0, t1])
      out.push(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2]));
  }
}

/** A circle of radius r around c in the plane z = c_z (segments). */
function circle(out: number[], c: Vec3, r: number): void {
  const n = 28;
  for (let k = 0; k < n; k++) {
    const a = (2 * Math.PI * k) / n;
    const b = (2 * Math.PI * (k + 1)) / n;
    out.push(
      c[0] + r * Math.cos(a),
      c[1] + r * Math.sin(a),
      c[2],
      c[0] + r * Math.cos(b),
      c[1] + r * Math.sin(b),
      c[2],
    );
  }
}

/** Objectives j whose raw gradients conflict with g_i (cos_ij < 0), most opposed first. */
function conflictingPartners(cos: Float64Array | null, K: number, i: number): number[] {
  if (!cos || cos.length !== K * K) return [];
  return Array.from({ length: K }, (_, j) => j)
    .filter((j) => j !== i && cos[i * K + j] < 0)
    .sort((a, b) => cos[i * K + a] - cos[i * K + b]);
}

const tipOf = (a: Float64Array, i: number): Vec3 => [a[3 * i], a[3 * i + 1], a[3 * i + 2]];

export function Construction() {
  const live = useSceneLive();
  const parts = useMemo(() => {
    const lineGeo = new BufferGeometry();
    const pos = new BufferAttribute(new Float32Array(MAX_VERTS * 3), 3);
    pos.setUsage(DynamicDrawUsage);
    lineGeo.setAttribute('position', pos);
    lineGeo.setDrawRange(0, 0);
    const lineMat = new LineBasicMaterial({ color: '#e8edf3', transparent: true, opacity: 0.9 });
    const lines = new LineSegments(lineGeo, lineMat);
    lines.frustumCulled = false;
    const fillGeo = new BufferGeometry();
    const fpos = new BufferAttribute(new Float32Array(MAX_FILL * 3), 3);
    fpos.setUsage(DynamicDrawUsage);
    fillGeo.setAttribute('position', fpos);
    fillGeo.setDrawRange(0, 0);
    const fillMat = new MeshBasicMaterial({
      color: '#5fd38d',
      transparent: true,
      opacity: 0.16,
      side: DoubleSide,
      depthWrite: false,
    });
    const fill = new Mesh(fillGeo, fillMat);
    fill.frustumCulled = false;
    return { lineGeo, lineMat, lines, fillGeo, fillMat, fill };
  }, []);
  useEffect(
    () => () => {
      parts.lineGeo.dispose();
      parts.lineMat.dispose();
      parts.fillGeo.dispose();
      parts.fillMat.dispose();
    },
    [parts],
  );
  const label = useRef<HTMLSpanElement | null>(null);
  const anchor = useRef<Vec3 | null>(null);
  const seen = useRef('');
  useEffect(
    () => () => {
      label.current?.remove();
      live.note = null;
    },
    [live],
  );

  useFrame(() => {
    const host = live.overlay.labels;
    if (host && !label.current) {
      const el = document.createElement('span');
      el.className = 'concord-scene-label construction-label';
      el.dataset.capture = '';
      el.dataset.testid = 'construction-label';
      el.style.display = 'none';
      host.appendChild(el);
      label.current = el;
      live.note = { el, anchor: null };
    }
    const cfg = useConfigStore.getState().config;
    const sel = useSelectionStore.getState().selected;
    const s = live.snapshot;
    const i = sel ?? (cfg.source === 'sandbox' ? 0 : null);
    const key = `${live.snapId}|${i}|${cfg.method}|${cfg.alpha}|${cfg.source}`;
    if (key !== seen.current) {
      seen.current = key;
      const segs: number[] = [];
      const tris: number[] = [];
      let text = '';
      anchor.current = null;
      if (s && i !== null && i < s.K && s.frame.direct) {
        const g = tipOf(s.raw, i);
        const p = tipOf(s.projected, i);
        const moved = Math.hypot(g[0] - p[0], g[1] - p[1], g[2] - p[2]);
        const method = cfg.method;
        if (moved > 1e-4 && method !== 'mgda' && method !== 'cagrad') {
          segment(segs, g, p, 12);
          anchor.current = [(g[0] + p[0]) / 2, (g[1] + p[1]) / 2, (g[2] + p[2]) / 2];
        }
        if (method === 'pcgrad' || method === 'interaction') {
          const mark = rightAngleMark(g, p, 0.06);
          if (mark) {
            segment(segs, mark[0], mark[1]);
            segment(segs, mark[1], mark[2]);
          }
          if (method === 'pcgrad' && moved > 1e-4) {
            const partners = conflictingPartners(useRunStore.getState().cos, s.K, i);
            const along =
              partners.map((j) => `g${j + 1}`).join(', ') || 'the conflicting gradients';
            text = `removed (dashed): all of g${i + 1} along ${along}${mark ? `; the square: g′${i + 1} ⟂ the removed part` : ''}`;
          }
        }
        if (method === 'cosine' && moved > 1e-4) {
          const cos = useRunStore.getState().cos;
          const K = s.K;
          // The strongest conflicting partner's share (each conflicting j removes its own).
          let jBest = -1;
          for (let j = 0; j < K; j++) {
            if (
              j !== i &&
              cos &&
              cos[i * K + j] < 0 &&
              (jBest < 0 || cos[i * K + j] < cos[i * K + jBest])
            )
              jBest = j;
          }
          if (cos && jBest >= 0) {
            const c = Math.abs(cos[i * K + jBest]);
            text = `removed share α·|cos| = ${cfg.alpha.toFixed(2)} × ${c.toFixed(2)} = ${(cfg.alpha * c).toFixed(2)} of g${i + 1} along g${jBest + 1}`;
          }
        }
        if (method === 'upgrad') {
          const cone = dualCone(s.raw, s.K, s.d === 2 ? 2 : 3, 1.25);
          for (const r of cone.rays)
            segment(segs, [0, 0, 0], [1.25 * r[0], 1.25 * r[1], 1.25 * r[2]], 16);
          for (const q of cone.fill) tris.push(...q);
          text = cone.trivial
            ? 'dual cone = {0}: no direction agrees with every g_j'
            : `green: the dual cone (v·g_j ≥ 0 for all j); g′${i + 1} is g${i + 1} projected onto it`;
        }
        if (method === 'mgda') {
          const u = tipOf(s.direction, 0);
          if (s.d === 2) {
            const h = hull2d(s.raw, s.K);
            for (let k = 0; k < h.length; k++) segment(segs, h[k], h[(k + 1) % h.length], 0);
          } else {
            for (let a = 0; a < s.K; a++)
              for (let b = a + 1; b < s.K; b++) segment(segs, tipOf(s.raw, a), tipOf(s.raw, b), 10);
          }
          circle(segs, u, 0.045);
          segment(segs, [0, 0, 0], u, 10);
          anchor.current = u;
          text = 'ring: the shortest vector of the hull of the g_j (MGDA steps along it)';
        }
      }
      const P = parts.lineGeo.getAttribute('position') as BufferAttribute;
      const nv = Math.min(segs.length / 3, MAX_VERTS);
      (P.array as Float32Array).set(segs.slice(0, nv * 3));
      P.needsUpdate = true;
      parts.lineGeo.setDrawRange(0, nv);
      const F = parts.fillGeo.getAttribute('position') as BufferAttribute;
      const nf = Math.min(tris.length / 3, MAX_FILL - (MAX_FILL % 3));
      (F.array as Float32Array).set(tris.slice(0, nf * 3));
      F.needsUpdate = true;
      parts.fillGeo.setDrawRange(0, nf);
      if (label.current) {
        label.current.textContent = text;
        label.current.dataset.method = cfg.method;
      }
    }
    // Labels places the note with the objective labels; here only its anchor is kept.
    if (live.note && label.current) {
      live.note.anchor = anchor.current ?? (s && i !== null && i < s.K ? tipOf(s.raw, i) : null);
    }
  });

  return (
    <group>
      <primitive object={parts.fill} />
      <primitive object={parts.lines} />
    </group>
  );
}
