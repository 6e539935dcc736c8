/**
 * The GPU engine: the Engine interface over GpuWorlds (float32 kernels). Summaries are read back
 * as one small per-world block; inspect() reads one world's θ and computes its full view with
 * the float64 core. A lost device is reported through onLost; every later call rejects, and the
 * caller continues with fallbackToCpu (src/engine/index.ts) from lastState(), the state as of the
 * last thetas() read (also refreshed by summaries() when W·d ≤ 2^16).
 */
import { InputError } from '../core/errors';
import type { MethodSpec } from '../core/types';
import { checkConfig, checkEta, checkMethod } from '../engine/config';
import { inspectWorld } from '../engine/cpuEngine';
import type {
  Engine,
  EngineCounters,
  EnginePath,
  EngineState,
  Summaries,
  SummaryHistory,
  WorldsConfig,
  WorldView,
} from '../engine/types';
import { emptySummaries, WorldStatus } from '../engine/types';
import { createGpuContext, type GpuContext } from './device';
import { methodUpload } from './methodUpload';
import { type FlowCode, GpuWorlds } from './worlds';

export interface GpuEngine extends Engine {
  readonly adapterInfo: string;
  /** Bytes one step must move at minimum (θ read and written, problem constants read). */
  readonly minBytesPerStep: number;
  /** Waits until the submitted work is done (for timing). */
  finish(): Promise<void>;
  readonly path: EnginePath;
  readonly batchSteps: number;
  counters(): EngineCounters;
  history(o?: { thetas?: boolean }): Promise<SummaryHistory>;
  latestSummaries(): Summaries | null;
  /** Tests: overwrites the summary rows and the ring (outputs poisoned before a run). */
  poisonOutputs(value: number): void;
}

/** Least interval between two automatic read-backs of latestSummaries(). */
const AUTO_READ_MS = 250;

/** Runs with W·d up to this many values refresh lastState() on every summaries() call. */
const SNAPSHOT_MAX = 1 << 16;

const FLOW: Record<WorldsConfig['flow'], FlowCode> = { loss: 0, bflow: 1, 'two-phase': 2 };

