/**
 * Orbit controls (three's OrbitControls) around the arrows. The camera is placed to fit the
 * content whenever the layout or the viewport changes: straight on for 2-D problems (arrows and
 * landscape side by side or stacked), oblique for 3-D views.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { PerspectiveCamera } from 'three/webgpu';
import { type FlatLayout, fitDistance } from './geometry';

/** Radius of the sphere that holds the 3-D view (unit arrows, labels, axes). */
const SPHERE = 1.3;

export function Controls({ layout }: { layout: FlatLayout | null }) {
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const dom = useThree((s) => s.gl.domElement);
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const controls = useMemo(() => {
    const c = new OrbitControls(camera, dom);
    c.enableDamping = true;
    c.dampingFactor = 0.12;
    c.minDistance = 0.8;
    c.maxDistance = 30;
    return c;
  }, [camera, dom]);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    // Drawing is on demand: a camera move (a drag, or the damping after it) asks for a frame.
    const ask = () => invalidate();
    controls.addEventListener('change', ask);
    return () => {
      controls.removeEventListener('change', ask);
      controls.dispose();
    };
  }, [controls, invalidate]);
  useEffect(() => {
    const aspect = width / Math.max(height, 1);
    if (layout) {
      const [x0, x1, y0, y1] = layout.bounds;
      // 6% margin all round, and room at the bottom for the legend.
      const hw = ((x1 - x0) / 2) * 1.06;
      const hh = ((y1 - y0) / 2) * 1.06 + 0.12 * (y1 - y0);
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2 - 0.12 * (y1 - y0);
      const D = fitDistance(hw, hh, camera.fov, aspect);
      camera.position.set(cx, cy, D);
      controls.target.set(cx, cy, 0);
    } else {
      const vHalf = (camera.fov * Math.PI) / 360;
      const half = Math.min(vHalf, Math.atan(Math.tan(vHalf) * aspect));
      const D = SPHERE / Math.sin(half);
      const dir = [0.55, 0.4, 0.73];
      const n = Math.hypot(dir[0], dir[1], dir[2]);
      camera.position.set((D * dir[0]) / n, (D * dir[1]) / n - 0.15, (D * dir[2]) / n);
      controls.target.set(0, -0.15, 0);
    }
    camera.lookAt(controls.target);
    controls.update();
    invalidate();
  }, [layout, width, height, camera, controls, invalidate]);
  useFrame(() => controls.update());
  return null;
}
