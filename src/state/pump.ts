/**
 * A serial scheduler: at most one job runs at a time, and which job runs next is decided only
 * when the previous one has finished, by asking `next()` (which reads the newest state: the
 * latest pending values, the transport, what is owed). Nothing is queued ahead of time, so a
 * job can never carry a value that went stale while an earlier job ran. kick() starts the pump
 * when it is idle; idle() resolves once next() has nothing more to do. A failing job goes to
 * `onError` and the pump carries on.
 */
export type Job = () => Promise<void>;

export class Pump {
  private running: Promise<void> | null = null;
  private kicked = false;

  constructor(
    private readonly next: () => Job | null,
    private readonly onError: (e: unknown) => void | Promise<void>,
  ) {}

  /** Starts the pump if it is idle (else the running loop will see the new state). */
  kick(): void {
    this.kicked = true;
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** True while a job runs. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves when no job is running and next() returns none. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // Run the rest after the caller's synchronous code (several kicks in one task, one decision).
    await Promise.resolve();
    while (this.kicked) {
      this.kicked = false;
      for (let job = this.next(); job; job = this.next()) {
        try {
          await job();
        } catch (e) {
          await this.onError(e);
        }
      }
    }
  }
}
