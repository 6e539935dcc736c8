/**
 * Gram matrices of gradient sets on either backend, for the lab commands with --backend: the CPU
 * computes them in float64 from the rescaled gradients (the core's own route); the GPU computes
 * G with the chunked kernel on the rows rescaled by a power of two (float32 partial sums over at
 * most 1024 columns, added in float64) and ‖Σ_i g_i‖² on the host. Both on one common scale,
 * with the row-scaled Gram matrix beside. Everything else (coefficients, metrics) is then the float64 core, in Gram form.
 */
import { type RowScaledGram, scaledGrams } from '../core/metrics/rowScaled';
import type { GradSet } from '../core/types';
import type { Backend } from '../engine/types';
import { deviceLost } from '../workers/deviceFallback';

export interface SetGram {
  /** On one common scale: G_ij = 2^(2E)·g_i·g_j (core/metrics/rowScaled.ts). */
  G: Float64Array;
  /** ‖2^E·Σ_i g_i‖², computed directly from the summed vector. */
  sumSq: number;
  E: number;
  /** The Gram matrix of the gradients rescaled per row, and the row exponents. */
  rowGram: RowScaledGram;
}

export type GramSource = (sets: readonly GradSet[]) => Promise<SetGram[]>;

function cpuGram(gs: GradSet): SetGram {
  const r = scaledGrams(gs);
  return { G: r.G, sumSq: r.sumSq, E: r.E, rowGram: r.rowGram };
}

/** A source of Gram matrices on `backend` (the GPU one owns a device until `dispose`). */
export async function gramSource(
  backend: Backend,
): Promise<{ grams: GramSource; dispose(): void }> {
  if (backend === 'cpu') {
    return { grams: async (sets) => sets.map(cpuGram), dispose: () => {} };
  }
  const { createGpuContext } = await import('../gpu/device');
  const { gramChunkedGpu } = await import('../gpu/gramChunked');
  const ctx = await createGpuContext();
  return {
    grams: async (sets) => {
      const out: SetGram[] = [];
      for (const gs of sets) {
        const r = await gramChunkedGpu(ctx.device, gs);
        out.push({ G: r.G, sumSq: r.sumSq, E: r.E, rowGram: r.rowGram });
      }
      return out;
    },
    dispose: () => ctx.device.destroy(),
  };
}

/**
 * The warning of an import whose GPU Gram pass failed, so the CPU computed G instead: one plain
 * sentence when the device was lost (never the raw WebGPU error), else the failure's message.
 */
export async function gpuGramFallbackNote(device: GPUDevice, e: unknown): Promise<string> {
  if (await deviceLost(device)) {
    return 'The GPU device was lost during the Gram pass; it was computed on the CPU in float64 instead';
  }
  return `${e instanceof Error ? e.message : String(e)}; computed on the CPU instead`;
}
