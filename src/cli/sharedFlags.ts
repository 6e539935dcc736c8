/**
 * The command line's reading of the fields it shares with the page (problem, K, d, method, α, τ,
 * c, η, steps, seed, flow kind …): each flag's text goes through the shared checker
 * (src/core/validate/sharedFields.ts) in the 'run' scope, so a value is refused here exactly
 * when the page's link decoder refuses it for the same field (apart from the page's named live
 * limits), with the same message, the field named by its flag: `--eig-min: got …; …`.
 */
import { InputError } from '../core/errors';
import {
  checkFieldText,
  checkProblemFields,
  SHARED_FIELDS,
  type SharedKey,
} from '../core/validate/sharedFields';
import type { Flags } from './args';

/** The flag of a shared field, with its dashes. */
export function flagOf(key: SharedKey): string {
  return `--${SHARED_FIELDS[key].flag}`;
}

/** The value of the shared field's flag, checked; undefined when the flag is absent. */
export function sharedFlagIfSet<T extends number | string = number>(
  flags: Flags,
  key: SharedKey,
): T | undefined {
  const text = flags.string(SHARED_FIELDS[key].flag);
  if (text === undefined) return undefined;
  const r = checkFieldText(key, text, 'run');
  if (!r.ok) throw new InputError(flagOf(key), r.message);
  return r.value as T;
}

/** The value of the shared field's flag, checked, or `fallback` when the flag is absent. */
export function sharedFlag<T extends number | string>(
  flags: Flags,
  key: SharedKey,
  fallback: T,
): T {
  return sharedFlagIfSet<T>(flags, key) ?? fallback;
}

/** Throws on the first broken rule between a generated problem's fields (checkProblemFields). */
export function checkProblemFlags(p: Parameters<typeof checkProblemFields>[0]): void {
  const broken = checkProblemFields(p);
  if (broken === null) return;
  const [field, message] = broken;
  throw new InputError(field === 'K · d' ? '--K · --d' : flagOf(field), message);
}
