/**
 * The ring of summary rows that the kernels write every `recordEvery` steps, and the
 * double-buffered read-backs of it. A row is W × stride floats (one summary row per world) at
 * one global step; the ring holds `slots` rows, and the host remembers which step each slot
 * holds until take() copies the pending rows out. Rows older than the ring's capacity are
 * overwritten before they are read: take() reports how many were lost (`dropped`).
 *
 * Read-backs go through two staging buffers used in turn: a read is encoded right after the work
 * submitted so far and resolves when the copy is done, so the caller can submit its next batch
 * before awaiting it (at most two reads are in flight; a third waits for the older one).
 */
import type { GpuCounters } from './counters';

/** Bytes of ring a set of worlds may use (the ring has at least two slots regardless). */
const RING_BYTES = 32 << 20;

export interface RingRecord {
  slot: number;
  step: number;
}

/** Two MAP_READ staging buffers used in turn, grown on demand. */
export class StagingPair {
  private bufs: (GPUBuffer | null)[] = [null, null];
  private busy: (Promise<unknown> | null)[] = [null, null];
  private next = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly counters: GpuCounters,
  ) {}

  /** Encodes `copy` into the next staging buffer (≥ size bytes) and maps it. */
  async read(
    size: number,
    copy: (enc: GPUCommandEncoder, dst: GPUBuffer) => void,
  ): Promise<ArrayBuffer> {
    const k = this.next;
    this.next = 1 - k;
    const prior = this.busy[k];
    if (prior) await prior.catch(() => undefined);
    let buf = this.bufs[k];
    if (!buf || buf.size < size) {
      buf?.destroy();
      buf = this.device.createBuffer({
        size: Math.max(size, 256),
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      this.bufs[k] = buf;
    }
    const enc = this.device.createCommandEncoder();
    copy(enc, buf);
    this.device.queue.submit([enc.finish()]);
    this.counters.submits++;
    this.counters.readbacks++;
    const target = buf;
    const done = (async () => {
      await target.mapAsync(GPUMapMode.READ, 0, size);
      try {
        return target.getMappedRange(0, size).slice(0);
      } finally {
        target.unmap();
      }
    })();
    this.busy[k] = done;
    return done;
  }

  destroy(): void {
    for (const b of this.bufs) b?.destroy();
    this.bufs = [null, null];
  }
}

export class SummaryRing {
  readonly slots: number;
  readonly rowFloats: number;
  private pending: RingRecord[] = [];
  private nextSlot = 0;
  private dropped = 0;
  /** Global step of the last row written (−1 before any). */
  lastStep = -1;

  constructor(
    readonly recordEvery: number,
    W: number,
    stride: number,
  ) {
    this.rowFloats = W * stride;
    this.slots = Math.max(2, Math.min(256, Math.floor(RING_BYTES / (this.rowFloats * 4))));
  }

  /** Most steps one batch may advance so that its rows fill at most half the ring. */
  maxBatchSteps(): number {
    return Math.max(1, Math.floor(this.slots / 2)) * this.recordEvery;
  }

  /** Steps in [step0, step0 + T] at which rows are due (step0 only when not yet written). */
  dueSteps(step0: number, T: number): number[] {
    const S = this.recordEvery;
    const out: number[] = [];
    const first = Math.ceil(step0 / S) * S;
    for (let n = first; n <= step0 + T; n += S) if (n > this.lastStep) out.push(n);
    return out;
  }

  /** Reserves slots for rows at `steps` (in order); returns the slot of the first. */
  reserve(steps: number[]): number {
    const base = this.nextSlot;
    for (const step of steps) {
      this.pending.push({ slot: this.nextSlot, step });
      this.nextSlot = (this.nextSlot + 1) % this.slots;
      this.lastStep = step;
    }
    while (this.pending.length > this.slots) {
      this.pending.shift();
      this.dropped++;
    }
    return base;
  }

  /** The pending rows (oldest first) and the count lost since the last take. */
  take(): { records: RingRecord[]; dropped: number } {
    const out = { records: this.pending, dropped: this.dropped };
    this.pending = [];
    this.dropped = 0;
    return out;
  }
}
