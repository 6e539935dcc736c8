/**
 * Conflict arcs: one arc between the raw arrows of each conflicting pair (MATH.md §1), coloured
 * by severity (angle 90° → 180°: pale → deep red). A pair the method resolved (projected
 * gradients no longer conflicting) is drawn dashed in green. A bead at each arc's middle carries
 * the hover: it shows the angle in degrees, before and after the method (kept inside the scene).
 * With more than ARCS_ALL_MAX objectives only the arcs of the hovered or selected objective and
 * the ARCS_STRONGEST most severe pairs are drawn, so the centre stays readable.
 */
import { type ThreeEvent, useFrame } from '@react-three/fiber';
import { interpolateYlOrRd } from 'd3-scale-chromatic';
import { useEffect, useMemo, useRef } from 'react';
import {
  BufferAttribute,
  BufferGeometry,
  Color,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  InstancedMesh,
  LineBasicMaterial,
  LineSegments,
  MeshBasicMaterial,
  SphereGeometry,
} from 'three/webgpu';
import type { ConflictPair } from '../core/subspace';
import { arcPoints, severity, type Vec3, writePartMatrix, writePolylineSegments } from './geometry';
import { useSceneLive } from './live';
import { useSelectionStore } from './selection';

/** Up to this many objectives every conflicting pair has its arc. */
export const ARCS_ALL_MAX = 6;
/** Beyond ARCS_ALL_MAX objectives, this many of the most severe pairs are drawn. */
export const ARCS_STRONGEST = 5;

/**
 * The pairs to draw: all of them for K ≤ ARCS_ALL_MAX; otherwise those of the focused objective
 * (hovered, else selected) and the ARCS_STRONGEST largest angles.
 */
export function visiblePairs(pairs: readonly ConflictPair[], K: number, focus: number | null) {
  if (K <= ARCS_ALL_MAX) return [...pairs];
  const strongest = [...pairs].sort((a, b) => b.angleDeg - a.angleDeg).slice(0, ARCS_STRONGEST);
  return pairs.filter(
    (p) => strongest.includes(p) || (focus !== null && (p.i === focus || p.j === focus)),
  );
}

const SEGMENTS = 24;
/** Vertices per arc in the LineSegments buffer (solid arcs use all segments). */
const VERTS_PER_ARC = SEGMENTS * 2;
export const RESOLVED_COLOR = '#5be39a';

function tipOf(a: Float64Array, i: number): Vec3 {
  return [a[3 * i], a[3 * i + 1], a[3 * i + 2]];
}

/**
 * Arc radius of the pair of rank k (ascending angle) among n, between arrows a and b: a share
 * of the shorter arrow (taken as at least 0.3, so arcs at very short arrows stay visible) that
 * grows from 35% to 80% with the rank, so arcs nest instead of lying on one another (the most
 * severe outermost).
 */
function arcRadius(k: number, n: number, a: Vec3, b: Vec3): number {
  const f = 0.35 + (0.45 * k) / Math.max(n - 1, 1);
  return f * Math.max(0.3, Math.min(1, Math.hypot(...a), Math.hypot(...b)));
}

/** Arc colour of a conflict of severity s ∈ [0, 1]: YlOrRd from pale yellow to red. */
export function arcColor(s: number): string {
  return interpolateYlOrRd(0.2 + 0.65 * Math.max(0, Math.min(1, s)));
}

