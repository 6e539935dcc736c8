/**
 * How the claims panel measures a claim: the shared Claim.run (the CLI's `claims` command calls
 * the same) with the panel's seed, chosen definition, abort signal and progress callback, as a
 * job of the lab's worker pool (cancel ends it at once).
 */
import type { Claim, ClaimResult } from '../../lab/claims/types';
import { claimOffThread } from '../../workers/labRuns';

export function measureClaim(
  claim: Claim,
  seed: number,
  definition: string | undefined,
  signal?: AbortSignal,
  progress?: (fraction: number, message: string) => void,
): Promise<ClaimResult> {
  return claimOffThread(claim, seed, definition, signal, progress);
}
