/**
 * Minimal command-line argument parsing for `npm run lab -- <command> [--flag value] [--switch]`.
 * Flags are `--name value` or `--name=value`; a flag followed by another flag (or nothing) is a
 * boolean switch. Positional words are collected in order.
 */
import { InputError } from '../core/errors';
import { PLAIN_NUMBER, quote } from '../core/validate/sharedFields';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') continue;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 2) {
        flags.set(a.slice(2, eq), a.slice(eq + 1));
      } else {
        const next = argv[i + 1];
        if (next !== undefined && (!next.startsWith('--') || /^--?\d/.test(next.slice(1)))) {
          flags.set(a.slice(2), next);
          i++;
        } else {
          flags.set(a.slice(2), true);
        }
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, flags };
}

/**
 * Typed access to flags, with InputError naming the flag on bad values, in the format of the
 * shared fields (`--flag: got <value>; <what is allowed>`); numbers are written plainly (the
 * shared PLAIN_NUMBER). The fields shared with the page are read through sharedFlags.ts.
 */
export class Flags {
  private readonly used = new Set<string>();
  constructor(private readonly flags: Map<string, string | true>) {}

  has(name: string): boolean {
    this.used.add(name);
    return this.flags.has(name);
  }

  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    this.used.add(name);
    const v = this.flags.get(name);
    if (v === undefined) return fallback;
    if (v === true) throw new InputError(`--${name}`, 'needs a value');
    return v;
  }

  number(name: string, fallback: number, range?: [number, number]): number {
    const s = this.string(name);
    if (s === undefined) return fallback;
    const x = Number(s);
    if (!PLAIN_NUMBER.test(s)) {
      throw new InputError(
        `--${name}`,
        `got ${quote(s)}; must be a number written plainly (like 0.5, 3 or 1e-3)`,
      );
    }
    if (!Number.isFinite(x)) {
      throw new InputError(
        `--${name}`,
        `got ${quote(s)}; is beyond float64's range (about ±1.8e308)`,
      );
    }
    if (range && (x < range[0] || x > range[1])) {
      throw new InputError(`--${name}`, `got ${x}; must be in [${range[0]}, ${range[1]}]`);
    }
    return x;
  }

  int(name: string, fallback: number, range?: [number, number]): number {
    const x = this.number(name, fallback, range);
    if (!Number.isInteger(x)) throw new InputError(`--${name}`, `got ${x}; must be an integer`);
    return x;
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const s = this.string(name);
    if (s === undefined) return fallback;
    if (!(choices as readonly string[]).includes(s)) {
      throw new InputError(`--${name}`, `got ${quote(s)}; must be one of ${choices.join(', ')}`);
    }
    return s as T;
  }

  bool(name: string): boolean {
    this.used.add(name);
    const v = this.flags.get(name);
    if (v === undefined) return false;
    if (v === true || v === 'true') return true;
    if (v === 'false') return false;
    throw new InputError(`--${name}`, `is a switch; got value "${v}"`);
  }

  /** Throws on any flag that the command never asked about (catches typos). */
  rejectUnknown(): void {
    for (const k of this.flags.keys()) {
      if (!this.used.has(k)) throw new InputError(`--${k}`, 'is not an option of this command');
    }
  }
}
