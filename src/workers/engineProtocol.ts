/**
 * Messages between a WorkerEngine (calling thread) and the CPU engine in its worker. Each call
 * carries an id and gets one reply with the same id; setMethod and setStepSize get none (they
 * are applied in order, so the next advance uses them). A reply to `advance` carries the
 * engine's full state, so lastState() stays synchronous on the calling side, and how its last
 * large-d Gram ran (gramRun()).
 */

import type { MethodSpec } from '../core/types';
import type { GramRun } from '../engine/largeGram';
import type { EngineState, FlowKind } from '../engine/types';
import type { ProblemRecipe } from './problemRecipe';
import type { WireError } from './wire';

export interface EngineInit {
  problem: ProblemRecipe;
  method: MethodSpec;
  alpha?: Float64Array;
  A?: Float64Array;
  flow: FlowKind;
  eta: number;
  epsSwitch?: number;
  starts: Float64Array;
  state?: EngineState;
  /** Most threads for the large-d Gram (default: every core where allowed; 1: this worker alone). */
  gramThreads?: number;
}

export type EngineRequest =
  | { op: 'init'; init: EngineInit }
  | { op: 'advance'; steps: number }
  | { op: 'summaries' }
  | { op: 'thetas' }
  | { op: 'inspect'; world: number }
  | { op: 'setMethod'; method: MethodSpec; alpha?: Float64Array; A?: Float64Array }
  | { op: 'setStepSize'; eta: number };

export type EngineCall = EngineRequest & { id: number };

export type EngineReply =
  | { id: number; ok: true; value: unknown; state?: EngineState; gram?: GramRun | null }
  | { id: number; ok: false; error: WireError };
