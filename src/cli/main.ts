/**
 * Concord's command-line lab: `npm run lab -- <command> [options] [--json]` (run.ts does the
 * work). Ctrl-C ends the process at once (Node's default for SIGINT, exit code 130): no
 * handler is installed, since a handler would only run once a synchronous loop yields.
 */
import { readBounded } from './io';
import { runCli } from './run';

runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: (limit) => readBounded(0, limit),
  isTTY: process.stderr.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
