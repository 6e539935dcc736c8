/**
 * Engine factory: the same interface over the float64 CPU core and the float32 GPU kernels, and
 * the fallback that continues a run on the CPU with the same state after a lost GPU device.
 * On a browser page the CPU engine runs in a Web Worker (src/workers/workerEngine.ts) so the
 * main thread only draws; in Node, inside a worker, and for a problem that cannot be rebuilt
 * from its recipe, it runs in-process.
 */
import { InputError } from '../core/errors';
import { createWorkerEngine, workerCanRun } from '../workers/workerEngine';
import { canSpawnWorkers } from '../workers/workerLike';
import { createCpuEngine } from './cpuEngine';
import type { Backend, Engine, EngineState, WorldsConfig } from './types';

export { createCpuEngine } from './cpuEngine';
export * from './types';

/**
 * Creates an engine on `backend`; the GPU engine uses `opts.device` when given; `opts.state`
 * resumes a run at that state (θ, step count, phases, statuses, switch steps).
 */
export async function createEngine(
  backend: Backend,
  cfg: WorldsConfig,
  opts?: { device?: GPUDevice; state?: EngineState },
): Promise<Engine> {
  const state = opts?.state;
  if (backend === 'cpu') {
    if (!inWorker(cfg)) return createCpuEngine(cfg, state);
    const { engine, ready } = createWorkerEngine(cfg, state);
    await ready;
    return engine;
  }
  if (backend === 'gpu') {
    const { createGpuEngine } = await import('../gpu/gpuEngine');
    return createGpuEngine(cfg, { device: opts?.device, state });
  }
  throw new InputError('backend', `must be 'cpu' or 'gpu', got ${String(backend)}`);
}

/**
 * A CPU engine that continues `engine`'s run: from `lastThetas` when given (W·d; step count,
 * phases and statuses from engine.lastState() when known), else from engine.lastState(), else from
 * cfg.starts. The method and step size must be passed in `cfg` as they are now.
 */
export function fallbackToCpu(
  engine: Engine,
  cfg: WorldsConfig,
  lastThetas?: Float64Array,
): Engine {
  const known = engine.lastState();
  const W = engine.W;
  let state: EngineState | undefined;
  if (known) state = { ...known };
  if (lastThetas) {
    state = state
      ? { ...state, thetas: lastThetas }
      : {
          step: 0,
          thetas: lastThetas,
          phase: new Uint8Array(W),
          status: new Uint8Array(W),
          switchStep: new Int32Array(W).fill(-1),
        };
  }
  engine.dispose();
  if (!inWorker(cfg)) return createCpuEngine(cfg, state);
  return createWorkerEngine(cfg, state).engine;
}

/** Whether the CPU engine for `cfg` goes to a worker (module comment). */
function inWorker(cfg: WorldsConfig): boolean {
  return canSpawnWorkers() && workerCanRun(cfg);
}
