/**
 * The CPU engine: W worlds advanced one by one with the float64 core (worldStep.ts). Summaries
 * and inspection are computed at the current θ of each world.
 */
import { InputError } from '../core/errors';
import { project } from '../core/methods/index';
import { countConflicts } from '../core/metrics/conflict';
import type { MethodSpec, MethodState } from '../core/types';
import { createMethodState, DEFAULT_TAU } from '../core/types';
import { checkConfig, checkEta, checkMethod, worldSpec } from './config';
import { type GramRun, lastGramRun } from './largeGram';
import type {
  Engine,
  EngineCounters,
  EngineState,
  Summaries,
  SummaryHistory,
  WorldsConfig,
  WorldView,
} from './types';
import { emptySummaries, WorldStatus } from './types';
import { measure, stepWorld, type WorldState } from './worldStep';

export interface CpuEngine extends Engine {
  /** Current state (θ, phase, status, switch step, step count), copied. */
  lastState(): EngineState;
  readonly path: 'cpu';
  readonly batchSteps: number;
  counters(): EngineCounters;
  history(o?: { thetas?: boolean }): Promise<SummaryHistory>;
  latestSummaries(): Summaries;
}

/** Steps of one CPU batch: the CPU gains nothing from batching, so callers step at their own pace. */
const CPU_BATCH = 1;

/** Creates a CPU engine; `state` resumes a run (e.g. after a lost GPU device). */
export function createCpuEngine(cfg: WorldsConfig, state?: EngineState): CpuEngine {
  const { W, K, d, epsSwitch } = checkConfig(cfg);
  const problem = cfg.problem;
  let method = cfg.method;
  let alpha = cfg.alpha;
  let A = cfg.A;
  let eta = cfg.eta;
  let step = 0;
  const worlds: WorldState[] = [];
  for (let w = 0; w < W; w++) {
    worlds.push({
      theta: cfg.starts.slice(w * d, (w + 1) * d),
      phase: 0,
      status: WorldStatus.ok,
      switchStep: -1,
      methodState: createMethodState(w),
    });
  }
  if (state) {
    if (state.thetas.length !== W * d) {
      throw new InputError('state.thetas', `has length ${state.thetas.length}, expected ${W * d}`);
    }
    step = state.step;
    for (let w = 0; w < W; w++) {
      const ws = worlds[w];
      ws.theta.set(state.thetas.subarray(w * d, (w + 1) * d));
      ws.phase = state.phase[w];
      ws.status = state.status[w] === WorldStatus.diverged ? WorldStatus.diverged : WorldStatus.ok;
      ws.switchStep = state.switchStep[w];
    }
  }

  const recordEvery = cfg.recordEvery ?? 0;
  if (!(Number.isInteger(recordEvery) && recordEvery >= 0)) {
    throw new InputError('recordEvery', `must be an integer ≥ 0, got ${recordEvery}`);
  }
  const counters: EngineCounters = {
    dispatches: 0,
    submits: 0,
    readbacks: 0,
    batches: 0,
    worldSteps: 0,
  };
  let rows: Summaries[] = [];
  let recTheta: Float64Array | null = null;

  /** Summaries of every world at its current θ (MATH.md §1 conflicts with the method's τ). */
  const summarize = (): Summaries => {
    const tau = method.tau ?? DEFAULT_TAU;
    const out = emptySummaries(step, W, K);
    for (let w = 0; w < W; w++) {
      const ws = worlds[w];
      const m = measure(problem, ws.theta);
      const L = problem.losses(ws.theta);
      let F = 0;
      for (let i = 0; i < K; i++) F += L[i];
      out.losses.set(L, w * K);
      const diverged = ws.status === WorldStatus.diverged || !m.finite || !Number.isFinite(F);
      out.status[w] = diverged
        ? WorldStatus.diverged
        : m.S > 0
          ? WorldStatus.ok
          : WorldStatus.undefinedB;
      out.B[w] = out.status[w] === WorldStatus.ok ? m.B : Number.NaN;
      out.I[w] = out.status[w] === WorldStatus.ok ? m.I : Number.NaN;
      out.F[w] = diverged ? Number.NaN : F;
      out.conflicts[w] = m.finite ? countConflicts(m.G, K, tau) : 0;
      out.switchStep[w] = ws.switchStep;
    }
    return out;
  };

  const l2 = cfg.movedNorm === 'l2';
  /**
   * A recorded row: summaries plus the move since the previous row, Δ_k = θ_k − θ_k there:
   * moved = max_k |Δ_k|, or √(Σ_k Δ_k²) with movedNorm 'l2'.
   */
  const record = (): void => {
    const out = summarize();
    const moved = new Float64Array(W);
    for (let w = 0; w < W; w++) {
      const th = worlds[w].theta;
      let m = 0;
      if (recTheta) {
        for (let k = 0; k < d; k++) {
          const e = th[k] - recTheta[w * d + k];
          m = l2 ? m + e * e : Math.max(m, Math.abs(e));
        }
      }
      moved[w] = l2 ? Math.sqrt(m) : m;
    }
    out.moved = moved;
    recTheta ??= new Float64Array(W * d);
    for (let w = 0; w < W; w++) recTheta.set(worlds[w].theta, w * d);
    rows.push(out);
  };
  if (recordEvery > 0 && step % recordEvery === 0) record();

  const checkWorld = (world: number): void => {
    if (!(Number.isInteger(world) && world >= 0 && world < W)) {
      throw new InputError('world', `must be an integer in [0, ${W}), got ${world}`);
    }
  };

  const engine: CpuEngine = {
    backend: 'cpu',
    W,
    K,
    d,
    path: 'cpu',
    batchSteps: CPU_BATCH,
    counters(): EngineCounters {
      return { ...counters };
    },
    async history(o?: { thetas?: boolean }): Promise<SummaryHistory> {
      if (recordEvery === 0) {
        throw new InputError('recordEvery', 'no rows are recorded: create with recordEvery ≥ 1');
      }
      const out = rows;
      rows = [];
      return { rows: out, dropped: 0, ...(o?.thetas ? { thetas: await engine.thetas() } : {}) };
    },
    latestSummaries(): Summaries {
      return summarize();
    },
    async advance(steps: number): Promise<void> {
      if (!(Number.isInteger(steps) && steps >= 0)) {
        throw new InputError('steps', `must be an integer ≥ 0, got ${steps}`);
      }
      for (let n = 0; n < steps; n++) {
        for (let w = 0; w < W; w++) {
          const spec = worldSpec(method, alpha, A, K, w);
          stepWorld(problem, worlds[w], spec, cfg.flow, eta, epsSwitch, step);
        }
        step++;
        if (recordEvery > 0 && step % recordEvery === 0) record();
      }
      if (steps > 0) {
        counters.batches++;
        counters.worldSteps += steps * W;
      }
    },
    async summaries(): Promise<Summaries> {
      return summarize();
    },
    async thetas(): Promise<Float64Array> {
      const out = new Float64Array(W * d);
      for (let w = 0; w < W; w++) out.set(worlds[w].theta, w * d);
      return out;
    },
    async inspect(world: number): Promise<WorldView> {
      checkWorld(world);
      const theta = worlds[world].theta.slice();
      return inspectWorld(cfg, method, alpha, A, world, theta, worlds[world].methodState, step);
    },
    setMethod(m: MethodSpec, a?: Float64Array, newA?: Float64Array): void {
      checkMethod(m, a, newA, W, K);
      // A new method starts its per-world state afresh (GradVac targets, Nash-MTL warm start).
      if (m.id !== method.id)
        for (let w = 0; w < W; w++) worlds[w].methodState = createMethodState(w);
      method = m;
      alpha = a;
      A = newA;
    },
    setStepSize(e: number): void {
      checkEta(e);
      eta = e;
    },
    onLost(): void {},
    dispose(): void {
      worlds.length = 0;
    },
    gramRun(): GramRun | null {
      return lastGramRun();
    },
    lastState(): EngineState {
      const thetas = new Float64Array(W * d);
      const phase = new Uint8Array(W);
      const status = new Uint8Array(W);
      const switchStep = new Int32Array(W);
      for (let w = 0; w < W; w++) {
        thetas.set(worlds[w].theta, w * d);
        phase[w] = worlds[w].phase;
        status[w] = worlds[w].status;
        switchStep[w] = worlds[w].switchStep;
      }
      return { step, thetas, phase, status, switchStep };
    },
  };
  return engine;
}

