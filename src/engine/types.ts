/**
 * One interface over both backends (DESIGN.md "src/engine"): create W independent worlds from a
 * configuration, advance them n steps, read per-world summaries, read full state.
 *
 * A world is one θ ∈ R^d of the shared problem, advanced by the shared flow and method (with an
 * optional per-world α or interaction matrix A). The CPU engine runs the float64 core; the GPU
 * engine runs the float32 WGSL kernels in shaders/ and agrees with the core within the
 * tolerances stated in test/engine.
 */
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';

export type Backend = 'cpu' | 'gpu';
export type FlowKind = 'loss' | 'bflow' | 'two-phase';

export interface WorldsConfig {
  /** Core Problem (quadratic groups, CAGrad toy, convex pair). */
  problem: Problem;
  /** Shared by all worlds. */
  method: MethodSpec;
  /** Length W: per-world α, overrides method.alpha. */
  alpha?: Float64Array;
  /** Length W·K·K: per-world interaction matrices (row-major K×K each), overrides method.A. */
  A?: Float64Array;
  flow: FlowKind;
  /** Step size η > 0. */
  eta: number;
  /** Two-phase switch threshold on |I + ½| (default DEFAULT_EPS_SWITCH). */
  epsSwitch?: number;
  /** W·d initial θ, world-major; W = starts.length / d. */
  starts: Float64Array;
  /**
   * Record a summary row of every world every this many steps (steps 0, S, 2S, …), kept until
   * history() takes them (default: none recorded).
   */
  recordEvery?: number;
  /** GPU only: force the per-step or the multi-step path (default 'auto': the engine chooses). */
  gpuPath?: 'auto' | 'multi-step' | 'per-step';
  /**
   * The norm of the recorded rows' `moved` column: 'max' (default) max_k |Δθ_k|, or 'l2'
   * ‖Δθ‖₂ = √(Σ_k Δθ_k²) (the inner-speed runs, src/lab/innerSpeed.ts).
   */
  movedNorm?: 'max' | 'l2';
}

/**
 * How an engine advances its worlds: 'cpu' (the float64 core, world by world), 'gpu-multi-step'
 * (small worlds: one dispatch advances every world a batch of steps), 'gpu-per-step' (larger
 * worlds: a few dispatches per step).
 */
export type EnginePath = 'cpu' | 'gpu-multi-step' | 'gpu-per-step';

/** Work an engine issued since creation (all zero on the CPU apart from batches and steps). */
export interface EngineCounters {
  /** Compute dispatches. */
  dispatches: number;
  /** Queue submissions. */
  submits: number;
  /** Buffer read-backs (maps). */
  readbacks: number;
  /** Batches: one per dispatch on the multi-step path, one per submission of steps otherwise. */
  batches: number;
  /** Steps advanced × W. */
  worldSteps: number;
}

/** Summary rows recorded every recordEvery steps, oldest first. */
export interface SummaryHistory {
  rows: Summaries[];
  /** Rows overwritten before they were taken (the GPU ring is finite; take them each batch). */
  dropped: number;
  /** With history({ thetas: true }): θ of every world (W·d) after every step issued so far. */
  thetas?: Float64Array;
}

/** Default two-phase switch threshold ε_switch on |I + ½|. */
export const DEFAULT_EPS_SWITCH = 1e-2;

/** Per-world status codes. */
export const WorldStatus = {
  /** Every summary is defined. */
  ok: 0,
  /** S = Σ‖g_i‖² = 0: B and I are undefined (reported as NaN). */
  undefinedB: 1,
  /** A non-finite value appeared: the world stops advancing, its last finite θ is kept. */
  diverged: 2,
} as const;
export type WorldStatus = (typeof WorldStatus)[keyof typeof WorldStatus];

