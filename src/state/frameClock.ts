/**
 * Frame-time measure: the interval between consecutive animation frames (ms), kept in a bounded
 * ring of the most recent CAPACITY frames, for the status bar and for benchmarks
 * (window.__concord.frameTimes()).
 */
export class FrameClock {
  static readonly CAPACITY = 600;
  private readonly ring = new Float64Array(FrameClock.CAPACITY);
  private count = 0;
  private last = Number.NaN;

  /** Records the frame at time t (ms, from requestAnimationFrame). */
  tick(t: number): void {
    if (Number.isFinite(this.last) && t >= this.last) {
      this.ring[this.count % FrameClock.CAPACITY] = t - this.last;
      this.count++;
    }
    this.last = t;
  }

  /** Recorded frame times, oldest first. */
  times(): number[] {
    const n = Math.min(this.count, FrameClock.CAPACITY);
    const out: number[] = [];
    for (let k = this.count - n; k < this.count; k++) out.push(this.ring[k % FrameClock.CAPACITY]);
    return out;
  }

  /** Median of the recorded frame times (NaN before two frames). */
  median(): number {
    const t = this.times().sort((a, b) => a - b);
    if (t.length === 0) return Number.NaN;
    const m = t.length >> 1;
    return t.length % 2 ? t[m] : 0.5 * (t[m - 1] + t[m]);
  }

  clear(): void {
    this.count = 0;
    this.last = Number.NaN;
  }
}
