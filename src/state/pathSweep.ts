/**
 * Paths that follow the method: for a 2-D problem, the trajectories of the running method and of
 * the compared one, recomputed from the start over a horizon of H steps with the method as it is
 * now. Requests are latest-wins: a sweep still running when a newer request arrives is dropped
 * (at its next sample, or when its one read-back lands) and a sweep publishes only while no newer
 * request exists. The newest request starts at once while fewer than IN_FLIGHT[backend] sweeps
 * run, else when one ends: on the GPU two, so the newest one's work is queued behind a stale
 * sweep's kernel without waiting for that sweep's read-back to come back; on the CPU one (the
 * path worker runs its jobs one after another).
 *
 * - GPU (K ≤ MULTI_K, d ≤ MULTI_D): one batched run of every method (src/gpu/pathWorlds.ts), θ
 *   recorded on the GPU at the steps 0, R, 2R, …, H with R = max(1, ⌊H / SAMPLES.gpu⌋) (at least
 *   min(H, 256) + 1 samples), all of it read back at once: one read-back per sweep and
 *   ⌈H / PATH_BATCH⌉ dispatches per method.
 * - Otherwise every method is read at the S + 1 sample steps
 *     b_k = round(k·H / S), k = 0 … S,   S = min(H, SAMPLES[backend]) (FALLBACK_GPU on the GPU):
 *   on the CPU as one job of the page's path worker (cpuPaths.ts, pathsOffThread.ts), published
 *   once; on the GPU (worlds too large for the multi-step path) with a fresh engine per method,
 *   published as the paths grow (`complete` false until the last sample).
 */
import type { MethodSpec } from '../core/types';
import { createEngine } from '../engine';
import type { Backend, Engine } from '../engine/types';
import { cpuPathsOffThread } from '../workers/pathsOffThread';
import type { PathRun } from './cpuPaths';

export const SAMPLES: Record<Backend, number> = { cpu: 512, gpu: 256 };
/** Samples of a GPU sweep that cannot be batched (one read-back each). */
export const FALLBACK_GPU = 16;
/** Most sweeps running at once (module comment). */
export const IN_FLIGHT: Record<Backend, number> = { cpu: 1, gpu: 2 };

export interface PathRequest extends PathRun {
  horizon: number;
  backend: Backend;
  device?: GPUDevice;
}

export interface SweptPaths {
  /** (x, y) pairs per method, in the order of the request's methods. */
  paths: Float64Array[];
  /** The sample steps b_k. */
  steps: Int32Array;
  /** The methods the paths were computed with. */
  methods: MethodSpec[];
  backend: Backend;
  /** H, the last sample step. */
  horizon: number;
  /** False while the sweep is still adding samples (the paths then cover steps[0 … n−1]). */
  complete: boolean;
  /** GPU sweeps: the dispatches and read-backs this sweep issued. */
  work?: { dispatches: number; readbacks: number };
}

/** The sample steps b_k = round(k·H/S) for k = 0 … S (no repeats). */
export function sampleSteps(horizon: number, backend: Backend): Int32Array {
  const H = Math.max(0, Math.floor(horizon));
  const S = Math.min(H, backend === 'gpu' ? FALLBACK_GPU : SAMPLES.cpu);
  const out = new Int32Array(S + 1);
  for (let k = 0; k <= S; k++) out[k] = S === 0 ? 0 : Math.round((k * H) / S);
  return out;
}

export class PathSweeper {
  private latest: PathRequest | null = null;
  private seq = 0;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly publish: (p: SweptPaths) => void,
    private readonly onError: (e: unknown, req: PathRequest) => void,
  ) {}

  /** Asks for paths with `req` (replacing any request not yet started). */
  request(req: PathRequest): void {
    this.latest = req;
    this.seq++;
    this.startNext();
  }

  /** Drops the pending request and stops the running sweeps at their next sample. */
  cancel(): void {
    this.latest = null;
    this.seq++;
  }

  /** Sweeps running now (at most IN_FLIGHT of the newest request's backend). */
  get inFlight(): number {
    return this.running.size;
  }

  /** Resolves when no sweep runs. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  /** Starts the pending request when fewer than IN_FLIGHT[backend] sweeps run. */
  private startNext(): void {
    const req = this.latest;
    if (!req || this.running.size >= IN_FLIGHT[req.backend]) return;
    this.latest = null;
    const seq = this.seq;
    const run: Promise<void> = this.sweep(req, () => seq !== this.seq)
      .catch((e) => {
        if (seq === this.seq) this.onError(e, req);
      })
      .finally(() => {
        this.running.delete(run);
        this.startNext();
      });
    this.running.add(run);
  }

  private async sweep(req: PathRequest, stale: () => boolean): Promise<void> {
    if (req.backend === 'gpu' && req.device) {
      const batched = await import('../gpu/pathWorlds');
      if (batched.pathsFit(req.problem.K, req.problem.d)) {
        const ctx = await batched.pathContext(req.device);
        if (stale()) return;
        const r = await batched.gpuPaths(ctx, { ...req, samples: SAMPLES.gpu });
        if (stale()) return;
        const H = r.steps[r.steps.length - 1];
        const { dispatches, readbacks } = r.counters;
        this.publish({ ...this.result(req, r.steps, r.paths, H), work: { dispatches, readbacks } });
        return;
      }
    }
    const steps = sampleSteps(req.horizon, req.backend);
    const H = steps[steps.length - 1];
    if (req.backend === 'cpu') {
      const paths = await cpuPathsOffThread({ ...req, steps });
      if (!stale()) this.publish(this.result(req, steps, paths, H));
      return;
    }
    await this.gpuFallback(req, steps, stale);
  }

  /** A GPU sweep too large to batch: one engine per method, read at every sample, shown growing. */
  private async gpuFallback(req: PathRequest, steps: Int32Array, stale: () => boolean) {
    const engines: Engine[] = [];
    try {
      for (const method of req.methods) {
        engines.push(
          await createEngine(
            req.backend,
            {
              problem: req.problem,
              method,
              flow: req.flow,
              eta: req.eta,
              epsSwitch: req.epsSwitch,
              starts: Float64Array.from(req.start),
            },
            { device: req.device },
          ),
        );
        if (stale()) return;
      }
      const paths = req.methods.map(() => new Float64Array(2 * steps.length));
      for (const p of paths) p.set(req.start.subarray(0, 2));
      const H = steps[steps.length - 1];
      for (let k = 1; k < steps.length; k++) {
        const n = steps[k] - steps[k - 1];
        const th = await Promise.all(
          engines.map(async (e) => {
            await e.advance(n);
            return (await e.inspect(0)).theta;
          }),
        );
        if (stale()) return;
        th.forEach((t, m) => {
          paths[m][2 * k] = t[0];
          paths[m][2 * k + 1] = t[1];
        });
        if (k < steps.length - 1) {
          const part = paths.map((p) => p.slice(0, 2 * (k + 1)));
          this.publish({ ...this.result(req, steps, part, H), complete: false });
        }
      }
      this.publish(this.result(req, steps, paths, H));
    } finally {
      for (const e of engines) e.dispose();
    }
  }

  private result(
    req: PathRequest,
    steps: Int32Array,
    paths: Float64Array[],
    H: number,
  ): SweptPaths {
    return { paths, steps, methods: req.methods, backend: req.backend, horizon: H, complete: true };
  }
}
