/**
 * PNG export of the scene. The canvas is re-rendered and copied in the same task (a WebGPU
 * canvas keeps its image only until the frame is presented), then the on-screen labels and the
 * caption are drawn over it so the exported picture reads like the view.
 */
import type { Camera, Scene } from 'three';
import type { WebGPURenderer } from 'three/webgpu';

export interface CaptureTarget {
  renderer: WebGPURenderer;
  scene: Scene;
  camera: Camera;
  /** The overlay element whose text nodes (labels, caption) are copied onto the image. */
  overlay: HTMLElement | null;
}

let target: CaptureTarget | null = null;

/** Called by the scene when its renderer is ready (and with null when it goes away). */
export function registerCaptureTarget(t: CaptureTarget | null): void {
  target = t;
}

/** Draws every visible text element of `overlay` at its place over the canvas. */
function drawOverlayText(
  ctx: CanvasRenderingContext2D,
  overlay: HTMLElement,
  canvas: HTMLCanvasElement,
) {
  const box = canvas.getBoundingClientRect();
  const sx = canvas.width / Math.max(box.width, 1);
  const sy = canvas.height / Math.max(box.height, 1);
  for (const el of overlay.querySelectorAll<HTMLElement>('[data-capture]')) {
    const text = el.textContent ?? '';
    if (!text || el.offsetParent === null) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    ctx.font = `${style.fontWeight} ${parseFloat(style.fontSize) * sy}px ${style.fontFamily}`;
    ctx.fillStyle = style.color;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, (r.left - box.left) * sx, (r.top - box.top + r.height / 2) * sy);
  }
}

/**
 * The current scene drawn into a new 2-D canvas (device pixels), with the overlay text on it.
 * Throws when no scene is mounted.
 */
export function captureSceneCanvas(): HTMLCanvasElement {
  if (!target) throw new Error('scene: no scene is mounted');
  const { renderer, scene, camera, overlay } = target;
  const canvas = renderer.domElement;
  renderer.render(scene, camera);
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('scene: no 2-D context for the export');
  ctx.drawImage(canvas, 0, 0);
  if (overlay) drawOverlayText(ctx, overlay, canvas);
  return out;
}

/** The current scene as a PNG. Rejects when no scene is mounted. */
export function captureScenePng(): Promise<Blob> {
  let out: HTMLCanvasElement;
  try {
    out = captureSceneCanvas();
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise((resolve, reject) =>
    out.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('scene: PNG encoding failed'))),
      'image/png',
    ),
  );
}
