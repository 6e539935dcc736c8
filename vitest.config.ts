import { defineConfig } from 'vitest/config';

// Dawn (npm `webgpu`) finds SwiftShader through the Vulkan loader. The variable must be set
// in the main process so that every worker inherits it.
process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