export function Arcs({ maxPairs }: { maxPairs: number }) {
  const live = useSceneLive();
  const parts = useMemo(() => {
    const geometry = new BufferGeometry();
    const pos = new BufferAttribute(new Float32Array(maxPairs * VERTS_PER_ARC * 3), 3);
    const col = new BufferAttribute(new Float32Array(maxPairs * VERTS_PER_ARC * 3), 3);
    pos.setUsage(DynamicDrawUsage);
    col.setUsage(DynamicDrawUsage);
    geometry.setAttribute('position', pos);
    geometry.setAttribute('color', col);
    geometry.setDrawRange(0, 0);
    const lineMaterial = new LineBasicMaterial({
      vertexColors: true,
      transparent: true,
      opacity: 0.95,
    });
    const lines = new LineSegments(geometry, lineMaterial);
    lines.frustumCulled = false;
    const beadMaterial = new MeshBasicMaterial();
    const beads = new InstancedMesh(new SphereGeometry(1, 14, 10), beadMaterial, maxPairs);
    beads.instanceColor = new InstancedBufferAttribute(new Float32Array(maxPairs * 3).fill(1), 3);
    beads.frustumCulled = false;
    beads.count = 0;
    return { geometry, lines, lineMaterial, beads, beadMaterial };
  }, [maxPairs]);
  useEffect(
    () => () => {
      parts.geometry.dispose();
      parts.lineMaterial.dispose();
      parts.beads.geometry.dispose();
      parts.beads.dispose();
      parts.beadMaterial.dispose();
    },
    [parts],
  );

  const seen = useRef('');
  const color = useMemo(() => new Color(), []);
  useFrame(() => {
    const sel = useSelectionStore.getState();
    const focus = sel.hovered ?? sel.selected;
    const key = `${live.snapId}|${focus}`;
    if (seen.current === key) return;
    seen.current = key;
    const s = live.snapshot;
    const pos = parts.geometry.getAttribute('position') as BufferAttribute;
    const col = parts.geometry.getAttribute('color') as BufferAttribute;
    const P = pos.array as Float32Array;
    const Cl = col.array as Float32Array;
    const beadM = parts.beads.instanceMatrix.array as Float32Array;
    let v = 0;
    let b = 0;
    const pairs = s
      ? visiblePairs(s.pairs, s.K, focus).sort((x, y) => x.angleDeg - y.angleDeg)
      : [];
    for (const [rank, pair] of pairs.entries()) {
      if (b >= maxPairs) break;
      const a = tipOf(s!.raw, pair.i);
      const c = tipOf(s!.raw, pair.j);
      const pts = arcPoints(a, c, arcRadius(rank, pairs.length, a, c), SEGMENTS);
      if (pts.length === 0) continue;
      const nv = writePolylineSegments(pts, pair.resolved, P, v);
      color.set(pair.resolved ? RESOLVED_COLOR : arcColor(severity(pair.angleDeg)));
      for (let k = 0; k < nv; k++) color.toArray(Cl, (v + k) * 3);
      v += nv;
      const mid = Math.floor(SEGMENTS / 2) * 3;
      writePartMatrix(
        beadM,
        b * 16,
        [0, 1, 0],
        [pts[mid], pts[mid + 1], pts[mid + 2]],
        0.022,
        0.022,
      );
      parts.beads.setColorAt(b, color);
      parts.beads.userData[b] = pair;
      b++;
    }
    // Many arcs crowd the view: fade them as their number grows (full opacity up to 12).
    parts.lineMaterial.opacity = Math.max(0.35, Math.min(0.95, 12 / Math.max(b, 1)));
    parts.geometry.setDrawRange(0, v);
    pos.needsUpdate = true;
    col.needsUpdate = true;
    parts.beads.count = b;
    parts.beads.instanceMatrix.needsUpdate = true;
    if (parts.beads.instanceColor) parts.beads.instanceColor.needsUpdate = true;
    parts.beads.computeBoundingSphere();
  });

  const onMove = (e: ThreeEvent<PointerEvent>) => {
    const tip = live.overlay.tooltip;
    const pair =
      e.instanceId !== undefined
        ? (parts.beads.userData[e.instanceId] as ConflictPair | undefined)
        : undefined;
    if (!tip || !pair) return;
    e.stopPropagation();
    const after =
      pair.projectedAngleDeg === null
        ? 'a projected gradient is zero'
        : `${pair.projectedAngleDeg.toFixed(1)}° after`;
    tip.textContent = `g${pair.i + 1} · g${pair.j + 1}: ${pair.angleDeg.toFixed(1)}° (cos ${pair.cos.toFixed(3)}) — ${after}${pair.resolved ? ', resolved' : ', still conflicting'}`;
    const box = live.overlay.root?.getBoundingClientRect();
    tip.style.display = 'block';
    // Beside the pointer, flipped to the other side where the scene's edge would cut it off.
    const x = e.nativeEvent.clientX - (box?.left ?? 0);
    const y = e.nativeEvent.clientY - (box?.top ?? 0);
    const W = box?.width ?? Number.POSITIVE_INFINITY;
    const H = box?.height ?? Number.POSITIVE_INFINITY;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const left = x + 14 + w <= W - 4 ? x + 14 : Math.max(4, x - 14 - w);
    const top = y + 10 + h <= H - 4 ? y + 10 : Math.max(4, y - 10 - h);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  };
  const onOut = () => {
    if (live.overlay.tooltip) live.overlay.tooltip.style.display = 'none';
  };

  return (
    <group>
      <primitive object={parts.lines} />
      <primitive object={parts.beads} onPointerMove={onMove} onPointerOut={onOut} />
    </group>
  );
}
