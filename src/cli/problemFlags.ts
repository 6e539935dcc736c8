/**
 * Problem selection shared by the lab commands: --problem ID and the quadratic-groups
 * parameters (--K --d --groups --radius --spread --eig-min --eig-max --seed).
 */
import { createProblem, PROBLEM_IDS, type ProblemId } from '../core/problems/index';
import type { Problem } from '../core/problems/types';
import type { Flags } from './args';

export interface ProblemChoice {
  id: ProblemId;
  params: Record<string, number>;
  problem: Problem;
}

export function problemFromFlags(flags: Flags, fallback: ProblemId): ProblemChoice {
  const id = flags.choice('problem', PROBLEM_IDS, fallback);
  const params: Record<string, number> = {};
  if (id === 'quadratic-groups') {
    const names: [string, string][] = [
      ['K', 'K'],
      ['d', 'd'],
      ['groups', 'groups'],
      ['radius', 'groupRadius'],
      ['spread', 'spread'],
      ['eig-min', 'eigMin'],
      ['eig-max', 'eigMax'],
      ['seed', 'seed'],
    ];
    for (const [flag, key] of names) {
      if (flags.has(flag)) params[key] = flags.number(flag, 0);
    }
  }
  return { id, params, problem: createProblem(id, params) };
}
