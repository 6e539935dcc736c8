/**
 * One world advanced through the engine (either backend), tracking what the float precision
 * floor needs: the lowest B reached and where, the final B and F − F*, and the world's status.
 * Summaries are read every `chunk` steps, so the lowest B is the lowest among those reads.
 */
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createEngine } from '../engine/index';
import { type Backend, type FlowKind, WorldStatus } from '../engine/types';

export interface EngineFlowOptions {
  flow: FlowKind;
  method: MethodSpec;
  eta: number;
  steps: number;
  start: Float64Array;
  epsSwitch?: number;
  chunk?: number;
  /** Awaited after each chunk with the steps taken (a progress bar; it may throw to stop). */
  onChunk?: (step: number) => void | Promise<void>;
}

export interface EngineFlowResult {
  backend: Backend;
  steps: number;
  finalB: number | null;
  minB: number | null;
  minBStep: number | null;
  finalF: number;
  gapF: number | null;
  status: 'ok' | 'B undefined' | 'diverged';
  switchStep: number | null;
}

const STATUS = ['ok', 'B undefined', 'diverged'] as const;

export async function runEngineFlow(
  backend: Backend,
  problem: Problem,
  o: EngineFlowOptions,
): Promise<EngineFlowResult> {
  const engine = await createEngine(backend, {
    problem,
    method: o.method,
    flow: o.flow,
    eta: o.eta,
    starts: o.start,
    ...(o.epsSwitch !== undefined ? { epsSwitch: o.epsSwitch } : {}),
  });
  try {
    const chunk = Math.max(1, Math.min(o.chunk ?? 50, o.steps));
    let minB: number | null = null;
    let minBStep: number | null = null;
    let s = await engine.summaries();
    const track = () => {
      const b = s.B[0];
      if (s.status[0] === WorldStatus.ok && (minB === null || b < minB)) {
        minB = b;
        minBStep = s.step;
      }
    };
    track();
    while (s.step < o.steps && s.status[0] !== WorldStatus.diverged) {
      await engine.advance(Math.min(chunk, o.steps - s.step));
      s = await engine.summaries();
      track();
      await o.onChunk?.(s.step);
    }
    const ok = s.status[0] === WorldStatus.ok;
    return {
      backend,
      steps: s.step,
      finalB: ok ? s.B[0] : null,
      minB,
      minBStep,
      finalF: s.F[0],
      gapF: problem.Fstar === null ? null : s.F[0] - problem.Fstar,
      status: STATUS[s.status[0]] ?? 'diverged',
      switchStep: s.switchStep[0] >= 0 ? s.switchStep[0] : null,
    };
  } finally {
    engine.dispose();
  }
}
