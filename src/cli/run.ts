/**
 * The command-line lab as a function: runCli(argv, io) → exit code, so that tests run it in
 * process. Exit codes: 0 success; 2 bad input (an InputError naming the field, on stderr); 130
 * interrupted (Ctrl-C); 1 only for a defect in Concord itself (with its stack). Human-readable
 * tables by default; with --json, only JSON on stdout (progress stays on stderr).
 */
import { InputError } from '../core/errors';
import { Flags, parseArgs } from './args';
import { COMMANDS, usage } from './commands/index';
import { type CliIo, Interrupted, withIo } from './io';

/** V8's messages when memory for an input cannot be allocated (reported as bad input). */
const OUT_OF_MEMORY =
  /allocation failed|Invalid typed array length|Invalid array buffer length|Invalid string length|Array buffer allocation failed/;

/** Runs one command line; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let name: string | undefined;
  try {
    const { positional, flags } = parseArgs(argv);
    name = positional[0];
    if (name === undefined || name === 'help' || flags.has('help')) {
      io.stdout(usage());
      return name === undefined && !flags.has('help') ? 2 : 0;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
      io.stderr(`concord lab: unknown command "${name.slice(0, 40)}"\n\n${usage()}`);
      return 2;
    }
    if (positional.length > 1) {
      throw new InputError(positional[1].slice(0, 40), 'is not an option (options start with --)');
    }
    const jsonFlag = flags.get('json');
    if (jsonFlag !== undefined && jsonFlag !== true) {
      throw new InputError('--json', `is a switch; got value "${String(jsonFlag).slice(0, 40)}"`);
    }
    const json = jsonFlag === true;
    flags.delete('json');
    const result = await withIo(io, () =>
      command.run(new Flags(flags), (msg) => {
        if (!json) io.stderr(`${msg}\n`);
      }),
    );
    const text = () => (typeof result.text === 'function' ? result.text() : result.text);
    io.stdout(json ? `${JSON.stringify(result.json, null, 2)}\n` : `${text().trimEnd()}\n`);
    return 0;
  } catch (e) {
    const prefix = name ? `concord lab ${name.slice(0, 40)}` : 'concord lab';
    if (e instanceof InputError) {
      io.stderr(`${prefix}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Interrupted || (e instanceof DOMException && e.name === 'AbortError')) {
      io.stderr(`${prefix}: ${e instanceof Interrupted ? e.message : 'interrupted'}\n`);
      return 130;
    }
    if (e instanceof RangeError && OUT_OF_MEMORY.test(e.message)) {
      io.stderr(`${prefix}: the input is too large for memory (${e.message})\n`);
      return 2;
    }
    io.stderr(`${prefix}: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
