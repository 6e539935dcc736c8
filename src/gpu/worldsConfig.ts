/**
 * Sizes, limits and inputs of the GPU worlds (worlds.ts): tile and batch constants, the choice
 * between the multi-step and the per-step path, and the shapes of a method upload and of the
 * worlds' initial state.
 */
import type { TgpuBuffer } from 'typegpu';
import type * as d from 'typegpu/data';
import { InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import { BIG_WG, pow2AtLeast } from './pipelines';
import type { ProblemKernel } from './shaders';

/** Most columns per Gram tile (the tile is the power of two ≥ d, capped here). */
export const TILE_MAX = 64;
export const KMAX = 32;
/** Workgroups per dispatch row; larger counts use a second dimension. */
export const NX = 32768;
/** Aim for about this many Gram workgroups per step when splitting long vectors into chunks. */
export const TARGET_GROUPS = 2048;

/** The large-d Gram and step kernel (bigStep.wgsl): quadratic groups with K ≤ BIG_K, d ≥ BIG_MIN_D. */
export const BIG_K = 16;
export const BIG_MIN_D = 4096;
/** Aim for about this many bigStep workgroups per step (enough to fill a large GPU). */
export const BIG_TARGET_GROUPS = 1024;

/** Largest K and d of the multi-step path (the workgroup memory of multiStep.wgsl, ≈ 13.5 kB, fits
 * the 16 kB every WebGPU device offers). */
export const MULTI_K = 16;
export const MULTI_D = 64;
/** Aim for at most about this many gradient entries computed per multi-step dispatch. */
export const WORK_PER_DISPATCH = 1 << 27;
/** Most steps in one multi-step dispatch. */
export const MAX_BATCH = 1024;

export type FlowCode = 0 | 1 | 2;
export type StepPath = 'multi-step' | 'per-step';
export type PathChoice = 'auto' | StepPath;

/** The path a set of worlds takes: multi-step where K ≤ MULTI_K and d ≤ MULTI_D. */
export function choosePath(K: number, d: number, choice: PathChoice = 'auto'): StepPath {
  const fits = K <= MULTI_K && d <= MULTI_D;
  if (choice === 'multi-step' && !fits) {
    throw new InputError(
      'gpuPath',
      `the multi-step path needs K ≤ ${MULTI_K} and d ≤ ${MULTI_D}, got K = ${K}, d = ${d}`,
    );
  }
  if (choice === 'per-step') return 'per-step';
  return fits ? 'multi-step' : 'per-step';
}

/**
 * How the per-step Gram kernel splits d: bigStep.wgsl for quadratic groups with K ≤ BIG_K and
 * d ≥ BIG_MIN_D (chunks of BIG_WG·n columns, about BIG_TARGET_GROUPS workgroups in all), else
 * gramStep.wgsl in tiles of `tile` columns, about TARGET_GROUPS workgroups (one chunk per world
 * for the problems whose d fits one tile).
 */
export function gramChunks(
  kernel: ProblemKernel,
  K: number,
  dim: number,
  W: number,
  choice: 'auto' | 'tile',
): { kernel: 'tile' | 'big'; chunkCols: number; nChunks: number } {
  if (choice === 'auto' && kernel === 'quadratic' && K <= BIG_K && dim >= BIG_MIN_D) {
    const perThread = Math.max(1, Math.ceil((dim * W) / (BIG_TARGET_GROUPS * BIG_WG)));
    const chunkCols = Math.min(perThread * BIG_WG, dim);
    return { kernel: 'big', chunkCols, nChunks: Math.ceil(dim / chunkCols) };
  }
  const tile = Math.min(TILE_MAX, pow2AtLeast(dim));
  const tiles = Math.ceil(dim / tile);
  const tilesPerChunk =
    kernel === 'quadratic' ? Math.max(1, Math.ceil((tiles * W) / TARGET_GROUPS)) : tiles;
  const chunkCols = Math.min(tilesPerChunk, tiles) * tile;
  return { kernel: 'tile', chunkCols, nChunks: Math.ceil(dim / chunkCols) };
}

export interface MethodUpload {
  /** 0 sum, 1 pcgrad, 2 cosine simultaneous, 3 cosine sequential, 4 interaction. */
  method: number;
  /** 0 conflicting, 1 all. */
  gating: number;
  tau: number;
  /** Length 1 (shared) or W. */
  alpha: Float32Array;
  /** Length K·K (shared) or W·K·K. */
  A: Float32Array;
  /** Length K·(K−1) (shared) or W·K·(K−1); unused (may be empty) when orderMode is 1. */
  orders: Int32Array;
  /** CAGrad's c (method 6). */
  c?: number;
  /** 1: per-step permutation of (orderSeed, step) built in the shader; 0: the table. */
  orderMode?: number;
  /** The run's seed mod 2³² (orderMode 1). */
  orderSeed?: number;
}

export interface GpuWorldsInit {
  problem: Problem;
  W: number;
  /** W·d initial θ. */
  thetas: Float32Array;
  flow: FlowCode;
  eta: number;
  epsSwitch: number;
  method: MethodUpload;
  /** Initial per-world state [phase, status, switchStep, stepCount] (W·4); default fresh. */
  state?: Uint32Array;
  /** Global step count at creation (a resumed run); default 0. */
  step?: number;
  /** Path choice (default 'per-step': tests drive its kernels one by one; engines pass 'auto'). */
  path?: PathChoice;
  /** Summary rows into the ring every this many steps (0 or absent: no ring). */
  recordEvery?: number;
  /** Norm of the multi-step ring rows' `moved` column: 0 (default) max-norm, 1 Euclidean. */
  movedNorm?: 0 | 1;
  /**
   * Per-step Gram kernel: 'auto' (default) takes bigStep.wgsl where it applies (BIG_K, BIG_MIN_D),
   * 'tile' keeps gramStep.wgsl (tests and the benchmark's before/after).
   */
  gramKernel?: 'auto' | 'tile';
  /** Tests: also write the K×K coefficients of each per-step update (readCoefficients). */
  keepCoefficients?: boolean;
}

/** A storage buffer of the worlds (f32 or u32 entries). */
export type Buf = TgpuBuffer<d.WgslArray<d.F32>> | TgpuBuffer<d.WgslArray<d.U32>>;
