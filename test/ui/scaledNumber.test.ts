/** Numbers outside float64's range printed from their power-of-two form (src/ui/scaledNumber.ts). */
import { describe, expect, it } from 'vitest';
import { formatScaled } from '../../src/ui/scaledNumber';

const plain = (v: number) => v.toExponential(4);

describe('formatScaled', () => {
  it('prints the plain value inside the range and 10^f·10^e outside it', () => {
    expect(formatScaled(0.75, 2, plain)).toBe('3.0000e+0');
    expect(formatScaled(0, 5000, plain)).toBe('0.0000e+0');
    // 1.5 · 2^−2000 = 10^(log₁₀1.5 − 2000·log₁₀2) = 10^(−601.8839) = 1.3065e−602.
    expect(formatScaled(1.5, -2000, plain)).toBe('1.3065e-602');
    expect(formatScaled(-1, 4000, plain)).toBe('-1.3182e+1204');
    // A subnormal result is printed from the logarithm too (its digits are not all kept).
    expect(formatScaled(1, -1060, plain)).toBe('8.0948e-320');
  });
});
