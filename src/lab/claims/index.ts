/** Every claim of the three theorem seeds, in the order the lab shows them. */
import { BFLOW_CLAIMS } from './bflow';
import { COSINE_SCALED_CLAIMS } from './cosineScaled';
import { INTERACTION_CLAIMS } from './interactionMatrix';
import type { Claim } from './types';

export const CLAIMS: readonly Claim[] = [
  ...INTERACTION_CLAIMS,
  ...COSINE_SCALED_CLAIMS,
  ...BFLOW_CLAIMS,
];

export type { Claim, ClaimContext, ClaimResult, Verdict } from './types';
