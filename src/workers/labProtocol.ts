/**
 * The lab's worker protocol: one job per message, answered by progress messages (a fraction, a
 * line of text and, for the α sweep, the partial result) and then one `done` or `error`.
 * Every job is a pure function of its data (src/workers/labJobs.ts); problems travel as recipes.
 */
import type { MetaLossId } from '../core/meta/index';
import type { AlphaSweepOptions, AlphaSweepResult } from '../lab/alphaSweep';
import type { BasinMapOptions, BasinMapResult } from '../lab/basinMap';
import type { ClaimResult } from '../lab/claims/types';
import type { CoulombViewData } from '../lab/coulombView';
import type { InnerSpeed, InnerSpeedOptions } from '../lab/innerSpeed';
import type { CpuPathOptions } from '../state/cpuPaths';
import type { DecodedFile } from './decodeFile';
import type { ProblemRecipe } from './problemRecipe';
import type { WireError } from './wire';

/** What an option set holds that cannot travel in a message (live objects, callbacks). */
type Local = 'problem' | 'backend' | 'device' | 'signal' | 'onCheckpoint' | 'onProgress';

/** alphaSweep's options as data: the problem as a recipe, always on the worker's CPU. */
export type AlphaSweepJob = { kind: 'alphaSweep'; problem: ProblemRecipe } & Omit<
  AlphaSweepOptions,
  Local
>;

/** basinMap's options as data (as for the α sweep). */
export type BasinMapJob = { kind: 'basinMap'; problem: ProblemRecipe } & Omit<
  BasinMapOptions,
  Local
>;

export interface ClaimJob {
  kind: 'claim';
  id: string;
  seed: number;
  definition?: string;
  /** Engine of the batched rollouts (default 'cpu'; 'gpu' falls back as claimOnBackend.ts says). */
  backend?: 'cpu' | 'gpu';
  /** Seeds of the verdict and the search budget (ClaimContext; default theirs). */
  seeds?: number;
  budget?: number;
}

/** The serialisable part of a meta context (MetaContext without its Problem). */
export interface MetaJobContext {
  starts: Float64Array[];
  loss: MetaLossId;
  tol: number;
  convergeOn: 'gap' | 'B';
  T: number;
  eta: number;
  gating?: 'conflicting' | 'all';
  tau?: number;
}

export interface MetaLossesJob {
  kind: 'metaLosses';
  problem: ProblemRecipe;
  ctx: MetaJobContext;
  matrices: Float64Array[];
}

export interface CoulombJob {
  kind: 'coulomb';
  W: Float64Array;
  K: number;
  m: number;
  seed: number;
}

/**
 * The row-scaled Gram sums Ĝ and ‖2^E·Σ_i g_i‖² of one block of columns (K×n, row-major), with
 * the whole set's row exponents e and common exponent E (gpu/gramChunked.ts).
 */
export interface GramBlockJob {
  kind: 'gramBlock';
  K: number;
  n: number;
  g: Float64Array | Float32Array;
  e: Int32Array;
  E: number;
}

/** A dropped file to decode (decodeOffThread.ts): its name and its bytes (transferred). */
export interface DecodeFileJob {
  kind: 'decodeFile';
  name: string;
  bytes: Uint8Array;
}

/** The live view's swept paths on the CPU (cpuPaths' options as data). */
export type PathsJob = { kind: 'paths'; problem: ProblemRecipe } & Omit<CpuPathOptions, Local>;

/** Inner speed of interaction matrices (innerSpeed.ts) on the worker's float64 CPU. */
export interface InnerSpeedJob {
  kind: 'innerSpeed';
  problem: ProblemRecipe;
  matrices: Float64Array[];
  options: Omit<InnerSpeedOptions, 'backend' | 'viaEngine' | 'device'>;
}

export type LabJob =
  | AlphaSweepJob
  | BasinMapJob
  | ClaimJob
  | MetaLossesJob
  | CoulombJob
  | GramBlockJob
  | DecodeFileJob
  | PathsJob
  | InnerSpeedJob;

export interface LabResults {
  alphaSweep: AlphaSweepResult;
  basinMap: BasinMapResult;
  claim: ClaimResult;
  metaLosses: Float64Array;
  coulomb: CoulombViewData;
  gramBlock: { G: Float64Array; sumSq: number };
  decodeFile: DecodedFile;
  paths: Float64Array[];
  innerSpeed: InnerSpeed[];
}

export type LabJobKind = LabJob['kind'];
export type JobOf<K extends LabJobKind> = Extract<LabJob, { kind: K }>;

export type LabRequest = { type: 'run'; id: number; job: LabJob };

export type LabMessage =
  | { type: 'progress'; id: number; fraction: number; message?: string; partial?: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; error: WireError };
