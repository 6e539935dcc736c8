/**
 * Reading a dropped file off the main thread. A file of at least OFF_THREAD_DECODE_BYTES goes to
 * a lab worker as one job: its bytes are transferred (not copied), the worker decodes them
 * (decodeFile.ts: the set and its Gram exponents) and the decoded set comes back with its arrays
 * transferred. Smaller files, and every file without a pool (Node, inside a worker), are decoded
 * in-process by the same function, so either way the set is the same, bit for bit. An
 * InputError comes back as itself, with its field.
 */
import { type DecodedFile, decodeInProcess } from './decodeFile';
import { labPool } from './labPool';

export type { DecodedFile };

/** Files from this size on are decoded in a worker. */
export const OFF_THREAD_DECODE_BYTES = 2 ** 20;

export interface DecodeOptions {
  signal?: AbortSignal;
  /**
   * The caller gives `bytes` up (e.g. it read the file into them itself): their buffer is
   * transferred to the worker. Otherwise they are copied first, and stay usable.
   */
  owned?: boolean;
}

/** Decodes a dropped file (module comment). */
export async function decodeOffThread(
  name: string,
  bytes: Uint8Array,
  opts: DecodeOptions = {},
): Promise<DecodedFile> {
  const pool = labPool();
  if (!pool || bytes.byteLength < OFF_THREAD_DECODE_BYTES) return decodeInProcess(name, bytes);
  const own =
    opts.owned &&
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteLength === bytes.buffer.byteLength
      ? bytes
      : bytes.slice();
  return pool.run(
    { kind: 'decodeFile', name, bytes: own },
    { transfer: [own.buffer as ArrayBuffer], ...(opts.signal ? { signal: opts.signal } : {}) },
  );
}
