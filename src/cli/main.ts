/**
 * Concord's command-line lab: `npm run lab -- <command> [options] [--json]` (run.ts does the
 * work). Ctrl-C aborts the run's signal: a long command notices it at its next progress tick
 * (every ~10 ms; see progress.ts), prints one line "interrupted" on stderr, nothing on stdout,
 * and exits with 130. A second Ctrl-C, from 0.5 s after the first, ends the process at once (for
 * a step that does not tick); sooner it is the same keypress relayed twice (npm, tsx).
 */
import { readBounded } from './io';
import { runCli } from './run';

const interrupt = new AbortController();
let firstAt = 0;
process.on('SIGINT', () => {
  if (!interrupt.signal.aborted) firstAt = Date.now();
  else if (Date.now() - firstAt > 500) {
    process.stderr.write('concord lab: interrupted\n');
    process.exit(130);
  }
  interrupt.abort();
});

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: (limit) => readBounded(0, limit),
  isTTY: process.stderr.isTTY === true,
  signal: interrupt.signal,
}).then((code) => {
  process.exitCode = code;
});
