/**
 * A pool of lab workers sized to the machine: min(navigator.hardwareConcurrency − 1, 8) workers
 * (at least one; one core stays with the page, which only draws). Each worker runs one job at
 * a time; jobs beyond the pool's size wait in order. Cancelling a job (its AbortSignal)
 * terminates the worker running it at once and rejects the job with an AbortError, so cancel
 * never waits for the job's own loop; a fresh worker takes its place on the next job. A worker
 * that fails rejects its job with the error and is replaced the same way.
 */
import type { JobOf, LabJobKind, LabMessage, LabRequest, LabResults } from './labProtocol';
import { fromWire } from './wire';
import { type SpawnWorker, type WorkerLike, workerErrorText } from './workerLike';

export const MAX_POOL_SIZE = 8;

/** Workers for a machine with `cores` logical cores (see the module comment). */
export function poolSize(cores: number | undefined): number {
  const n = Number.isFinite(cores) && (cores as number) > 0 ? Math.floor(cores as number) : 2;
  return Math.max(1, Math.min(MAX_POOL_SIZE, n - 1));
}

export interface JobOptions {
  signal?: AbortSignal;
  /** Progress of the job: fraction in [0, 1], a message, the partial result where the job has one. */
  onProgress?: (fraction: number, message?: string, partial?: unknown) => void;
  /** Buffers of the job to transfer instead of copying (the caller gives them up). */
  transfer?: ArrayBuffer[];
}

interface Task {
  req: LabRequest;
  opts: JobOptions;
  resolve(v: unknown): void;
  reject(e: Error): void;
  onAbort(): void;
}

interface Slot {
  worker: WorkerLike;
  task: Task | null;
}

const abortError = () => new DOMException('cancelled', 'AbortError');

export class LabPool {
  readonly size: number;
  private readonly spawn: SpawnWorker;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;

  constructor(spawn: SpawnWorker, size: number) {
    this.spawn = spawn;
    this.size = Math.max(1, Math.floor(size));
  }

  /** Workers alive now (idle or busy). */
  get workers(): number {
    return this.slots.length;
  }

  /** Jobs running now. */
  get busy(): number {
    return this.slots.filter((s) => s.task).length;
  }

  run<K extends LabJobKind>(job: JobOf<K>, opts: JobOptions = {}): Promise<LabResults[K]> {
    if (opts.signal?.aborted) return Promise.reject(abortError());
    return new Promise<LabResults[K]>((resolve, reject) => {
      const task: Task = {
        req: { type: 'run', id: this.nextId++, job },
        opts,
        resolve: resolve as (v: unknown) => void,
        reject,
        onAbort: () => this.abort(task),
      };
      opts.signal?.addEventListener('abort', task.onAbort, { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  /** Terminates every worker; jobs still running or waiting are rejected with an AbortError. */
  close(): void {
    for (const t of this.queue.splice(0)) this.settle(t, abortError());
    for (const s of this.slots.splice(0)) {
      s.worker.terminate();
      if (s.task) this.settle(s.task, abortError());
    }
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.startWorker();
      }
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage(task.req, task.opts.transfer ?? []);
    }
  }

  private startWorker(): Slot {
    const slot: Slot = { worker: this.spawn(), task: null };
    slot.worker.onmessage = (e: MessageEvent<LabMessage>) => this.receive(slot, e.data);
    slot.worker.onerror = (e) => {
      e.preventDefault?.();
      this.retire(slot, new Error(workerErrorText(e)));
    };
    this.slots.push(slot);
    return slot;
  }

  private receive(slot: Slot, msg: LabMessage): void {
    const task = slot.task;
    if (!task || msg.id !== task.req.id) return;
    if (msg.type === 'progress') {
      task.opts.onProgress?.(msg.fraction, msg.message, msg.partial);
      return;
    }
    slot.task = null;
    if (msg.type === 'done') this.settle(task, null, msg.result);
    else this.settle(task, fromWire(msg.error));
    this.pump();
  }

  private abort(task: Task): void {
    const i = this.queue.indexOf(task);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.settle(task, abortError());
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (slot) this.retire(slot, abortError());
  }

  /** Ends `slot`'s worker, failing its job with `e`, and lets the queue move on. */
  private retire(slot: Slot, e: Error): void {
    slot.worker.terminate();
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const task = slot.task;
    slot.task = null;
    if (task) this.settle(task, e);
    this.pump();
  }

  private settle(task: Task, e: Error | null, value?: unknown): void {
    task.opts.signal?.removeEventListener('abort', task.onAbort);
    if (e) task.reject(e);
    else task.resolve(value);
  }
}
