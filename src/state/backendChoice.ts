/**
 * Which backend a run uses. Preference 'cpu' → CPU. Otherwise a method the GPU engine cannot run
 * (MGDA, CAGrad, UPGrad beyond K = 16, methods without a GPU kernel) → CPU with a notice; else the GPU
 * when navigator.gpu gives an adapter and a device ('auto' and 'gpu' alike), else the CPU with
 * the notice NO_WEBGPU_NOTICE.
 */
import type { MethodId } from '../core/types';
import { gpuRunsMethod, QP_KMAX } from '../gpu/methodUpload';
import { getSharedDevice, initSharedDevice } from '../ui/gpu';
import type { Config } from './configSchema';
import { METHOD_LABELS } from './runConfig';

export const NO_WEBGPU_NOTICE = 'WebGPU unavailable — running on the CPU with WebGL2';

/** The configured method (or comparison method) that the GPU engine cannot run, if any. */
export function cpuOnlyMethod(c: Config): MethodId | null {
  if (cpuOnlyOption(c)) return c.method;
  if (!gpuRunsMethod(c.method, c.K)) return c.method;
  if (c.compare !== 'none' && !gpuRunsMethod(c.compare, c.K)) return c.compare;
  if (c.compare !== 'none' && cpuOnlyOption(comparedOptions(c))) return c.compare;
  return null;
}

/** The compared method with its own TorchJD option, in the fields cpuOnlyOption reads. */
function comparedOptions(
  c: Pick<Config, 'scale' | 'compare' | 'compareTorchjd'>,
): Pick<Config, 'scale' | 'torchjd' | 'method'> {
  return { scale: c.scale, torchjd: c.compareTorchjd, method: c.compare as MethodId };
}

/** Methods that solve an optimisation problem per step (the others just have no GPU kernel). */
const SOLVER_METHODS: readonly MethodId[] = ['mgda', 'cagrad', 'upgrad', 'dualproj', 'nashmtl'];

/** A method option the GPU kernels do not implement (TorchJD's Gram treatment, mean scaling). */
function cpuOnlyOption(c: Pick<Config, 'scale' | 'torchjd' | 'method'>): string | null {
  if (c.scale === 'mean') return 'the mean scaling convention';
  if (c.torchjd && (c.method === 'upgrad' || c.method === 'dualproj'))
    return "TorchJD's Gram option";
  return null;
}

export function cpuOnlyNotice(
  m: MethodId,
  c?: Pick<Config, 'scale' | 'torchjd' | 'method' | 'compare' | 'compareTorchjd'>,
): string {
  const option = c
    ? (cpuOnlyOption(c) ?? (m === c.compare ? cpuOnlyOption(comparedOptions(c)) : null))
    : null;
  if (option) return `${option} has no GPU kernel: running on the CPU (float64)`;
  if (m === 'mgda' || m === 'cagrad' || m === 'upgrad') {
    return `${METHOD_LABELS[m]} solves its K×K problem on the GPU for K ≤ ${QP_KMAX} only: running on the CPU (float64)`;
  }
  if (SOLVER_METHODS.includes(m)) {
    return `${METHOD_LABELS[m]} solves a small optimisation problem per step: running on the CPU (float64)`;
  }
  return `${METHOD_LABELS[m]} has no GPU kernel yet: running on the CPU (float64)`;
}

export async function chooseBackend(
  c: Config,
): Promise<{ backend: 'cpu' | 'gpu'; notice: string | null }> {
  if (c.backend === 'cpu') return { backend: 'cpu', notice: null };
  const cpuOnly = cpuOnlyMethod(c);
  if (cpuOnly) return { backend: 'cpu', notice: cpuOnlyNotice(cpuOnly, c) };
  const dev = await initSharedDevice();
  if (dev && getSharedDevice()) return { backend: 'gpu', notice: null };
  return { backend: 'cpu', notice: NO_WEBGPU_NOTICE };
}
