/**
 * A progress bar on stderr for long command-line runs (never on stdout, so `--json` output stays
 * pure): on a terminal one redrawn line `[#####.....]  50%  label`, elsewhere a line at each
 * tenth. Each update also checks for an interruption (io.ts); `tick` also lets the event loop run
 * (at most every YIELD_MS), so that Ctrl-C, which main.ts turns into the io's abort signal, is
 * seen while a synchronous computation is advanced slice by slice.
 */
import { checkInterrupt, currentIo } from './io';

const WIDTH = 24;
/** Milliseconds between two yields of tick to the event loop. */
const YIELD_MS = 10;

export interface Progress {
  /** Reports `done` of `total` units; throws Interrupted when the run was asked to stop. */
  update(done: number): void;
  /** update, then (every YIELD_MS) a turn of the event loop and a second check. */
  tick(done: number): Promise<void>;
  /** Ends the bar (a final newline on a terminal). */
  end(): void;
}

/** A bar for `total` units of work described by `label`. */
export function progressBar(label: string, total: number): Progress {
  const io = currentIo();
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  let lastYield = Date.now();
  const bar: Progress = {
    async tick(done) {
      bar.update(done);
      const now = Date.now();
      if (now - lastYield < YIELD_MS) return;
      await new Promise<void>((r) => setImmediate(r));
      lastYield = Date.now();
      checkInterrupt();
    },
    update(done) {
      checkInterrupt();
      const f = total > 0 ? Math.min(1, done / total) : 1;
      if (io.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && f < 1) return;
        lastDraw = now;
        const n = Math.round(f * WIDTH);
        io.stderr(
          `\r[${'#'.repeat(n)}${'.'.repeat(WIDTH - n)}] ${(100 * f).toFixed(0).padStart(3)}%  ${label}`,
        );
        drawn = true;
      } else {
        const tenth = Math.floor(f * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          io.stderr(`${label}: ${tenth * 10}% (${done}/${total})\n`);
        }
      }
    },
    end() {
      if (drawn) io.stderr('\n');
    },
  };
  return bar;
}
