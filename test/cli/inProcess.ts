/**
 * The command-line lab run in this process (runCli), with stdin given as text or bytes and
 * stdout/stderr captured: hundreds of runs cost milliseconds each instead of a tsx start each.
 */
import { runCli } from '../../src/cli/run';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function labIn(
  args: string[],
  input: string | Uint8Array = '',
  signal?: AbortSignal,
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const t0 = performance.now();
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: (limit) => bytes.subarray(0, limit + 1),
    isTTY: false,
    ...(signal ? { signal } : {}),
  });
  return { code, stdout, stderr, ms: performance.now() - t0 };
}
