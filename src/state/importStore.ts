/**
 * The "Imported gradients" mode's state: the loaded set (its Gram matrix G, ‖Σ g_i‖², the
 * drawable coordinates), the loading progress, the last import error, and whether a link asked
 * for an imported view whose data it cannot carry. The analysis of the configured method is
 * recomputed from G whenever the configuration changes (importActions.ts publishes it to the
 * run store).
 */
import { create } from 'zustand';
import type { GradientFormat } from '../core/io/importGradients';
import type { RowScaledGram } from '../core/metrics/rowScaled';
import type { MethodSpec } from '../core/types';
import type { GramSummary, MethodRow } from '../lab/importAnalysis';
import type { RunState } from './runStore';

export type ImportStage = 'reading' | 'parsing' | 'gram' | 'analysis';

export interface ImportProgress {
  fileName: string;
  stage: ImportStage;
  /** Share of the stage done, in [0, 1]. */
  fraction: number;
}

/** Where the Gram matrix was computed: the float64 core, the GPU in chunks, the CPU in chunks. */
export type GramBackend = 'core' | 'gpu' | 'cpu';

export interface ImportedSet {
  fileName: string;
  format: GradientFormat;
  K: number;
  d: number;
  names: string[];
  warnings: string[];
  precision: 'float64' | 'float32';
  /** Element type stored in the file (binary formats): f64, f32, f16, bf16 or mixed. */
  stored?: string;
  /** The gradients, kept only while small enough to export as JSON (else null: released). */
  data: Float64Array | Float32Array | null;
  /** K×K Gram matrix (float64) on the common scale 2^(2·gramExp) (gpu/gramChunked.ts). */
  G: Float64Array;
  /** ‖Σ_i g_i‖² on the same scale. */
  sumSq: number;
  /** The common scale's exponent E: G and sumSq are 2^(2E) times the unscaled values. */
  gramExp?: number;
  /** The Gram matrix of the gradients rescaled per row (exact cosines and conflicts). */
  rowGram?: RowScaledGram;
  gramBackend: GramBackend;
  /** Bytes of the gradient data while loading (K·d·4 or ·8). */
  dataBytes: number;
  /** Bytes of the chunk buffers (GPU) or chunk scratch (CPU) used by the Gram pass. */
  scratchBytes: number;
  /** Milliseconds: reading and parsing the file; the Gram pass; the analysis. */
  loadMs: number;
  gramMs: number;
  analysisMs: number;
  /** Coordinates drawn by the scene: K×n (n = d for d ≤ 3, else min(K, d) principal axes). */
  coords: Float64Array;
  n: number;
  /** Share of the spread in the top 3 principal directions. */
  share3: number;
  /** Spectral groups of the cosine matrix (null for K < 3 or degenerate). */
  groups: Int32Array | null;
  /** Method named by a project-format file. */
  spec?: MethodSpec;
}

export interface ImportAnalysis {
  summary: GramSummary;
  table: MethodRow[];
  /** Error of the configured method on this set (e.g. a parameter out of range), if any. */
  methodError: string | null;
  /** Coefficients of the configured method (those of `sum` when it cannot run). */
  C: Float64Array;
}

export interface ImportState {
  progress: ImportProgress | null;
  set: ImportedSet | null;
  analysis: ImportAnalysis | null;
  /** The last failed import's message (the InputError's text). */
  error: string | null;
  /** A link asked for an imported view that it cannot carry (shown until dismissed). */
  missingData: boolean;
  /** A message about the last successful restore of a run file. */
  info: string | null;
  /** The run store's run fields when the imported mode began (restored by "Back"). */
  saved: Omit<RunState, 'set' | 'resetRun' | 'backend' | 'notice'> | null;
  set_(patch: Partial<ImportState>): void;
}

export const useImportStore = create<ImportState>()((set) => ({
  progress: null,
  set: null,
  analysis: null,
  error: null,
  missingData: false,
  info: null,
  saved: null,
  set_: (patch) => set(patch),
}));
