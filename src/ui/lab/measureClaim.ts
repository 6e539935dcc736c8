/**
 * How the claims panel measures a claim: the shared Claim.run (the CLI's `claims` command calls
 * the same) with the panel's seed, chosen definition, abort signal and progress callback.
 */
import type { Claim, ClaimResult } from '../../lab/claims/types';

export function measureClaim(
  claim: Claim,
  seed: number,
  definition: string | undefined,
  signal?: AbortSignal,
  progress?: (fraction: number, message: string) => void,
): Promise<ClaimResult> {
  return claim.run({
    seed,
    ...(definition ? { definition } : {}),
    ...(signal ? { signal } : {}),
    ...(progress ? { progress } : {}),
  });
}
