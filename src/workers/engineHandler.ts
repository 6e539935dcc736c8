/**
 * The CPU engine's side of the worker protocol as a plain function (the worker entry only wires
 * it to `self`, so Node tests drive it directly): `init` builds the float64 CPU engine from the
 * problem's recipe, every later call runs on it, and each reply lists its typed arrays for
 * transfer.
 */

import { BLOCKED_MIN_D } from '../engine/blockedGram';
import { type CpuEngine, createCpuEngine } from '../engine/cpuEngine';
import { lastGramRun, prepareLargeGram } from '../engine/largeGram';
import type { EngineCall, EngineReply } from './engineProtocol';
import { problemFromRecipe } from './problemRecipe';
import { toWire, transferables } from './wire';

export type Post = (reply: EngineReply, transfer: ArrayBuffer[]) => void;

/**
 * `configureGramThreads` (the browser's engine worker: gramThreads.ts) is told the init's gramThreads
 * before the engine is built; without it the large-d Gram runs on this thread. For d ≥
 * BLOCKED_MIN_D, init answers once the Gram's threads have started (prepareLargeGram).
 */
export function createEngineHandler(
  post: Post,
  configureGramThreads?: (most?: number) => void,
): (call: EngineCall) => Promise<void> {
  let engine: CpuEngine | null = null;
  const need = (): CpuEngine => {
    if (!engine) throw new Error('engine worker: init must come first');
    return engine;
  };
  return async (call) => {
    try {
      let value: unknown;
      let withState = false;
      switch (call.op) {
        case 'init': {
          const { problem, state, gramThreads, ...rest } = call.init;
          configureGramThreads?.(gramThreads);
          engine = createCpuEngine({ ...rest, problem: problemFromRecipe(problem) }, state);
          if (engine.d >= BLOCKED_MIN_D) await prepareLargeGram(engine.K, engine.d);
          value = null;
          break;
        }
        case 'advance':
          await need().advance(call.steps);
          value = null;
          withState = true;
          break;
        case 'summaries':
          value = await need().summaries();
          break;
        case 'thetas':
          value = await need().thetas();
          break;
        case 'inspect':
          value = await need().inspect(call.world);
          break;
        case 'setMethod':
          need().setMethod(call.method, call.alpha, call.A);
          return;
        case 'setStepSize':
          need().setStepSize(call.eta);
          return;
      }
      const reply: EngineReply = withState
        ? { id: call.id, ok: true, value, state: need().lastState(), gram: lastGramRun() }
        : { id: call.id, ok: true, value };
      post(reply, transferables(reply));
    } catch (e) {
      post({ id: call.id, ok: false, error: toWire(e) }, []);
    }
  };
}
