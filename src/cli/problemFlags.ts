/**
 * Problem selection shared by the lab commands: --problem ID and the quadratic-groups
 * parameters (--K --d --groups --radius --spread --eig-min --eig-max --seed).
 */
import { InputError } from '../core/errors';
import { createProblem, PROBLEM_IDS, type ProblemId } from '../core/problems/index';
import {
  QUADRATIC_MAX_ENTRIES,
  type QuadraticGroupParams,
  quadraticGroupParams,
} from '../core/problems/quadraticGroups';
import type { Problem } from '../core/problems/types';
import type { Flags } from './args';

export interface ProblemChoice {
  id: ProblemId;
  params: Record<string, number>;
  problem: Problem;
}

/**
 * The problem the flags ask for. `check(K, d)` runs before a quadratic-groups problem is built
 * (its size is known from the flags), so a refused size costs nothing; for the fixed-size
 * problems it runs after.
 */
export function problemFromFlags(
  flags: Flags,
  fallback: ProblemId,
  check?: (K: number, d: number) => void,
): ProblemChoice {
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
    const { K, d } = params;
    if (K !== undefined && d !== undefined && K * d > QUADRATIC_MAX_ENTRIES) {
      throw new InputError(
        '--K · --d',
        `K·d = ${K}·${d} = ${K * d} exceeds the ${QUADRATIC_MAX_ENTRIES} (2^24) entries a problem may hold`,
      );
    }
    const q = quadraticGroupParams(params as Partial<QuadraticGroupParams>);
    check?.(q.K, q.d);
  }
  const problem = createProblem(id, params);
  if (id !== 'quadratic-groups') check?.(problem.K, problem.d);
  return { id, params, problem };
}
