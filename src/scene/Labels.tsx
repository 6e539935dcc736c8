/**
 * Objective labels ("g1", "g2", …, and "d/K") that follow the arrow tips on screen. They are
 * HTML elements in the overlay, positioned every frame by projecting the tips with the camera
 * (no React render); a label sits at the projected tip when projected arrows are shown, else at
 * the raw tip.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { Vector3 } from 'three/webgpu';
import { useConfigStore } from '../state/configStore';
import { useRunStore } from '../state/runStore';
import { groupColor, objectiveColor } from '../ui/palette';
import { useSceneLive } from './live';

export function Labels({ K }: { K: number }) {
  const live = useSceneLive();
  const camera = useThree((st) => st.camera);
  const size = useThree((st) => st.size);
  const nodes = useRef<HTMLSpanElement[]>([]);
  const v = useMemo(() => new Vector3(), []);

  const lastGroups = useRef<Int32Array | null | undefined>(undefined);
  // Label elements, made on the first frame that finds the overlay (and again if K changes).
  const made = useRef<{ host: HTMLElement | null; K: number }>({ host: null, K: -1 });
  const ensure = () => {
    const host = live.overlay.labels;
    if (!host || (made.current.host === host && made.current.K === K)) return;
    for (const el of nodes.current) el.remove();
    const els: HTMLSpanElement[] = [];
    for (let i = 0; i <= K; i++) {
      const el = document.createElement('span');
      el.className = 'concord-scene-label';
      el.dataset.capture = '';
      el.textContent = i < K ? `g${i + 1}` : 'd/K';
      el.style.color = i < K ? objectiveColor(i, K) : '#ffffff';
      el.style.display = 'none';
      host.appendChild(el);
      els.push(el);
    }
    nodes.current = els;
    made.current = { host, K };
    lastGroups.current = undefined;
  };
  useEffect(
    () => () => {
      for (const el of nodes.current) el.remove();
      nodes.current = [];
    },
    [],
  );

  useFrame(() => {
    ensure();
    const s = live.snapshot;
    const els = nodes.current;
    const groups = useRunStore.getState().groups;
    if (groups !== lastGroups.current) {
      lastGroups.current = groups;
      for (let i = 0; i < K && i < els.length; i++) {
        const g = groups && groups.length === K ? groups[i] : -1;
        els[i].textContent = g >= 0 ? `g${i + 1} · G${g + 1}` : `g${i + 1}`;
        els[i].style.borderColor = g >= 0 ? groupColor(g) : 'transparent';
      }
    }
    if (!s || s.K !== K) {
      for (const el of els) el.style.display = 'none';
      return;
    }
    const { showProjected } = useConfigStore.getState().config;
    const src = showProjected ? s.projected : s.raw;
    for (let i = 0; i <= K && i < els.length; i++) {
      const t = i < K ? src.subarray(3 * i, 3 * i + 3) : s.direction;
      const len = Math.hypot(t[0], t[1], t[2]);
      // A little beyond the tip, so the label does not sit on the arrow head.
      const k = len > 1e-9 ? 1 + 0.08 / len : 1;
      v.set(t[0] * k, t[1] * k, t[2] * k).project(camera);
      const el = els[i];
      if (v.z > 1 || len < 1e-6) {
        el.style.display = 'none';
        continue;
      }
      el.style.display = 'block';
      const x = (v.x * 0.5 + 0.5) * size.width;
      const y = (-v.y * 0.5 + 0.5) * size.height;
      el.style.transform = `translate(-50%, -50%) translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
    }
  });
  return null;
}
