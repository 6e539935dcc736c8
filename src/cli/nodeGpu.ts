/**
 * WebGPU for the command-line tools: Dawn from npm `webgpu`, installed on globalThis before
 * TypeGPU loads, with the instance kept referenced (a collected instance can crash the process).
 * Without a GPU, Dawn drives SwiftShader through the Vulkan loader: VK_ICD_FILENAMES defaults to
 * Debian chromium's SwiftShader ICD when nothing else is configured. Dawn toggles can be passed
 * in CONCORD_DAWN_FLAGS (comma-separated, e.g. "backend=vulkan,adapter=NVIDIA").
 */
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
let ready: Promise<void> | null = null;

export function initNodeWebGpu(): Promise<void> {
  ready ??= (async () => {
    if (
      !process.env.VK_ICD_FILENAMES &&
      !process.env.VK_DRIVER_FILES &&
      existsSync(SWIFTSHADER_ICD)
    ) {
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    }
    // Under tsx the WGSL files are imported with `?raw` through these hooks, as Vite does.
    if (import.meta.url.endsWith('.ts')) register('../gpu/rawImportHooks.mjs', import.meta.url);
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const flags = (process.env.CONCORD_DAWN_FLAGS ?? '').split(',').filter((s) => s.length > 0);
    (globalThis as { __concordGpu?: GPU }).__concordGpu = create(flags);
  })();
  return ready;
}
