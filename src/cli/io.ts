/**
 * What a command may touch of its surroundings: stdout, stderr, stdin, the terminal's width and
 * an interruption signal. The entry point (main.ts) passes the process's; tests pass buffers.
 * withIo makes the current one available to the commands (currentIo) for progress bars and for
 * reading stdin with a byte limit.
 */
import { readSync } from 'node:fs';

/** Reads a file descriptor synchronously until end of file or more than `limit` bytes. */
export function readBounded(fd: number, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buf = new Uint8Array(1 << 20);
  while (total <= limit) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(buf.slice(0, n));
    total += n;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Bytes of stdin, read up to `limit` + 1 bytes (so the caller can tell it was longer). */
  readStdin(limit: number): Uint8Array;
  /** Whether stderr is a terminal (a redrawn bar) or not (a line per tenth). */
  isTTY: boolean;
  /** Set when the run should stop (Ctrl-C). */
  signal?: AbortSignal;
}

/** The run was interrupted (Ctrl-C): exit code 130; `detail` says where (one line). */
export class Interrupted extends Error {
  constructor(detail?: string) {
    super(detail ? `interrupted ${detail}` : 'interrupted');
    this.name = 'Interrupted';
  }
}

let current: CliIo | null = null;

/** Runs `f` with `io` as the current surroundings. */
export async function withIo<T>(io: CliIo, f: () => T | Promise<T>): Promise<T> {
  const prev = current;
  current = io;
  try {
    return await f();
  } finally {
    current = prev;
  }
}

/** The surroundings of the running command (a silent one outside runCli). */
export function currentIo(): CliIo {
  return (
    current ?? {
      stdout: () => {},
      stderr: () => {},
      readStdin: () => new Uint8Array(0),
      isTTY: false,
    }
  );
}

/** Throws Interrupted when the current run has been asked to stop. */
export function checkInterrupt(): void {
  if (current?.signal?.aborted) throw new Interrupted();
}
