/**
 * The page's one lab pool (created on first use, on a browser page only; null in Node and
 * inside workers, where the callers run the same experiment in-process).
 */
import { LabPool, poolSize } from './pool';
import { canSpawnWorkers, type SpawnWorker, type WorkerLike } from './workerLike';

/** The browser's lab worker (Vite bundles lab.worker.ts as its own module). */
export const spawnLabWorker: SpawnWorker = () =>
  new Worker(new URL('./lab.worker.ts', import.meta.url), {
    type: 'module',
    name: 'concord-lab',
  }) as unknown as WorkerLike;

let shared: LabPool | null | undefined;

export function labPool(): LabPool | null {
  if (shared === undefined) {
    shared = canSpawnWorkers()
      ? new LabPool(spawnLabWorker, poolSize(navigator.hardwareConcurrency))
      : null;
  }
  return shared;
}

/** Replaces the page's pool (tests: a pool of in-process stand-ins; null: run in-process). */
export function setLabPool(pool: LabPool | null): void {
  shared?.close();
  shared = pool;
}
