/**
 * The sandbox's gradients as a set (src/ui/sandbox/sandboxSet.ts): on the common power-of-two
 * scale, so entries near 1e-300 or 1e300 give the same B, I and cosines as the same set near 1
 * (scaling every gradient by one factor changes none of them).
 */
import { describe, expect, it } from 'vitest';
import { summarizeGram } from '../../src/lab/importAnalysis';
import { parseSandbox, sandboxSet } from '../../src/ui/sandbox/sandboxSet';

const summary = (text: string) => {
  const set = sandboxSet(parseSandbox(text));
  return summarizeGram(set.G, set.K, set.sumSq, 1e-9, { E: set.gramExp ?? 0 });
};

describe('sandboxSet', () => {
  it('B and I of a set near 1e±300 equal those of the same set near 1', () => {
    const one = summary('1,2;-3,1');
    // B = ‖(−2, 3)‖² / (5 + 10) = 13/15.
    expect(one.B).toBeCloseTo(13 / 15, 14);
    for (const s of ['1e-300,2e-300;-3e-300,1e-300', '1e300,2e300;-3e300,1e300']) {
      const far = summary(s);
      expect(far.B, s).toBeCloseTo(one.B as number, 14);
      expect(far.I, s).toBeCloseTo(one.I as number, 14);
      expect(far.conflicts, s).toBe(one.conflicts);
    }
  });
});
