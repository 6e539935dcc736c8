/**
 * A number given as x·2^n, printed even where it lies outside float64's range (a Gram matrix
 * kept on a power-of-two scale: rowScaled.ts). Inside the range it is the plain value with
 * `plain`; outside, scientific notation from its base-10 logarithm
 *   log₁₀|x·2^n| = log₁₀|x| + n·log₁₀2 = e + f  (e an integer, 0 ≤ f < 1):  ±10^f · 10^e.
 */
import { ldexp, log10Scaled } from '../core/metrics/rowScaled';

export function formatScaled(x: number, n: number, plain: (v: number) => string): string {
  if (x === 0 || !Number.isFinite(x)) return plain(x);
  const v = ldexp(x, n);
  if (Number.isFinite(v) && Math.abs(v) >= 2 ** -1022) return plain(v);
  return `${x < 0 ? '-' : ''}${formatLog10(log10Scaled(Math.abs(x), n))}`;
}

/** The positive number 10^l in scientific notation, 10^f·10^e (any finite l). */
export function formatLog10(l: number): string {
  const e = Math.floor(l);
  return `${(10 ** (l - e)).toFixed(4)}e${e >= 0 ? '+' : ''}${e}`;
}
