/** fast-check arbitraries over the configuration property table. */
import fc from 'fast-check';
import {
  CONFIG_FIELDS,
  CONFIG_KEYS,
  type Config,
  type FieldSpec,
} from '../../src/state/configSchema';

export function fieldArb(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'int':
      return fc.integer({ min: spec.min, max: spec.max });
    case 'float':
      // −0 prints as "0"; it is the same configuration, so generate +0 only.
      return fc
        .double({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true })
        .map((x) => (x === 0 ? 0 : x));
    case 'enum':
      return fc.constantFrom(...spec.values);
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.stringMatching(spec.pattern);
  }
}

/** Any admissible, consistent configuration (eigMin ≤ eigMax, groups ≤ K). */
export const configArb: fc.Arbitrary<Config> = fc
  .record(
    Object.fromEntries(CONFIG_KEYS.map((k) => [k, fieldArb(CONFIG_FIELDS[k])])) as Record<
      keyof Config,
      fc.Arbitrary<unknown>
    >,
  )
  .map((r) => {
    const c = r as unknown as Config;
    const lo = Math.min(c.eigMin, c.eigMax);
    const hi = Math.max(c.eigMin, c.eigMax);
    return { ...c, eigMin: lo, eigMax: hi, groups: Math.min(c.groups, c.K) };
  });
