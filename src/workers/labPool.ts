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
let paths: LabPool | null | undefined;

export function labPool(): LabPool | null {
  if (shared === undefined) {
    shared = canSpawnWorkers()
      ? new LabPool(spawnLabWorker, poolSize(navigator.hardwareConcurrency))
      : null;
  }
  return shared;
}

/**
 * The page's path worker: one lab worker kept for the live view's swept paths, so a sweep never
 * waits behind a long lab job and no worker is started per α change.
 */
export function pathPool(): LabPool | null {
  if (paths === undefined) paths = canSpawnWorkers() ? new LabPool(spawnLabWorker, 1) : null;
  return paths;
}

/** Replaces the page's pool (tests: a pool of in-process stand-ins; null: run in-process). */
export function setLabPool(pool: LabPool | null): void {
  shared?.close();
  shared = pool;
}

/** Replaces the page's path worker (tests: an in-process stand-in; null: paths in-process). */
export function setPathPool(pool: LabPool | null): void {
  paths?.close();
  paths = pool;
}
