/** The lab's commands, each a function from flags to a CommandResult. */
import type { Flags } from '../args';
import { atlasCommand } from './atlas';
import { basinCommand } from './basin';
import { claimsCommand } from './claims';
import { embedCommand } from './embed';
import { flowCommand } from './flow';
import { metaCommand } from './meta';
import { projectCommand } from './project';
import { reportCommand } from './report';
import type { CommandResult } from './result';
import { suiteCommand } from './suite';
import { sweepCommand } from './sweep';

export interface Command {
  summary: string;
  run(flags: Flags, progress: (msg: string) => void): CommandResult | Promise<CommandResult>;
}

export const COMMANDS: Record<string, Command> = {
  project: {
    summary:
      'project --input FILE|- [--backend cpu|gpu]   apply a method to gradients in the project JSON format',
    run: (f) => projectCommand(f),
  },
  suite: {
    summary:
      'suite [--seed N] [--K K] [--alpha A] [--tau T] [--only ID] [--backend cpu|gpu]   validation suites, all methods',
    run: (f, p) => suiteCommand(f, p),
  },
  flow: {
    summary:
      'flow --problem ID --kind loss|bflow|two-phase --steps N --eta H [--method M --alpha A --c C --tau T --mode M --gating G --order O --method-seed N] [--line-search] [--gauss-newton] [--eps-switch E] [--tol-b E] [--tol-f E] [--start I] [--backend cpu|gpu]   one flow, its summary',
    run: (f) => flowCommand(f),
  },
  meta: {
    summary:
      'meta --problem ID [--loss L] [--cycles N] [--T N] [--eta H] [--eta-meta H] [--h H] [--amax A] [--a0 A] [--gating G] [--backtrack on|off] [--perturb P] [--perturb-cycles N] [--perturb-seed N] [--backend cpu|gpu]   meta-learn the interaction matrix',
    run: (f, p) => metaCommand(f, p),
  },
  claims: {
    summary:
      'claims [--seed N] [--seeds N] [--budget N] [--only ID] [--definition ID] [--backend cpu|gpu]   every seed claim, a steelman search over N seeds (default 10; budget: one full coordinate pass over every axis per claim)',
    run: (f, p) => claimsCommand(f, p),
  },
  atlas: {
    summary: "atlas [--K K] [--d D] [--sets N] [--seed S]   every method's properties, measured",
    run: (f) => atlasCommand(f),
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
  report: {
    summary:
      'report [--out FILE] [--seed N] [--seeds N] [--budget N] [--only ID] [--backend cpu|gpu]   every claim into one self-contained HTML report',
    run: (f, p) => reportCommand(f, p),
  },
};

export function usage(): string {
  return [
    'Concord lab — usage: npm run lab -- <command> [options] [--json]',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
    '',
    'Options common to all commands: --json (machine-readable output on stdout only).',
    'Problem options (flow, meta, sweep, basin): --problem quadratic-groups|cagrad-toy|convex-pair and, for quadratic groups, --K --d --groups --radius --spread --eig-min --eig-max --seed.',
    '',
  ].join('\n');
}
