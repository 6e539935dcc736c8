/**
 * Problem selection shared by the lab commands: --problem ID and the quadratic-groups
 * parameters (--K --d --groups --radius --spread --eig-min --eig-max --seed), each read through
 * the checker the page's links use (sharedFlags.ts), then the rules between them (K·d ≤ 2^24,
 * groups ≤ K, eig-min ≤ eig-max).
 */
import { createProblem, type ProblemId } from '../core/problems/index';
import {
  QUADRATIC_GROUP_DEFAULTS,
  type QuadraticGroupParams,
  quadraticGroupParams,
} from '../core/problems/quadraticGroups';
import type { Problem } from '../core/problems/types';
import type { Flags } from './args';
import { checkProblemFlags, sharedFlag, sharedFlagIfSet } from './sharedFlags';

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
  const id = sharedFlag(flags, 'problem', fallback as string) as ProblemId;
  const params: Record<string, number> = {};
  if (id === 'quadratic-groups') {
    const keys = ['K', 'd', 'groups', 'groupRadius', 'spread', 'eigMin', 'eigMax', 'seed'] as const;
    for (const key of keys) {
      const v = sharedFlagIfSet(flags, key);
      if (v !== undefined) params[key] = v;
    }
    checkProblemFlags({ ...QUADRATIC_GROUP_DEFAULTS, ...params });
    const q = quadraticGroupParams(params as Partial<QuadraticGroupParams>);
    check?.(q.K, q.d);
  }
  const problem = createProblem(id, params);
  if (id !== 'quadratic-groups') check?.(problem.K, problem.d);
  return { id, params, problem };
}
