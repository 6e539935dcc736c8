/**
 * A progress bar on stderr for long command-line runs (never on stdout, so `--json` output stays
 * pure): on a terminal one redrawn line `[#####.....]  50%  label`, elsewhere a line at each
 * tenth. Each update also checks for an interruption (io.ts).
 */
import { checkInterrupt, currentIo } from './io';

const WIDTH = 24;

export interface Progress {
  /** Reports `done` of `total` units; throws Interrupted when the run was asked to stop. */
  update(done: number): void;
  /** Ends the bar (a final newline on a terminal). */
  end(): void;
}

/** A bar for `total` units of work described by `label`. */
export function progressBar(label: string, total: number): Progress {
  const io = currentIo();
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
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
}
