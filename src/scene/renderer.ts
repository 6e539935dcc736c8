/**
 * The scene's renderer: three's WebGPURenderer on the app's shared GPUDevice (src/ui/gpu.ts), so
 * the renderer and the engine use one device and the renderer never destroys it; on WebGL2
 * (three's fallback backend) when WebGPU is missing or the device could not be had.
 */
import { WebGPURenderer } from 'three/webgpu';
import { getSharedDevice, initSharedDevice } from '../ui/gpu';
import { THEME } from '../ui/palette';

export type RendererKind = 'webgpu' | 'webgl2';

/**
 * An async renderer factory for r3f's <Canvas gl={…}>: waits for the shared device, builds the
 * renderer on it (or on WebGL2), and awaits init() before handing it over.
 */
export function rendererFactory(onKind: (kind: RendererKind) => void) {
  return async (defaults: { canvas: unknown }): Promise<WebGPURenderer> => {
    const hasGpu = typeof navigator !== 'undefined' && 'gpu' in navigator && !!navigator.gpu;
    // After a device loss getSharedDevice() is null for good: the renderer then takes WebGL2.
    if (hasGpu) await initSharedDevice();
    const device = hasGpu ? getSharedDevice() : null;
    const renderer = new WebGPURenderer({
      canvas: defaults.canvas as HTMLCanvasElement,
      antialias: true,
      alpha: false,
      ...(device ? { device } : { forceWebGL: true }),
    });
    renderer.setClearColor(THEME.bg, 1);
    await renderer.init();
    const kind: RendererKind =
      (renderer.backend as { isWebGPUBackend?: boolean }).isWebGPUBackend === true
        ? 'webgpu'
        : 'webgl2';
    onKind(kind);
    return renderer;
  };
}
