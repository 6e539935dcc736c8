/**
 * Errors raised for bad input. Every check in Concord names the field that is wrong so a
 * caller (CLI, importer, UI) can show a clear message instead of a silent NaN.
 */
export class InputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
    this.field = field;
  }
}

/** Throws an InputError naming `field` unless `ok`. */
export function check(ok: boolean, field: string, message: string): asserts ok {
  if (!ok) throw new InputError(field, message);
}

/** Throws unless every entry of `xs` is finite (no NaN, no ±Infinity). */
export function requireFinite(xs: ArrayLike<number>, field: string): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!Number.isFinite(x)) {
      throw new InputError(`${field}[${i}]`, `must be a finite number, got ${x}`);
    }
  }
}
