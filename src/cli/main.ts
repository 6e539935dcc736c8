/**
 * Concord's command-line lab: `npm run lab -- <command> [options] [--json]`.
 * Human-readable tables by default; with --json, only JSON on stdout. Bad input: a message naming
 * the field on stderr and exit code 2.
 */
import { InputError } from '../core/errors';
import { Flags, parseArgs } from './args';
import { COMMANDS, usage } from './commands/index';

async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const name = positional[0];
  if (name === undefined || name === 'help' || flags.has('help')) {
    process.stdout.write(usage());
    return name === undefined && !flags.has('help') ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`concord lab: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const json = flags.get('json') === true;
  flags.delete('json');
  try {
    const result = await command.run(new Flags(flags), (msg) => {
      if (!json) process.stderr.write(`${msg}\n`);
    });
    process.stdout.write(
      json ? `${JSON.stringify(result.json, null, 2)}\n` : `${result.text.trimEnd()}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`concord lab ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`concord lab: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
