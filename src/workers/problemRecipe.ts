/**
 * A Problem as data, so a worker can build the same problem: a Problem holds functions, which do
 * not cross a worker boundary, but every problem of the catalogue is fixed by its id and the
 * parameters it was created with (createProblem(id, params) is deterministic). Null for anything
 * else (a problem made by hand in a test), which then stays on the calling thread.
 */
import { createProblem, type ProblemId } from '../core/problems/index';
import type { Problem } from '../core/problems/types';

export interface ProblemRecipe {
  id: ProblemId;
  params: Record<string, unknown>;
}

export function problemRecipe(p: Problem): ProblemRecipe | null {
  const q = p as Problem & { kind?: string; params?: Record<string, unknown>; atZero?: string };
  if (p.id === 'quadratic-groups' && q.kind === 'quadratic' && q.params) {
    return { id: 'quadratic-groups', params: { ...q.params } };
  }
  if (p.id === 'cagrad-toy' && q.kind === 'cagrad-toy' && typeof q.atZero === 'string') {
    return { id: 'cagrad-toy', params: { atZero: q.atZero } };
  }
  if (p.id === 'convex-pair' && q.kind === 'convex-pair') return { id: 'convex-pair', params: {} };
  return null;
}

export function problemFromRecipe(r: ProblemRecipe): Problem {
  return createProblem(r.id, r.params);
}
