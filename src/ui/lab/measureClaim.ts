/**
 * How the claims panel measures a claim: the shared Claim.run (the CLI's `claims` command calls
 * the same) with the panel's seed, seeds, budget, chosen definition, abort signal and progress callback, as a
 * job of the lab's worker pool (cancel ends it at once), on the panel's backend: the GPU in the
 * worker (the CPU there where it has no device or loses it; the result says which measured it).
 */
import type { Claim, ClaimResult } from '../../lab/claims/types';
import { type ClaimRunOptions, claimOffThread } from '../../workers/labRuns';

export function measureClaim(
  claim: Claim,
  seed: number,
  definition: string | undefined,
  signal?: AbortSignal,
  progress?: (fraction: number, message: string) => void,
  run: ClaimRunOptions = {},
): Promise<ClaimResult> {
  return claimOffThread(claim, seed, definition, signal, progress, run);
}
