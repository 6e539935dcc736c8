/**
 * Adjusted Rand index of two labellings of the same n objects (Hubert & Arabie 1985):
 *   ARI = (Σ_ij C(n_ij, 2) − E) / (½[Σ_i C(a_i, 2) + Σ_j C(b_j, 2)] − E),
 *   E = Σ_i C(a_i, 2)·Σ_j C(b_j, 2) / C(n, 2),
 * n_ij = objects in group i of the first and group j of the second labelling, a_i and b_j the
 * group sizes. 1 for identical partitions (up to renaming), about 0 for unrelated ones, negative
 * when worse than chance. Where the denominator vanishes (both labellings put every object in
 * one group, or both make every object its own group, or n < 2) the partitions are identical and
 * the index is 1.
 */
import { check, InputError } from '../errors';

const pairs = (m: number) => (m * (m - 1)) / 2;

export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  check(
    a.length === b.length,
    'labels',
    `must have equal lengths, got ${a.length} and ${b.length}`,
  );
  const n = a.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(a[i]))
      throw new InputError(`labels[${i}]`, `must be an integer, got ${a[i]}`);
    if (!Number.isInteger(b[i]))
      throw new InputError(`labels[${i}]`, `must be an integer, got ${b[i]}`);
  }
  const joint = new Map<string, number>();
  const ra = new Map<number, number>();
  const rb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = `${a[i]},${b[i]}`;
    joint.set(k, (joint.get(k) ?? 0) + 1);
    ra.set(a[i], (ra.get(a[i]) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const m of joint.values()) index += pairs(m);
  let sa = 0;
  for (const m of ra.values()) sa += pairs(m);
  let sb = 0;
  for (const m of rb.values()) sb += pairs(m);
  const total = pairs(n);
  const expected = total > 0 ? (sa * sb) / total : 0;
  const max = (sa + sb) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