export interface Summaries {
  /** Steps advanced since creation. */
  step: number;
  W: number;
  K: number;
  /** Per world; NaN only where status ≠ 0. */
  B: Float64Array;
  I: Float64Array;
  F: Float64Array;
  /** W·K, world-major: L_i(θ_w). */
  losses: Float64Array;
  /** Conflicting pairs i < j per world (MATH.md §1 with the method's τ). */
  conflicts: Uint32Array;
  status: Uint8Array;
  /** Two-phase switch step per world, −1 if none. */
  switchStep: Int32Array;
  /**
   * Rows of history() only, where the engine knows it (the CPU engine and the GPU multi-step
   * path): per world, the move since the previous recorded row (0 at the first row),
   * max_k |θ_t,k − θ_{t−S},k| or, with movedNorm 'l2', ‖θ_t − θ_{t−S}‖₂.
   */
  moved?: Float64Array;
}

/** Summaries of W worlds of K objectives, zero-filled, for an engine to fill in. */
export function emptySummaries(step: number, W: number, K: number): Summaries {
  return {
    step,
    W,
    K,
    B: new Float64Array(W),
    I: new Float64Array(W),
    F: new Float64Array(W),
    losses: new Float64Array(W * K),
    conflicts: new Uint32Array(W),
    status: new Uint8Array(W),
    switchStep: new Int32Array(W),
  };
}

/** One world in full, for drawing (computed with the float64 core at the world's θ). */
export interface WorldView {
  theta: Float64Array;
  /** K×d row-major. */
  gradients: Float64Array;
  /** K×d row-major: g'_i. */
  projected: Float64Array;
  /** d = Σ_i g'_i (for B-flow phases still the method's direction, not ∇B). */
  direction: Float64Array;
  /** K×K Gram matrix. */
  G: Float64Array;
  /** K×K method coefficients. */
  C: Float64Array;
  /** GradVac only: its running K×K targets φ̂_ij in this world (shown in the A heatmap). */
  targets?: Float64Array;
}

export interface Engine {
  readonly backend: Backend;
  readonly W: number;
  readonly K: number;
  readonly d: number;
  advance(steps: number): Promise<void>;
  summaries(): Promise<Summaries>;
  /** W·d, world-major. */
  thetas(): Promise<Float64Array>;
  inspect(world: number): Promise<WorldView>;
  /** Changes the method (and per-world α / A) without resetting θ or the step count. */
  setMethod(method: MethodSpec, alpha?: Float64Array, A?: Float64Array): void;
  setStepSize(eta: number): void;
  /** GPU device lost; the CPU engine never calls it. */
  onLost(cb: (reason: string) => void): void;
  /**
   * The latest known full state: current on the CPU; on the GPU the state as of the last
   * summaries()/thetas() read (null before any read), so a run can resume after a lost device.
   */
  lastState(): EngineState | null;
  dispose(): void;
  // Additive members (every engine of this project has them; callers may test for them).
  /** The path this engine advances on (for the UI and the CLI). */
  readonly path?: EnginePath;
  /**
   * CPU only: how the last large-d Gram ran (largeGram.ts: "WASM SIMD, 2 threads") and its time,
   * null before one ran (d below BLOCKED_MIN_D never takes it).
   */
  gramRun?(): { path: string; ms: number } | null;
  /** Largest number of steps one batch advances (advance(n) splits n into such batches). */
  readonly batchSteps?: number;
  /** Work issued so far. */
  counters?(): EngineCounters;
  /**
   * The rows recorded (cfg.recordEvery) since the last call. On the GPU the copy is issued at
   * the call; the caller may advance again before awaiting the promise. With `thetas`, θ of
   * every world comes too, in the same read-back on the GPU's multi-step path.
   */
  history?(o?: { thetas?: boolean }): Promise<SummaryHistory>;
  /**
   * The latest summaries known without waiting: on the GPU a double-buffered read-back is
   * started after a batch at most every ~250 ms and this returns the newest completed one (null
   * before the first); on the CPU the current summaries.
   */
  latestSummaries?(): Summaries | null;
}

/** Full resumable state of a run, so a caller can continue on another backend. */
export interface EngineState {
  step: number;
  /** W·d. */
  thetas: Float64Array;
  /** Per world: 0 = loss phase, 1 = B-flow phase (two-phase flow). */
  phase: Uint8Array;
  status: Uint8Array;
  switchStep: Int32Array;
}
