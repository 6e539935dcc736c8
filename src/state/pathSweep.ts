/**
 * Paths that follow the method: for a 2-D problem, the trajectories of the running method and of
 * the compared one, recomputed from the start over a horizon of H steps with the method as it is
 * now. One sweep advances a fresh engine per method (created with createEngine, so the CPU path
 * runs wherever the CPU engine runs) and reads θ at S sample steps
 *   b_k = round(k·H / S), k = 0 … S,   S = min(H, SAMPLES[backend]),
 * (every step on a short CPU horizon; fewer read-backs on the GPU, where each sample costs one
 * read-back of θ: about a third of a second under SwiftShader, well under a millisecond on a real
 * GPU). Requests are latest-wins: a sweep still running when a newer request arrives stops at its
 * next sample and the newest request runs next. A sweep publishes its paths as they grow (after
 * each sample, `complete` false until the last), and only while no newer request exists.
 */
import type { Problem } from '../core/problems/types';
import type { MethodSpec } from '../core/types';
import { createEngine } from '../engine';
import type { Backend, Engine, FlowKind } from '../engine/types';

export const SAMPLES: Record<Backend, number> = { cpu: 512, gpu: 16 };

export interface PathRequest {
  problem: Problem;
  flow: FlowKind;
  eta: number;
  epsSwitch: number;
  /** θ at step 0 (length 2). */
  start: Float64Array;
  /** The running method, then the compared one (if any). */
  methods: MethodSpec[];
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
}

/** The sample steps b_k = round(k·H/S) for k = 0 … S (no repeats). */
export function sampleSteps(horizon: number, backend: Backend): Int32Array {
  const H = Math.max(0, Math.floor(horizon));
  const S = Math.min(H, SAMPLES[backend]);
  const out = new Int32Array(S + 1);
  for (let k = 0; k <= S; k++) out[k] = S === 0 ? 0 : Math.round((k * H) / S);
  return out;
}

export class PathSweeper {
  private latest: PathRequest | null = null;
  private seq = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly publish: (p: SweptPaths) => void,
    private readonly onError: (e: unknown, req: PathRequest) => void,
  ) {}

  /** Asks for paths with `req` (replacing any request not yet started). */
  request(req: PathRequest): void {
    this.latest = req;
    this.seq++;
    if (!this.running) {
      this.running = this.loop().finally(() => {
        this.running = null;
      });
    }
  }

  /** Drops the pending request and stops the running sweep at its next sample. */
  cancel(): void {
    this.latest = null;
    this.seq++;
  }

  /** Resolves when no sweep runs. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.latest) {
      const req = this.latest;
      const seq = this.seq;
      this.latest = null;
      try {
        await this.sweep(req, () => seq !== this.seq);
      } catch (e) {
        if (seq === this.seq) this.onError(e, req);
      }
    }
  }

  private async sweep(req: PathRequest, stale: () => boolean): Promise<void> {
    const steps = sampleSteps(req.horizon, req.backend);
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
      const progressive = req.backend === 'gpu';
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
        if (progressive && k < steps.length - 1) {
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
