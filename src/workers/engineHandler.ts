/**
 * The CPU engine's side of the worker protocol as a plain function (the worker entry only wires
 * it to `self`, so Node tests drive it directly): `init` builds the float64 CPU engine from the
 * problem's recipe, every later call runs on it, and each reply lists its typed arrays for
 * transfer.
 */
import { type CpuEngine, createCpuEngine } from '../engine/cpuEngine';
import type { EngineCall, EngineReply } from './engineProtocol';
import { problemFromRecipe } from './problemRecipe';
import { toWire, transferables } from './wire';

export type Post = (reply: EngineReply, transfer: ArrayBuffer[]) => void;

export function createEngineHandler(post: Post): (call: EngineCall) => Promise<void> {
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
          const { problem, state, ...rest } = call.init;
          engine = createCpuEngine({ ...rest, problem: problemFromRecipe(problem) }, state);
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
        ? { id: call.id, ok: true, value, state: need().lastState() }
        : { id: call.id, ok: true, value };
      post(reply, transferables(reply));
    } catch (e) {
      post({ id: call.id, ok: false, error: toWire(e) }, []);
    }
  };
}
