/**
 * The live run's engines: the running method's and (when a comparison runs) the compared one's,
 * built from the configuration on a backend, and moved to the CPU without a reset — `exact`
 * (device healthy: θ and step read from the live engines now) or from each engine's last
 * consistent read-back state (device lost; see fallbackToCpu in src/engine).
 */
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createEngine, fallbackToCpu } from '../engine';
import type { Backend, Engine, EngineState } from '../engine/types';
import { getSharedDevice } from '../ui/gpu';
import type { Config } from './configSchema';
import { compareSpec, methodSpec } from './runConfig';

export interface LiveEngines {
  engine: Engine;
  compare: Engine | null;
}

/** Both engines for `c` on `backend`, each from `start`. */
export async function createLiveEngines(
  c: Config,
  problem: Problem,
  backend: Backend,
  start: Float64Array,
): Promise<LiveEngines> {
  const base = { problem, flow: c.flow, eta: c.eta, epsSwitch: c.epsSwitch };
  const device = backend === 'gpu' ? (getSharedDevice() ?? undefined) : undefined;
  const make = (method: MethodSpec) =>
    createEngine(backend, { ...base, method, starts: Float64Array.from(start) }, { device });
  const engine = await make(methodSpec(c, problem.K));
  const compare = c.compare !== 'none' ? await make(compareSpec(c, problem.K)) : null;
  return { engine, compare };
}

export interface CpuMove extends LiveEngines {
  /** True when the main engine resumed a known state (θ, step count, phases). */
  resumed: boolean;
}

/**
 * CPU engines that continue `live`: `exact` reads θ from the live engines now; otherwise each
 * resumes its engine's last read-back state, or starts from `last` / `lastCompare` (the θ on
 * screen) when it has none. `spec` is the running method as it is now (e.g. with a learned A).
 */
export async function moveLiveToCpu(
  live: LiveEngines,
  c: Config,
  problem: Problem,
  spec: MethodSpec,
  exact: boolean,
  last: Float64Array,
  lastCompare: Float64Array,
): Promise<CpuMove> {
  const d = problem.d;
  if (exact) {
    await live.engine.summaries();
    last = Float64Array.from((await live.engine.thetas()).subarray(0, d));
    if (live.compare) lastCompare = Float64Array.from((await live.compare.thetas()).subarray(0, d));
  }
  const base = { problem, flow: c.flow, eta: c.eta, epsSwitch: c.epsSwitch };
  const move = (e: Engine, method: MethodSpec, th: Float64Array) =>
    fallbackToCpu(e, { ...base, method, starts: th }, exact ? th : undefined);
  const resumed = live.engine.lastState() !== null;
  const engine = move(live.engine, methodSpec(c, problem.K), last);
  engine.setMethod(spec);
  let compare: Engine | null = null;
  if (live.compare) {
    if (c.compare !== 'none') compare = move(live.compare, compareSpec(c, problem.K), lastCompare);
    else live.compare.dispose();
  }
  return { engine, compare, resumed };
}

/** The live engines' full states at one step (the step on screen). */
export interface ShownState {
  main: EngineState;
  compare: EngineState | null;
}

/**
 * The states of `live` as last read, when both are at engine step `step` (else null: a state
 * not read at that step cannot stand for it).
 */
export function shownState(live: LiveEngines, step: number): ShownState | null {
  const main = live.engine.lastState();
  const compare = live.compare?.lastState() ?? null;
  if (main?.step !== step || (live.compare && compare?.step !== step)) return null;
  return { main, compare };
}

/**
 * Engines on `backend` that continue from `shown` exactly (θ, step count, phases, statuses),
 * with the methods and η as configured now (`spec`: the running method, e.g. with a learned A);
 * `live` is disposed. Per-step method state (GradVac's targets, Nash-MTL's warm start) starts
 * afresh, as after any change of engine.
 */
export async function restoreLiveEngines(
  live: LiveEngines,
  c: Config,
  problem: Problem,
  spec: MethodSpec,
  backend: Backend,
  shown: ShownState,
): Promise<LiveEngines> {
  live.engine.dispose();
  live.compare?.dispose();
  const base = { problem, flow: c.flow, eta: c.eta, epsSwitch: c.epsSwitch };
  const device = backend === 'gpu' ? (getSharedDevice() ?? undefined) : undefined;
  const make = (method: MethodSpec, state: EngineState) =>
    createEngine(
      backend,
      { ...base, method, starts: Float64Array.from(state.thetas) },
      { device, state },
    );
  const engine = await make(spec, shown.main);
  const compare =
    shown.compare && c.compare !== 'none'
      ? await make(compareSpec(c, problem.K), shown.compare)
      : null;
  return { engine, compare };
}
