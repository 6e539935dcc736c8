/**
 * Orbit controls (three's OrbitControls) around the arrows. The camera is placed per layout:
 * straight on for 2-D problems (arrows and landscape side by side), oblique for 3-D views.
 */
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { PLANE_CENTRE } from './Landscape';

export function Controls({ flat }: { flat: boolean }) {
  const camera = useThree((s) => s.camera);
  const dom = useThree((s) => s.gl.domElement);
  const controls = useMemo(() => {
    const c = new OrbitControls(camera, dom);
    c.enableDamping = true;
    c.dampingFactor = 0.12;
    c.minDistance = 1.2;
    c.maxDistance = 14;
    return c;
  }, [camera, dom]);
  useEffect(() => () => controls.dispose(), [controls]);
  useEffect(() => {
    if (flat) {
      const cx = PLANE_CENTRE[0] / 2;
      camera.position.set(cx, -0.15, 5.4);
      controls.target.set(cx, 0, 0);
    } else {
      camera.position.set(2.1, 1.5, 2.7);
      controls.target.set(0, 0, 0);
    }
    camera.lookAt(controls.target);
    controls.update();
  }, [flat, camera, controls]);
  useFrame(() => controls.update());
  return null;
}
