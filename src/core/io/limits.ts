/**
 * Stated limits on the work Concord accepts, checked before any work starts, each failure an
 * InputError naming the field, the limit and the estimated cost. One table for the command line
 * and the page, so both accept and refuse the same inputs.
 *
 * Why these numbers (2-core CPU, Node 20 / Chromium, float64 core):
 * - MAX_TEXT_BYTES, 256 MiB of JSON or CSV text: V8 strings stop at 2^29 characters, and parsing
 *   256 MiB of numbers into arrays already takes 1–2 GiB of heap.
 * - MAX_K = 256 gradients: every analysis is K×K (K² pairs per method, eigen-decompositions,
 *   one QP per row for upgrad); K = 256 keeps that under a second.
 * - MAX_TEXT_ENTRIES = 2^25 numbers (K·d) read from text: 256 MiB of float64 for the set and
 *   its projection, next to the parsed arrays.
 * - MAX_FLOW_WORK = 2^36 multiply-adds for one flow or meta run: the estimated cost
 *   steps·K·d·(K + 1) (a Gram matrix per step), about a minute at ~1e9 per second. Beyond it
 *   the run is refused with its estimate; smaller limits (steps, cycles) are the commands' own.
 * The ranges of single fields (K and d of a generated problem, α, τ, η, steps …) and the page's
 * stricter live limits are in src/core/validate/sharedFields.ts.
 */
import { InputError } from '../errors';

export const MAX_TEXT_BYTES = 256 * 2 ** 20;
export const MAX_K = 256;
export const MAX_TEXT_ENTRIES = 2 ** 25;
export const MAX_FLOW_WORK = 2 ** 36;
/** Multiply-adds per second assumed by the estimates (measured order of magnitude, 2-core CPU). */
export const WORK_RATE = 1e9;

/** "12.3 s" / "4.1 min" / "2.5 h" for an estimated number of seconds. */
export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toPrecision(3)} s`;
  if (s < 3600) return `${(s / 60).toPrecision(3)} min`;
  return `${(s / 3600).toPrecision(3)} h`;
}

/** Throws unless a text input of `bytes` bytes is within MAX_TEXT_BYTES. */
export function checkTextBytes(bytes: number, field: string): void {
  if (bytes > MAX_TEXT_BYTES) {
    throw new InputError(
      field,
      `is ${bytes > 2 ** 40 ? 'unbounded or over 1 TiB' : `${(bytes / 2 ** 20).toFixed(1)} MiB`}; ` +
        `text input is limited to ${MAX_TEXT_BYTES / 2 ** 20} MiB (use .npy or safetensors for larger sets)`,
    );
  }
}

/** Throws unless K gradients of length d fit MAX_K and MAX_TEXT_ENTRIES (before allocating). */
export function checkSetSize(K: number, d: number, field: string): void {
  if (K > MAX_K) {
    throw new InputError(
      field,
      `has K = ${K} gradients; at most ${MAX_K} are analysed (one row per objective; is it transposed?)`,
    );
  }
  if (K * d > MAX_TEXT_ENTRIES) {
    throw new InputError(
      field,
      `has K·d = ${K}·${d} = ${K * d} numbers; text input holds at most ${MAX_TEXT_ENTRIES} (2^25)`,
    );
  }
}

/**
 * Throws unless a run of `steps` steps on K objectives in d dimensions fits MAX_FLOW_WORK, with
 * the estimate in the message. `perStep` defaults to K·d·(K + 1) multiply-adds.
 */
export function checkWork(field: string, what: string, work: number, hint: string): void {
  if (work > MAX_FLOW_WORK) {
    throw new InputError(
      field,
      `${what} needs about ${work.toExponential(2)} multiply-adds (≈ ${formatSeconds(work / WORK_RATE)} ` +
        `at ${WORK_RATE.toExponential(0)}/s); the limit is 2^36 ≈ ${MAX_FLOW_WORK.toExponential(2)} ` +
        `(≈ ${formatSeconds(MAX_FLOW_WORK / WORK_RATE)}). ${hint}`,
    );
  }
}