/** Creates a GPU engine on `opts.device` (or a new device); `state` resumes a run. */
export async function createGpuEngine(
  cfg: WorldsConfig,
  opts?: { device?: GPUDevice; state?: EngineState; context?: GpuContext },
): Promise<GpuEngine> {
  const { W, K, d, epsSwitch } = checkConfig(cfg);
  let method = cfg.method;
  let alpha = cfg.alpha;
  let A = cfg.A;
  const upload = methodUpload(method, K, alpha, A);
  const ownDevice = !opts?.device && !opts?.context;
  const ctx = opts?.context ?? (await createGpuContext(opts?.device));
  let state: Uint32Array | undefined;
  let step = 0;
  const st = opts?.state;
  if (st) {
    step = st.step;
    state = new Uint32Array(4 * W);
    for (let w = 0; w < W; w++) {
      state[4 * w] = st.phase[w];
      state[4 * w + 1] = st.status[w];
      state[4 * w + 2] = st.switchStep[w] >>> 0;
      state[4 * w + 3] = st.step;
    }
  }
  const worlds = new GpuWorlds(ctx, {
    problem: cfg.problem,
    W,
    thetas: Float32Array.from(st ? st.thetas : cfg.starts),
    flow: FLOW[cfg.flow],
    eta: cfg.eta,
    epsSwitch,
    method: upload,
    state,
    step,
    path: cfg.gpuPath ?? 'auto',
    recordEvery: cfg.recordEvery ?? 0,
    movedNorm: cfg.movedNorm === 'l2' ? 1 : 0,
  });
  let disposed = false;
  let lostReason: string | null = null;
  let last: EngineState | null = null;
  const lostCbs: ((reason: string) => void)[] = [];
  ctx.onLost((reason) => {
    if (disposed) return;
    lostReason = reason;
    for (const cb of lostCbs) cb(reason);
  });
  const live = (): void => {
    if (disposed) throw new Error('engine disposed');
    if (lostReason !== null || ctx.lost) throw new Error(lostReason ?? 'GPU device lost');
  };
  const checkWorld = (world: number): void => {
    if (!(Number.isInteger(world) && world >= 0 && world < W)) {
      throw new InputError('world', `must be an integer in [0, ${W}), got ${world}`);
    }
  };

  /** Summaries of W rows (stride sumStride) at `at`, with `moved` where the rows carry it. */
  const toSummaries = (rows: Float32Array, at: number, stepNo: number, moved: boolean) => {
    const s = worlds.sumStride;
    const out = emptySummaries(stepNo, W, K);
    if (moved) out.moved = new Float64Array(W);
    for (let w = 0; w < W; w++) {
      const r = at + w * s;
      const status = rows[r + 4];
      out.status[w] = status;
      out.B[w] = status === WorldStatus.ok ? rows[r] : Number.NaN;
      out.I[w] = status === WorldStatus.ok ? rows[r + 1] : Number.NaN;
      out.F[w] = status === WorldStatus.diverged ? Number.NaN : rows[r + 2];
      out.conflicts[w] = rows[r + 3];
      out.switchStep[w] = rows[r + 5];
      for (let i = 0; i < K; i++) out.losses[w * K + i] = rows[r + 6 + i];
      if (out.moved) out.moved[w] = rows[r + 6 + K];
    }
    return out;
  };
  let latest: Summaries | null = null;
  /** Automatic read-backs start once a caller asks for latestSummaries() (a live view). */
  let wantLatest = false;
  let autoInFlight = false;
  let lastAuto = Number.NEGATIVE_INFINITY;
  /** Starts a read-back of the current rows when none is in flight and the last is old enough. */
  const autoRead = (): void => {
    const now = performance.now();
    if (!wantLatest || autoInFlight || now - lastAuto < AUTO_READ_MS) return;
    autoInFlight = true;
    lastAuto = now;
    const at = step;
    worlds
      .readRowsAsync()
      .then((rows) => {
        if (!disposed && (!latest || latest.step <= at)) latest = toSummaries(rows, 0, at, false);
      })
      .catch(() => undefined)
      .finally(() => {
        autoInFlight = false;
      });
  };

  const engine: GpuEngine = {
    backend: 'gpu',
    W,
    K,
    d,
    adapterInfo: ctx.adapterInfo,
    minBytesPerStep: worlds.minBytesPerStep(),
    path: worlds.path === 'multi-step' ? 'gpu-multi-step' : 'gpu-per-step',
    batchSteps: worlds.batchSteps,
    counters(): EngineCounters {
      return { ...worlds.counters };
    },
    async history(o?: { thetas?: boolean }): Promise<SummaryHistory> {
      live();
      if (!worlds.ring) {
        throw new InputError('recordEvery', 'no rows are recorded: create with recordEvery ≥ 1');
      }
      // θ in the same read-back where the multi-step path allows it (no last-finite-θ flags).
      const withTheta = o?.thetas === true && worlds.path === 'multi-step';
      const taken = worlds.takeHistory(withTheta);
      const other = o?.thetas && !withTheta ? engine.thetas() : null;
      const h = await taken;
      const rowFloats = W * worlds.sumStride;
      const moved = worlds.path === 'multi-step';
      const thetas = h.thetas ? Float64Array.from(h.thetas) : other ? await other : null;
      return {
        rows: h.steps.map((n, k) => toSummaries(h.rows, k * rowFloats, n, moved)),
        dropped: h.dropped,
        ...(thetas ? { thetas } : {}),
      };
    },
    latestSummaries(): Summaries | null {
      wantLatest = true;
      return latest;
    },
    poisonOutputs(value: number): void {
      live();
      worlds.poisonRows(value);
    },
    async advance(steps: number): Promise<void> {
      if (!(Number.isInteger(steps) && steps >= 0)) {
        throw new InputError('steps', `must be an integer ≥ 0, got ${steps}`);
      }
      live();
      worlds.advance(steps);
      step += steps;
      if (steps > 0) autoRead();
    },
    async summaries(): Promise<Summaries> {
      live();
      // Small runs refresh the resumable state with every summary read (a few per second).
      if (W * d <= SNAPSHOT_MAX) await engine.thetas();
      const out = toSummaries(await worlds.summaryRows(), 0, step, false);
      latest = out;
      return out;
    },
    async thetas(): Promise<Float64Array> {
      live();
      const { thetas, state: s, flags } = await worlds.readThetasAndState();
      const th = Float64Array.from(thetas);
      const phase = new Uint8Array(W);
      const status = new Uint8Array(W);
      const switchStep = new Int32Array(W);
      for (let w = 0; w < W; w++) {
        phase[w] = s[4 * w];
        status[w] = flags[w] !== 0 ? WorldStatus.diverged : s[4 * w + 1];
        switchStep[w] = s[4 * w + 2] | 0;
      }
      last = { step, thetas: th.slice(), phase, status, switchStep };
      return th;
    },
    async inspect(world: number): Promise<WorldView> {
      checkWorld(world);
      live();
      const theta = Float64Array.from(await worlds.readTheta(world));
      return inspectWorld(cfg, method, alpha, A, world, theta, undefined, step);
    },
    setMethod(m: MethodSpec, a?: Float64Array, newA?: Float64Array): void {
      checkMethod(m, a, newA, W, K);
      const up = methodUpload(m, K, a, newA);
      live();
      worlds.setMethod(up);
      method = m;
      alpha = a;
      A = newA;
    },
    setStepSize(eta: number): void {
      checkEta(eta);
      live();
      worlds.setEta(eta);
    },
    onLost(cb: (reason: string) => void): void {
      lostCbs.push(cb);
      if (lostReason !== null) cb(lostReason);
    },
    lastState(): EngineState | null {
      return last;
    },
    async finish(): Promise<void> {
      live();
      await ctx.device.queue.onSubmittedWorkDone();
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      if (lostReason === null) worlds.destroy();
      if (ownDevice) ctx.device.destroy();
    },
  };
  return engine;
}
