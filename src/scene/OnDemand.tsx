/**
 * On-demand drawing: the scene's <Canvas> runs with frameloop="demand", so a frame is drawn only
 * when something it shows may have changed. Everything the scene's useFrame callbacks read lives
 * in these stores (run, configuration, selection, imported set); a change to any of them asks
 * for one frame. React updates inside the canvas and resizes ask for frames themselves (r3f),
 * and the orbit controls ask through their 'change' event (Controls.tsx). An idle scene then
 * costs no drawing at all, and a change is drawn on the next animation frame. On WebGPU each
 * drawn frame's draw-log entries also get the time the device had done it (frameDone.ts).
 */
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { useConfigStore } from '../state/configStore';
import { useImportStore } from '../state/importStore';
import { useRunStore } from '../state/runStore';
import { rendererDevice, stampFrameDone } from './frameDone';
import { useSceneLive } from './live';
import { useSelectionStore } from './selection';

export function OnDemand() {
  const invalidate = useThree((s) => s.invalidate);
  const gl = useThree((s) => s.gl);
  const live = useSceneLive();
  useEffect(() => stampFrameDone(rendererDevice(gl), live.drawLog), [gl, live]);
  useEffect(() => {
    const ask = () => invalidate();
    const offs = [
      useRunStore.subscribe(ask),
      useConfigStore.subscribe(ask),
      useSelectionStore.subscribe(ask),
      useImportStore.subscribe(ask),
    ];
    ask();
    return () => {
      for (const off of offs) off();
    };
  }, [invalidate]);
  return null;
}
