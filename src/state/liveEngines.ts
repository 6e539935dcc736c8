/**
 * The live run's engines: the running method's and (when a comparison runs) the compared one's,
 * built from the configuration on a backend, and moved to the CPU without a reset — `exact`
 * (device healthy: θ and step read from the live engines now) or from each engine's last
 * consistent read-back state (device lost; see fallbackToCpu in src/engine).
 */
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createEngine, fallbackToCpu } from '../engine';
import type { Backend, Engine } from '../engine/types';
import { getSharedDevice } from '../ui/gpu';
import type { Config } from './configSchema';
import { methodSpec } from './runConfig';

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
  const make = (id: Config['method']) =>
    createEngine(
      backend,
      { ...base, method: methodSpec(c, problem.K, id), starts: Float64Array.from(start) },
      { device },
    );
  const engine = await make(c.method);
  const compare = c.compare !== 'none' ? await make(c.compare) : null;
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
  const move = (e: Engine, id: Config['method'], th: Float64Array) =>
    fallbackToCpu(
      e,
      { ...base, method: methodSpec(c, problem.K, id), starts: th },
      exact ? th : undefined,
    );
  const resumed = live.engine.lastState() !== null;
  const engine = move(live.engine, c.method, last);
  engine.setMethod(spec);
  let compare: Engine | null = null;
  if (live.compare) {
    if (c.compare !== 'none') compare = move(live.compare, c.compare, lastCompare);
    else live.compare.dispose();
  }
  return { engine, compare, resumed };
}
