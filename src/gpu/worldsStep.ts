/**
 * Stepping the GPU worlds (worlds.ts): batches of steps on either path, the summary ring's rows
 * and the current summary rows read through the double-buffered staging pair.
 */
import { InputError } from '../core/errors';
import { WorldsBase } from './worldsBase';

export class WorldsStep extends WorldsBase {
  /** Writes the ring row of the current step if one is due and not yet written. */
  protected recordDue(): void {
    const ring = this.ring;
    if (!ring || ring.dueSteps(this.stepCount, 0).length === 0) return;
    if (this.path === 'multi-step') {
      this.runMulti(0, true);
      return;
    }
    const enc = this.device.createCommandEncoder();
    this.encodeRingRows(enc, ring.dueSteps(this.stepCount, 0));
    this.submit(enc);
  }

  /** One multi-step dispatch of T steps (T = 0: measure only, the current row refreshed). */
  protected runMulti(T: number, record = true): void {
    const ring = this.ring;
    const due = ring && record ? ring.dueSteps(this.stepCount, T) : [];
    const base = ring && due.length > 0 ? ring.reserve(due) : 0;
    Object.assign(this.values, {
      T,
      step0: this.stepCount,
      ringBase: base,
      firstRecord: due.length > 0 && due[0] === this.stepCount ? 1 : 0,
      recordEvery: record ? (ring?.recordEvery ?? 0) : 0,
    });
    this.params.step.write(this.values);
    const enc = this.device.createCommandEncoder();
    this.dispatch(enc, this.pipes.multi(), this.bg.multi as GPUBindGroup, this.W);
    this.submit(enc);
    this.stepCount += T;
    if (T > 0) {
      this.counters.batches++;
      this.counters.worldSteps += T * this.W;
    }
  }

  /** Per-step path: summary rows at the current θ copied into the ring for each due step. */
  protected encodeRingRows(enc: GPUCommandEncoder, due: number[]): void {
    const ring = this.ring;
    if (!ring || due.length === 0) return;
    const slot = ring.reserve(due);
    this.encodeUpdate(enc, false);
    const bytes = ring.rowFloats * 4;
    enc.copyBufferToBuffer(
      this.gpu(this.world),
      this.values.offS * 4,
      this.gpu(this.ringBuf),
      slot * bytes,
      bytes,
    );
  }

  /**
   * Encodes and submits n steps: batches of at most batchSteps steps, one dispatch each on the
   * multi-step path; on the per-step path three dispatches a step (update, Gram, chunk sums)
   * and a summary pass plus a copy into the ring for each due row, one submission per batch.
   */
  advance(n: number): void {
    if (this.path === 'multi-step') {
      for (let s = 0; s < n; s += this.batchSteps) this.runMulti(Math.min(this.batchSteps, n - s));
      if (n > 0) this.rowStale = false;
      return;
    }
    for (let s = 0; s < n; s += this.batchSteps) {
      const enc = this.device.createCommandEncoder();
      if (this.ring) this.encodeRingRows(enc, this.ring.dueSteps(this.stepCount, 0));
      const end = Math.min(n, s + this.batchSteps);
      for (let k = s; k < end; k++) {
        this.encodeUpdate(enc, true);
        this.encodeGram(enc, true);
        this.stepCount++;
        if (this.ring) this.encodeRingRows(enc, this.ring.dueSteps(this.stepCount, 0));
      }
      this.submit(enc);
      this.counters.batches++;
      this.counters.worldSteps += (end - s) * this.W;
    }
  }

  /**
   * The ring rows written since the last call (oldest first): their global steps, the rows
   * (steps.length × W × sumStride floats) and how many older rows the ring overwrote unread.
   * The copy is encoded after the work submitted so far; later batches may be submitted before
   * the returned promise is awaited. With `withThetas` (multi-step path: θ needs no last-finite
   * flags there) θ of every world (W·d) is copied after the rows, in the same read-back.
   */
  takeHistory(withThetas = false): Promise<{
    steps: number[];
    rows: Float32Array;
    dropped: number;
    thetas?: Float32Array;
  }> {
    const ring = this.ring;
    if (!ring) throw new InputError('recordEvery', 'no summary ring: create with recordEvery > 0');
    if (withThetas && this.path !== 'multi-step') {
      throw new InputError('thetas', 'θ comes with the rows on the multi-step path only');
    }
    this.recordDue();
    const { records, dropped } = ring.take();
    const steps = records.map((r) => r.step);
    if (records.length === 0 && !withThetas) {
      return Promise.resolve({ steps, rows: new Float32Array(0), dropped });
    }
    const bytes = ring.rowFloats * 4;
    const rowBytes = records.length * bytes;
    const thetaBytes = withThetas ? this.W * this.d * 4 : 0;
    const src = this.gpu(this.ringBuf);
    return this.staging
      .read(rowBytes + thetaBytes, (enc, dst) => {
        // Consecutive slots in one copy each (at most two runs: the ring wraps once).
        let k = 0;
        while (k < records.length) {
          let e = k + 1;
          while (e < records.length && records[e].slot === records[e - 1].slot + 1) e++;
          enc.copyBufferToBuffer(src, records[k].slot * bytes, dst, k * bytes, (e - k) * bytes);
          k = e;
        }
        if (withThetas) {
          enc.copyBufferToBuffer(this.gpu(this.theta[this.parity]), 0, dst, rowBytes, thetaBytes);
        }
      })
      .then((buf) => ({
        steps,
        rows: new Float32Array(buf, 0, rowBytes / 4),
        dropped,
        ...(withThetas ? { thetas: new Float32Array(buf, rowBytes, thetaBytes / 4) } : {}),
      }));
  }

  /**
   * The current summary rows through the double-buffered staging pair (a summary pass first on
   * the per-step path, or when the method changed since the last batch on the multi-step path);
   * resolves once copied, without blocking later submissions.
   */
  readRowsAsync(): Promise<Float32Array> {
    this.refreshRow();
    const off = this.values.offS * 4;
    const size = this.W * this.sumStride * 4;
    const src = this.gpu(this.world);
    return this.staging
      .read(size, (enc, dst) => enc.copyBufferToBuffer(src, off, dst, 0, size))
      .then((b) => new Float32Array(b));
  }

  /** Makes the current summary rows current (a summary pass where they may be stale). */
  protected refreshRow(): void {
    if (this.path === 'multi-step') {
      if (this.rowStale) this.runMulti(0, false);
      this.rowStale = false;
      return;
    }
    const enc = this.device.createCommandEncoder();
    this.encodeUpdate(enc, false);
    this.submit(enc);
  }

  /** Recomputes the partial sums at the current θ (no step). */
  measureGram(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeGram(enc, false);
    this.submit(enc);
  }

  /** Runs only the per-world update (step mode): weights and modes at the current θ. */
  updateOnly(): void {
    const enc = this.device.createCommandEncoder();
    this.encodeUpdate(enc, true);
    this.submit(enc);
  }
}
