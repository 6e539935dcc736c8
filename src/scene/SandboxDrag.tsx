/**
 * Dragging the arrow tips of the sandbox (source 'sandbox'): pointer events on the scene, so a
 * mouse, a pen and a finger all work. A press within GRAB_PX of a raw tip (on screen) grabs it
 * and selects that objective; moving the pointer moves the tip in the plane z = 0 (2-D) or in
 * the plane through the tip facing the camera (3-D); every move writes the new gradients to the
 * configuration, which the sandbox analyses with the float64 core and publishes in the same task,
 * so the view follows within a frame. The orbit controls do not see a press that grabs a tip.
 * Elsewhere a press selects the nearest arrow or clears the selection and orbits as usual.
 */
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { Plane, Raycaster, Vector2, Vector3 } from 'three/webgpu';
import { useConfigStore } from '../state/configStore';
import { movedSandbox, parseSandbox } from '../ui/sandbox/sandboxSet';
import { useSceneLive } from './live';
import { useSelectionStore } from './selection';

/** Distance on screen (CSS pixels) within which a press grabs a tip (more for touch). */
export const GRAB_PX = 22;
const GRAB_TOUCH_PX = 34;

export function SandboxDrag() {
  const live = useSceneLive();
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);
  useEffect(() => {
    const root = live.overlay.root;
    if (!root) return;
    const v = new Vector3();
    const ray = new Raycaster();
    const ndc = new Vector2();
    const plane = new Plane();
    const hit = new Vector3();
    let drag: { i: number; id: number } | null = null;
    live.toClient = (p) => {
      const box = canvas.getBoundingClientRect();
      const q = new Vector3(p[0], p[1], p[2]).project(camera);
      return [box.left + (q.x * 0.5 + 0.5) * box.width, box.top + (-q.y * 0.5 + 0.5) * box.height];
    };

    const screenTip = (i: number, box: DOMRect) => {
      const s = live.snapshot!;
      v.set(s.raw[3 * i], s.raw[3 * i + 1], s.raw[3 * i + 2]).project(camera);
      return [(v.x * 0.5 + 0.5) * box.width, (-v.y * 0.5 + 0.5) * box.height] as const;
    };
    /** The raw tip nearest to the pointer on screen, with its distance. */
    const nearest = (e: PointerEvent) => {
      const s = live.snapshot;
      const box = canvas.getBoundingClientRect();
      if (!s) return { i: -1, dist: Number.POSITIVE_INFINITY };
      const x = e.clientX - box.left;
      const y = e.clientY - box.top;
      let best = -1;
      let dist = Number.POSITIVE_INFINITY;
      for (let i = 0; i < s.K; i++) {
        const [tx, ty] = screenTip(i, box);
        const dd = Math.hypot(tx - x, ty - y);
        if (dd < dist) [best, dist] = [i, dd];
      }
      return { i: best, dist };
    };
    const active = () => useConfigStore.getState().config.source === 'sandbox';

    const onDown = (e: PointerEvent) => {
      if (!active() || !live.snapshot || e.button > 0) return;
      const { i, dist } = nearest(e);
      const reach = e.pointerType === 'touch' ? GRAB_TOUCH_PX : GRAB_PX;
      if (i < 0 || dist > reach) return;
      e.stopPropagation();
      e.preventDefault();
      drag = { i, id: e.pointerId };
      root.setPointerCapture?.(e.pointerId);
      useSelectionStore.getState().select(i);
      // The drag plane: z = 0 for 2-D; through the tip, facing the camera, for 3-D.
      const s = live.snapshot;
      const tip = new Vector3(s.raw[3 * i], s.raw[3 * i + 1], s.raw[3 * i + 2]);
      const normal = s.d === 2 ? new Vector3(0, 0, 1) : camera.getWorldDirection(new Vector3());
      plane.setFromNormalAndCoplanarPoint(normal, s.d === 2 ? new Vector3() : tip);
      root.style.cursor = 'grabbing';
    };
    const onMove = (e: PointerEvent) => {
      if (!active()) return;
      if (!drag) {
        const { dist } = nearest(e);
        root.style.cursor = dist <= GRAB_PX ? 'grab' : '';
        return;
      }
      if (e.pointerId !== drag.id) return;
      e.stopPropagation();
      e.preventDefault();
      const box = canvas.getBoundingClientRect();
      ndc.set(
        ((e.clientX - box.left) / box.width) * 2 - 1,
        -((e.clientY - box.top) / box.height) * 2 + 1,
      );
      ray.setFromCamera(ndc, camera);
      if (!ray.ray.intersectPlane(plane, hit)) return;
      const store = useConfigStore.getState();
      try {
        const cur = parseSandbox(store.config.sandboxG);
        const tip = cur.d === 2 ? [hit.x, hit.y] : [hit.x, hit.y, hit.z];
        const text = movedSandbox(cur, drag.i, tip);
        if (text !== store.config.sandboxG) store.update({ sandboxG: text });
      } catch {
        // The configuration's gradients are being replaced (a link was opened): drop this move.
      }
    };
    const onUp = (e: PointerEvent) => {
      if (!drag || e.pointerId !== drag.id) return;
      e.stopPropagation();
      drag = null;
      root.releasePointerCapture?.(e.pointerId);
      root.style.cursor = '';
    };
    root.addEventListener('pointerdown', onDown, { capture: true });
    root.addEventListener('pointermove', onMove, { capture: true });
    root.addEventListener('pointerup', onUp, { capture: true });
    root.addEventListener('pointercancel', onUp, { capture: true });
    return () => {
      live.toClient = null;
      root.removeEventListener('pointerdown', onDown, { capture: true });
      root.removeEventListener('pointermove', onMove, { capture: true });
      root.removeEventListener('pointerup', onUp, { capture: true });
      root.removeEventListener('pointercancel', onUp, { capture: true });
    };
  }, [live, camera, canvas]);
  return null;
}
