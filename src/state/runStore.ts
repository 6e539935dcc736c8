/**
 * Fast run state: what the engine produced most recently. Views that redraw every frame (the
 * scene) read it transiently — useRunStore.getState() inside useFrame, or useRunStore.subscribe
 * in an effect — so React does not re-render each frame. Panels that update a few times a second
 * (charts, heatmaps, status) may use the hook with a selector.
 */
import { create } from 'zustand';
import type { MethodSpec } from '../core/types';
import type { WorldView } from '../engine/types';
import type { SweptPaths } from './pathSweep';
import {
  CHART_FLOOR,
  createMetaSeries,
  createSeries,
  type MetaSeries,
  type RoundingFloors,
  type Series,
} from './series';

export type { WorldView };

export type RunStatus = 'idle' | 'running' | 'paused' | 'diverged';
export type Backend = 'cpu' | 'gpu';

export interface CompareState {
  view: WorldView | null;
  trajectory: Float64Array;
  methodLabel: string;
  /** 2-D problems: F and F − F* of the compared path at the read-backs with a view (B, I: NaN). */
  series: Series;
}

/** Latest scalar summary of world 0 (for the status bar). */
export interface LatestSummary {
  B: number;
  I: number;
  F: number;
  gap: number;
  conflicts: number;
  /** 0 ok, 1 B undefined (S = 0), 2 non-finite. */
  status: number;
  switchStep: number;
}

export interface RunState {
  status: RunStatus;
  backend: Backend;
  notice: string | null;
  /** Set when the run could not be built or failed; shown to the user. */
  error: string | null;
  step: number;
  /** Increments on every new snapshot. */
  version: number;
  problemId: string;
  K: number;
  d: number;
  view: WorldView | null;
  /**
   * The view's G is 2^(2·viewGramExp) times the gradients' Gram matrix (an imported set whose
   * Gram matrix in its own units would underflow or overflow); 0 for a live run.
   */
  viewGramExp: number;
  /** K×K cosine of the raw gradients. */
  cos: Float64Array | null;
  /** K×K interaction matrix in use (if any). */
  A: Float64Array | null;
  /** Group label per objective, when known. */
  groups: Int32Array | null;
  /** θ history of world 0 for d = 2 (x, y pairs, bounded). */
  trajectory: Float64Array;
  compare: CompareState | null;
  latest: LatestSummary | null;
  series: Series;
  metaSeries: MetaSeries;
  /** Milliseconds per animation frame, most recent last (bounded). */
  frameTimes: number[];
  /**
   * Scene caption for a view whose vectors are coordinates rather than the gradients themselves
   * (an imported set drawn in its principal subspace); null: the scene describes its own frame.
   */
  frameCaption: string | null;
  /** The method the view's g'_i were computed with (null before the first view). */
  viewMethod: MethodSpec | null;
  /** d = 2: both methods' paths from the start with the methods as they are now (pathSweep.ts). */
  paths: SweptPaths | null;
  /** Set while the frame budget lowers the steps per frame (stepBudget.ts). */
  budgetNotice: string | null;
  /** Rounding floors of B and F − F* for this run (series.ts roundingFloors). */
  floors: RoundingFloors;
}

export interface RunActions {
  set(patch: Partial<RunState>): void;
  /**
   * Clears everything that belongs to a run (keeps backend and notice); a run that was playing
   * keeps playing, anything else (idle, paused, diverged) becomes paused.
   */
  resetRun(problemId: string, K: number, d: number): void;
}

export const TRAJECTORY_CAPACITY = 4096;

/**
 * Appends (x, y) to a bounded trajectory of pairs; when it holds `capacity` points every other
 * point is dropped (the first is always kept), so the path keeps its whole extent.
 */
export function appendTrajectory(
  tr: Float64Array,
  x: number,
  y: number,
  capacity = TRAJECTORY_CAPACITY,
): Float64Array {
  let pts = tr.length / 2;
  let src = tr;
  if (pts >= capacity) {
    const m = Math.ceil(pts / 2);
    const dec = new Float64Array(2 * m);
    for (let k = 0; k < m; k++) {
      dec[2 * k] = tr[4 * k];
      dec[2 * k + 1] = tr[4 * k + 1];
    }
    src = dec;
    pts = m;
  }
  const out = new Float64Array(2 * pts + 2);
  out.set(src.subarray(0, 2 * pts));
  out[2 * pts] = x;
  out[2 * pts + 1] = y;
  return out;
}

function initial(problemId = '', K = 0, d = 0): Omit<RunState, 'backend' | 'notice'> {
  return {
    status: 'idle',
    error: null,
    step: 0,
    version: 0,
    problemId,
    K,
    d,
    view: null,
    viewGramExp: 0,
    cos: null,
    A: null,
    groups: null,
    trajectory: new Float64Array(0),
    compare: null,
    latest: null,
    series: createSeries(K),
    metaSeries: createMetaSeries(),
    frameTimes: [],
    frameCaption: null,
    viewMethod: null,
    paths: null,
    budgetNotice: null,
    floors: { B: CHART_FLOOR, gap: CHART_FLOOR },
  };
}

export const useRunStore = create<RunState & RunActions>()((set, get) => ({
  ...initial(),
  backend: 'cpu',
  notice: null,
  set: (patch) => set(patch),
  resetRun: (problemId, K, d) =>
    set({
      ...initial(problemId, K, d),
      version: get().version + 1,
      status: get().status === 'running' ? 'running' : 'paused',
    }),
}));
