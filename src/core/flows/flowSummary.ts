/**
 * What a flow run (run.ts) reports: why it stopped, its bounded record of (step, B, I, F, L_i),
 * the final point and the steps it took to reach the tolerances.
 */
import type { FlowKind } from './run';

export type FlowStop =
  | 'steps'
  | 'b-undefined'
  | 'non-finite'
  | 'stalled'
  | 'method-error'
  | 'interrupted';

export interface FlowRecord {
  /** Step index t of each recorded point. */
  readonly step: Int32Array;
  readonly B: Float64Array;
  readonly I: Float64Array;
  /** F = Σ_i L_i. */
  readonly F: Float64Array;
  /** L_i, row-major n×K. */
  readonly losses: Float64Array;
  readonly stride: number;
}

export interface FlowSummary {
  readonly kind: FlowKind;
  /** Steps taken. */
  readonly steps: number;
  readonly stop: FlowStop;
  readonly message: string | null;
  readonly bUndefined: boolean;
  readonly nonFinite: boolean;
  readonly record: FlowRecord;
  readonly finalTheta: Float64Array;
  readonly finalB: number | null;
  readonly finalI: number | null;
  readonly finalF: number | null;
  readonly Fstar: number | null;
  /** F(θ_final) − F* where both are known. */
  readonly gapF: number | null;
  /** ‖θ_final − θ*‖ where θ* is known. */
  readonly distToThetaStar: number | null;
  readonly tolB: number;
  readonly tolF: number;
  readonly stepsToTolB: number | null;
  readonly stepsToTolF: number | null;
  /** Two-phase: the step at which the B-flow took over (null otherwise or if it never did). */
  readonly switchStep: number | null;
}
