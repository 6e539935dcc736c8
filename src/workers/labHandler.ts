/**
 * The lab worker's side of the protocol as a plain function (lab.worker.ts wires it to `self`;
 * Node tests call it directly): runs each job, forwards its progress at most every
 * PROGRESS_MS (the last one always), then posts the result with its typed arrays transferred,
 * or the error as data.
 */

import { runLabJob } from './labJobs';
import type { LabMessage, LabRequest } from './labProtocol';
import { toWire, transferables } from './wire';

export const PROGRESS_MS = 50;

export type Post = (msg: LabMessage, transfer: ArrayBuffer[]) => void;

export function createLabHandler(post: Post, now: () => number = () => performance.now()) {
  return async (req: LabRequest): Promise<void> => {
    const { id, job } = req;
    let last = -Infinity;
    try {
      const result = await runLabJob(job, (fraction, message, partial) => {
        const t = now();
        if (t - last < PROGRESS_MS && fraction < 1) return;
        last = t;
        // Partial results are live objects of the running job: copied, never transferred.
        const msg: LabMessage = { type: 'progress', id, fraction };
        if (message !== undefined) msg.message = message;
        if (partial !== undefined) msg.partial = partial;
        post(msg, []);
      });
      const msg: LabMessage = { type: 'done', id, result };
      post(msg, transferables(result));
    } catch (e) {
      post({ type: 'error', id, error: toWire(e) }, []);
    }
  };
}
