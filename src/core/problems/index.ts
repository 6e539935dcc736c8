/**
 * The problems of MATH.md §9 with θ behind them, by id. Random conflict sets and imported
 * gradients are plain GradSets (see randomSets.ts), not Problems.
 *
 * createProblem rejects an unknown id and any parameter name the problem does not take, each
 * with an InputError naming the field, so a misspelt option never goes silently unused.
 */
import { InputError } from '../errors';
import { type CagradToyParams, createCagradToy } from './cagradToy';
import { createConvexPair } from './convexPair';
import {
  createQuadraticGroups,
  QUADRATIC_GROUP_DEFAULTS,
  type QuadraticGroupParams,
} from './quadraticGroups';
import type { Problem } from './types';

export { type CagradToyParams, type CagradToyProblem, createCagradToy } from './cagradToy';
export { type ConvexPairProblem, createConvexPair } from './convexPair';
export {
  createQuadraticGroups,
  QUADRATIC_GROUP_DEFAULTS,
  type QuadraticGroupParams,
  type QuadraticGroupsProblem,
} from './quadraticGroups';
export { type RandomSetParams, randomConflictSets } from './randomSets';
export type { Problem } from './types';

export const PROBLEM_IDS = ['quadratic-groups', 'cagrad-toy', 'convex-pair'] as const;
export type ProblemId = (typeof PROBLEM_IDS)[number];

const PARAM_NAMES: Record<ProblemId, readonly string[]> = {
  'quadratic-groups': Object.keys(QUADRATIC_GROUP_DEFAULTS),
  'cagrad-toy': ['atZero'],
  'convex-pair': [],
};

export function isProblemId(id: unknown): id is ProblemId {
  return typeof id === 'string' && (PROBLEM_IDS as readonly string[]).includes(id);
}

/** The problem `id` built from `params` (defaults for what is left out). */
export function createProblem(id: string, params: Record<string, unknown> = {}): Problem {
  if (!isProblemId(id)) {
    throw new InputError('problem', `unknown problem "${id}"; expected one of ${PROBLEM_IDS}`);
  }
  if (params == null || typeof params !== 'object' || Array.isArray(params)) {
    throw new InputError('params', 'must be an object');
  }
  const allowed = PARAM_NAMES[id];
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      const hint = allowed.length > 0 ? `; it takes ${allowed.join(', ')}` : '; it takes none';
      throw new InputError(key, `is not a parameter of ${id}${hint}`);
    }
  }
  switch (id) {
    case 'quadratic-groups':
      return createQuadraticGroups(params as Partial<QuadraticGroupParams>);
    case 'cagrad-toy':
      return createCagradToy(params as CagradToyParams);
    case 'convex-pair':
      return createConvexPair();
  }
}
