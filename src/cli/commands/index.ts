/** The lab's commands, each a function from flags to a CommandResult. */
import type { Flags } from '../args';
import { basinCommand } from './basin';
import { claimsCommand } from './claims';
import { embedCommand } from './embed';
import { flowCommand } from './flow';
import { metaCommand } from './meta';
import { projectCommand } from './project';
import type { CommandResult } from './result';
import { suiteCommand } from './suite';
import { sweepCommand } from './sweep';

export interface Command {
  summary: string;
  run(flags: Flags, progress: (msg: string) => void): CommandResult | Promise<CommandResult>;
}

export const COMMANDS: Record<string, Command> = {
  project: {
    summary: 'project --input FILE|-   apply a method to gradients in the project JSON format',
    run: (f) => projectCommand(f),
  },
  suite: {
    summary:
      'suite [--seed N] [--K K] [--alpha A] [--tau T] [--only ID]   validation suites, all methods',
    run: (f, p) => suiteCommand(f, p),
  },
  flow: {
    summary:
      'flow --problem ID --kind loss|bflow|two-phase --steps N --eta H   one flow, its summary',
    run: (f) => flowCommand(f),
  },
  meta: {
    summary:
      'meta --problem ID [--loss L] [--cycles N] [--perturb P]   meta-learn the interaction matrix',
    run: (f, p) => metaCommand(f, p),
  },
  claims: {
    summary: 'claims [--seed N] [--only ID] [--definition ID]   every seed claim, measured now',
    run: (f, p) => claimsCommand(f, p),
  },
  sweep: {
    summary:
      'sweep [--problem ID] [--mode simultaneous|sequential] [--W N] [--steps T] [--eta H] [--tol E] [--range LO,HI] [--check-every C] [--backend cpu|gpu]   α sweep of cosine-scaled projection (lab page: α sweep)',
    run: (f, p) => sweepCommand(f, p),
  },
  basin: {
    summary:
      'basin [--problem cagrad-toy|convex-pair] [--method M] [--alpha A] [--n N] [--steps T] [--eta H] [--check-every C] [--move-tol E] [--backend cpu|gpu]   basin map of one method (lab page: basins)',
    run: (f, p) => basinCommand(f, p),
  },
  embed: {
    summary:
      'embed [--K K] [--seed N] [--m M] [--source groups|learned] [--cycles N] [--restarts R] [--backend cpu|gpu]   Coulomb and spectral representation, MATH.md §8 (lab page: Coulomb)',
    run: (f, p) => embedCommand(f, p),
  },
};

export function usage(): string {
  return [
    'Concord lab — usage: npm run lab -- <command> [options] [--json]',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
    '',
    'Options common to all commands: --json (machine-readable output on stdout only).',
    '',
  ].join('\n');
}
