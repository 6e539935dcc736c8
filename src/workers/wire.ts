/**
 * What crosses a worker boundary besides plain data: errors (an Error does not survive
 * structured cloning with its class, so InputError and AbortError are sent as name, message and
 * field and rebuilt on the other side) and the list of buffers to transfer rather than copy.
 */
import { InputError } from '../core/errors';

export interface WireError {
  name: string;
  message: string;
  /** InputError's field. */
  field?: string;
}

/** An error as plain data. */
export function toWire(e: unknown): WireError {
  if (e instanceof InputError) return { name: e.name, message: e.message, field: e.field };
  if (e instanceof Error || e instanceof DOMException) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** The error again: an InputError with its field, an AbortError as a DOMException, else Error. */
export function fromWire(w: WireError): Error {
  if (w.name === 'InputError' && w.field !== undefined) {
    const prefix = `${w.field}: `;
    const text = w.message.startsWith(prefix) ? w.message.slice(prefix.length) : w.message;
    return new InputError(w.field, text);
  }
  if (w.name === 'AbortError') return new DOMException(w.message, 'AbortError');
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}

/**
 * The distinct ArrayBuffers under the typed arrays found in `value` (objects and arrays are
 * searched to depth 4), for postMessage's transfer list. The sender must not use them afterwards.
 */
export function transferables(value: unknown, depth = 4): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const walk = (v: unknown, level: number) => {
    if (v == null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) out.add(v.buffer);
      return;
    }
    if (level >= depth) return;
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, level + 1);
  };
  walk(value, 0);
  return [...out];
}
