/**
 * An in-process stand-in for a Web Worker: messages are structured-cloned (buffers in the
 * transfer list are detached, as in a browser), handled by the same handler function the worker
 * entry uses, and answered asynchronously. terminate() drops everything after it.
 */
import { createLabHandler } from '../../src/workers/labHandler';
import type { LabRequest } from '../../src/workers/labProtocol';
import type { SpawnWorker, WorkerLike } from '../../src/workers/workerLike';

export interface FakeWorkers {
  spawn: SpawnWorker;
  /** Workers spawned so far and how many were terminated. */
  spawned: number;
  terminated: number;
}

export function fakeWorkers<In>(
  makeHandler: (post: (msg: unknown, transfer: ArrayBuffer[]) => void) => (msg: In) => unknown,
): FakeWorkers {
  const out: FakeWorkers = {
    spawned: 0,
    terminated: 0,
    spawn: () => {
      out.spawned++;
      let dead = false;
      let chain: Promise<unknown> = Promise.resolve();
      const w: WorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage(msg, transfer) {
          if (dead) return;
          const copy = structuredClone(msg, { transfer: transfer as Transferable[] }) as In;
          chain = chain.then(() => handle(copy));
        },
        terminate() {
          if (!dead) out.terminated++;
          dead = true;
        },
      };
      const handle = makeHandler((msg, transfer) => {
        if (dead) return;
        const copy = structuredClone(msg, { transfer });
        setTimeout(() => {
          if (!dead) w.onmessage?.({ data: copy } as MessageEvent);
        }, 0);
      });
      return w;
    },
  };
  return out;
}

/**
 * Stand-ins of lab workers (the real lab handler behind fakeWorkers) that count the jobs they
 * were sent.
 */
export function countingLabWorkers(): FakeWorkers & { jobs(): number } {
  let jobs = 0;
  const w = fakeWorkers<LabRequest>((post) => {
    const handle = createLabHandler(post);
    return (msg) => {
      jobs++;
      return handle(msg);
    };
  });
  return Object.assign(w, { jobs: () => jobs });
}
