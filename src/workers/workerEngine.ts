/**
 * The CPU engine in a Web Worker, behind the Engine interface (src/engine/types.ts), so a
 * browser page runs the float64 core off the main thread and the runner sees no difference.
 *
 * The configuration is checked here, synchronously, exactly as the in-process engine checks it
 * (so bad input fails at the call, naming the field); the worker then builds the same CPU engine
 * from the problem's recipe. setMethod and setStepSize are checked here and posted without a
 * reply: the worker handles messages in order, so the next advance uses them. Replies transfer
 * their typed arrays; the reply to advance carries the full state, which lastState() returns
 * (the state after the last completed advance). dispose() terminates the worker and rejects the
 * calls still waiting with an AbortError.
 */

import type { MethodSpec } from '../core/types';
import { checkConfig, checkEta, checkMethod } from '../engine/config';
import type { GramRun } from '../engine/largeGram';
import type { Engine, EngineState, Summaries, WorldsConfig, WorldView } from '../engine/types';
import type { EngineCall, EngineReply, EngineRequest } from './engineProtocol';
import { problemRecipe } from './problemRecipe';
import { fromWire } from './wire';
import { type SpawnWorker, type WorkerLike, workerErrorText } from './workerLike';

/** The browser's engine worker (Vite bundles engine.worker.ts as its own module). */
export const spawnEngineWorker: SpawnWorker = () =>
  new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'concord-cpu-engine',
  }) as unknown as WorkerLike;

/** True when `cfg.problem` can be rebuilt inside a worker (every catalogue problem). */
export function workerCanRun(cfg: WorldsConfig): boolean {
  return problemRecipe(cfg.problem) !== null;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/**
 * A CPU engine in a worker; `ready` settles when the worker has built it (rejecting with its
 * error). Calls made before then wait in the worker's queue.
 */
export function createWorkerEngine(
  cfg: WorldsConfig,
  state?: EngineState,
  spawn: SpawnWorker = spawnEngineWorker,
  opts?: { gramThreads?: number },
): { engine: Engine; ready: Promise<void> } {
  const { W, K, d } = checkConfig(cfg);
  const recipe = problemRecipe(cfg.problem);
  if (!recipe) throw new Error(`problem "${cfg.problem.id}" cannot be rebuilt in a worker`);
  if (state && state.thetas.length !== W * d) {
    throw new Error(`state.thetas has length ${state.thetas.length}, expected ${W * d}`);
  }
  let last: EngineState = state
    ? copyState(state)
    : {
        step: 0,
        thetas: Float64Array.from(cfg.starts),
        phase: new Uint8Array(W),
        status: new Uint8Array(W),
        switchStep: new Int32Array(W).fill(-1),
      };
  const worker = spawn();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed: Error | null = null;
  let gram: GramRun | null = null;

  const failAll = (e: Error) => {
    closed ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.onmessage = (ev: MessageEvent<EngineReply>) => {
    const r = ev.data;
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) {
      if (r.state) last = r.state;
      if (r.gram !== undefined) gram = r.gram;
      p.resolve(r.value);
    } else p.reject(fromWire(r.error));
  };
  worker.onerror = (e) => {
    e.preventDefault?.();
    failAll(new Error(workerErrorText(e)));
  };

  const call = <T>(req: EngineRequest): Promise<T> => {
    if (closed) return Promise.reject(closed);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...req, id } satisfies EngineCall, []);
    });
  };
  const send = (req: EngineRequest) => {
    if (!closed) worker.postMessage({ ...req, id: 0 } satisfies EngineCall, []);
  };

  const ready = call<void>({
    op: 'init',
    init: {
      problem: recipe,
      method: cfg.method,
      flow: cfg.flow,
      eta: cfg.eta,
      starts: cfg.starts,
      ...(cfg.alpha ? { alpha: cfg.alpha } : {}),
      ...(cfg.A ? { A: cfg.A } : {}),
      ...(cfg.epsSwitch !== undefined ? { epsSwitch: cfg.epsSwitch } : {}),
      ...(state ? { state } : {}),
      ...(opts?.gramThreads !== undefined ? { gramThreads: opts.gramThreads } : {}),
    },
  });
  ready.catch(() => {});

  const engine: Engine = {
    backend: 'cpu',
    W,
    K,
    d,
    advance(steps: number): Promise<void> {
      return call<void>({ op: 'advance', steps });
    },
    summaries(): Promise<Summaries> {
      return call<Summaries>({ op: 'summaries' });
    },
    thetas(): Promise<Float64Array> {
      return call<Float64Array>({ op: 'thetas' });
    },
    inspect(world: number): Promise<WorldView> {
      return call<WorldView>({ op: 'inspect', world });
    },
    setMethod(method: MethodSpec, alpha?: Float64Array, A?: Float64Array): void {
      checkMethod(method, alpha, A, W, K);
      send({ op: 'setMethod', method, ...(alpha ? { alpha } : {}), ...(A ? { A } : {}) });
    },
    setStepSize(eta: number): void {
      checkEta(eta);
      send({ op: 'setStepSize', eta });
    },
    onLost(): void {},
    lastState(): EngineState {
      return copyState(last);
    },
    gramRun(): GramRun | null {
      return gram ? { ...gram } : null;
    },
    dispose(): void {
      if (closed) return;
      worker.terminate();
      failAll(new DOMException('engine disposed', 'AbortError'));
    },
  };
  return { engine, ready };
}

function copyState(s: EngineState): EngineState {
  return {
    step: s.step,
    thetas: Float64Array.from(s.thetas),
    phase: Uint8Array.from(s.phase),
    status: Uint8Array.from(s.status),
    switchStep: Int32Array.from(s.switchStep),
  };
}
