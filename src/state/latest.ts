/**
 * Latest value wins: a mailbox with one slot per key. offer(key, v) replaces whatever value of
 * that key is still pending, so a consumer that is busy for a while sees only the newest value
 * of each key when it next calls take(), never a queue of stale ones. Every offer gets a
 * sequence number, increasing over the mailbox's life; take() hands the pending values over
 * with the number of the offer that produced each.
 */
export interface Pending<V> {
  value: V;
  /** Sequence number of the offer (strictly increasing across offers of all keys). */
  seq: number;
}

export class LatestMailbox<T extends object> {
  private readonly slots = new Map<keyof T, Pending<T[keyof T]>>();
  private seq = 0;

  /** Sets the pending value of `key` (dropping an older pending one); returns its sequence. */
  offer<K extends keyof T>(key: K, value: T[K]): number {
    this.seq++;
    // Delete first so that iteration order follows the latest offer of each key.
    this.slots.delete(key);
    this.slots.set(key, { value, seq: this.seq });
    return this.seq;
  }

  /** True when `key` has a pending value. */
  has(key: keyof T): boolean {
    return this.slots.has(key);
  }

  /** The pending value of `key` without taking it (undefined when none). */
  peek<K extends keyof T>(key: K): T[K] | undefined {
    return this.slots.get(key)?.value as T[K] | undefined;
  }

  /** Takes and clears the pending value of one key. */
  takeOne<K extends keyof T>(key: K): Pending<T[K]> | undefined {
    const p = this.slots.get(key) as Pending<T[K]> | undefined;
    this.slots.delete(key);
    return p;
  }

  /** Takes every pending value (oldest latest-offer first) and clears the mailbox. */
  take(): { key: keyof T; value: T[keyof T]; seq: number }[] {
    const out = [...this.slots].map(([key, p]) => ({ key, value: p.value, seq: p.seq }));
    this.slots.clear();
    return out;
  }

  clear(): void {
    this.slots.clear();
  }

  get size(): number {
    return this.slots.size;
  }
}
