/**
 * The part of a Worker that Concord's worker clients use, so tests in Node can put an
 * in-process stand-in behind the same clients (see test/workers).
 */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

export type SpawnWorker = () => WorkerLike;

/** True on a browser page (main thread) that can start module workers; false in Node and inside a worker. */
export function canSpawnWorkers(): boolean {
  return (
    typeof window !== 'undefined' && typeof document !== 'undefined' && typeof Worker === 'function'
  );
}

/** Text of a worker's error event (a failed module load has no message). */
export function workerErrorText(e: ErrorEvent | Event): string {
  const msg = (e as ErrorEvent).message;
  return msg ? `worker failed: ${msg}` : 'worker failed to start';
}