/** One world in full at θ with the float64 core (used by both engines). */
export function inspectWorld(
  cfg: WorldsConfig,
  method: MethodSpec,
  alpha: Float64Array | undefined,
  A: Float64Array | undefined,
  world: number,
  theta: Float64Array,
  state?: MethodState,
  step = 0,
): WorldView {
  const { K, d } = cfg.problem;
  const m = measure(cfg.problem, theta);
  if (!m.finite) {
    throw new InputError('world', `world ${world} has non-finite gradients at its θ`);
  }
  // The projection the world's next step (number `step`) applies, on a copy of the world's
  // state: inspecting shows the step the world would take and changes nothing.
  const spec = { ...worldSpec(method, alpha, A, K, world), step };
  const peek = state ? copyMethodState(state) : undefined;
  const p = project({ K, d, g: m.g }, spec, peek);
  const targets = state?.gradvacTargets;
  return {
    ...(spec.id === 'gradvac' && targets ? { targets: Float64Array.from(targets) } : {}),
    theta,
    gradients: m.g,
    projected: new Float64Array(p.projected),
    direction: new Float64Array(p.direction),
    G: m.G,
    C: new Float64Array(p.C),
  };
}

function copyMethodState(s: MethodState): MethodState {
  return {
    step: s.step,
    stream: s.stream,
    gradvacTargets: s.gradvacTargets ? Float64Array.from(s.gradvacTargets) : null,
    nashAlpha: s.nashAlpha ? Float64Array.from(s.nashAlpha) : null,
  };
}
