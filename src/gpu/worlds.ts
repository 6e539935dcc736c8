/**
 * W worlds on the GPU: buffers, pipelines and bind groups of the kernels, and the command
 * sequence of one step on the per-step path:
 *   worldUpdate(doStep = 1) at θ_t  →  gramStep(doStep = 1): θ_{t+1} and its partial sums
 *   →  reduce over chunks (only when d spans several chunks).
 * θ lives in two buffers used in turn (ping-pong), so a world whose step produced a non-finite
 * θ still has θ_t in the other buffer. Summaries are a worldUpdate(doStep = 0) pass that writes
 * one small per-world row, read back as plain f32 (NaN-safe).
 *
 * Multi-step path (K ≤ MULTI_K, d ≤ MULTI_D; the workgroup memory of multiStep.wgsl, ≈ 13.5 kB,
 * fits the 16 kB every WebGPU device offers): one dispatch advances every world T steps and
 * writes the current summary row at its end, so a batch is one dispatch and a summary one
 * read-back. With recordEvery = S > 0 both paths also write a summary row every S steps into a
 * ring (summaryRing.ts) that the host copies out asynchronously.
 *
 * The class is built in layers, one concern per file: worldsConfig.ts (sizes, path choice,
 * inputs), worldsBase.ts (buffers, parameters, pipelines, primitive encoders, method upload),
 * worldsBindGroups.ts, worldsMethod.ts (method packing), worldsStep.ts (batches, ring, summary
 * rows) and this file (read-backs and test hooks).
 */
import { InputError } from '../core/errors';
import type { Buf } from './worldsConfig';
import { WorldsStep } from './worldsStep';

export {
  choosePath,
  type FlowCode,
  type GpuWorldsInit,
  KMAX,
  type MethodUpload,
  MULTI_D,
  MULTI_K,
  type PathChoice,
  type StepPath,
  TILE_MAX,
} from './worldsConfig';

export class GpuWorlds extends WorldsStep {
  /**
   * Summary rows (W × (7 + K) floats: B, I, F, conflicts, status, switchStep, L_0..L_{K−1},
   * moved; moved is NaN outside the multi-step ring).
   */
  async summaryRows(): Promise<Float32Array> {
    this.refreshRow();
    const off = this.values.offS * 4;
    return new Float32Array(await this.read(this.world, off, this.W * this.sumStride * 4));
  }

  /** Per-world state [phase, status, switchStep, stepCount] and divergence flags. */
  async readState(): Promise<{ state: Uint32Array; flags: Uint32Array }> {
    // The multi-step kernel marks divergence in the state itself and never sets a flag.
    if (this.path === 'multi-step') {
      return {
        state: new Uint32Array(await this.read(this.state, 0, this.W * 16)),
        flags: new Uint32Array(this.W),
      };
    }
    const [state, flags] = await this.readMany([
      [this.state, 0, this.W * 16],
      [this.flags, 0, this.W * 4],
    ]);
    return { state: new Uint32Array(state), flags: new Uint32Array(flags) };
  }

  /**
   * θ of every world (W·d) with the per-world state and flags (as readState), in one read-back.
   * A world whose last step produced a non-finite θ (flag set, not yet processed: the per-step
   * path) is read from the other buffer, which holds its last finite θ (a second read, rare).
   */
  async readThetasAndState(): Promise<{
    thetas: Float32Array;
    state: Uint32Array;
    flags: Uint32Array;
  }> {
    const multi = this.path === 'multi-step';
    const bytes = this.W * this.d * 4;
    const parts: [Buf, number, number][] = [
      [this.theta[this.parity], 0, bytes],
      [this.state, 0, this.W * 16],
    ];
    if (!multi) parts.push([this.flags, 0, this.W * 4]);
    const got = await this.readMany(parts);
    const thetas = new Float32Array(got[0]);
    const state = new Uint32Array(got[1]);
    const flags = multi ? new Uint32Array(this.W) : new Uint32Array(got[2]);
    let other: Float32Array | null = null;
    for (let w = 0; w < this.W; w++) {
      if (flags[w] !== 0 && state[4 * w + 1] !== 2) {
        other ??= new Float32Array(await this.read(this.theta[1 - this.parity], 0, bytes));
        thetas.set(other.subarray(w * this.d, (w + 1) * this.d), w * this.d);
      }
    }
    return { thetas, state, flags };
  }

  /** θ of every world (W·d), as readThetasAndState. */
  async readThetas(): Promise<Float32Array> {
    return (await this.readThetasAndState()).thetas;
  }

  /** θ of one world (d values), with the same rule as readThetasAndState. */
  async readTheta(world: number): Promise<Float32Array> {
    const bytes = this.d * 4;
    const { state, flags } = await this.readState();
    const useOther = flags[world] !== 0 && state[4 * world + 1] !== 2;
    const buf = this.theta[useOther ? 1 - this.parity : this.parity];
    return new Float32Array(await this.read(buf, world * bytes, bytes));
  }

  /** Reduced partial sums at the current θ: W × P (Gram pairs, ‖Σg‖², losses). */
  async readPartials(): Promise<Float32Array> {
    const src = this.reduced ?? this.partials;
    return new Float32Array(await this.read(src, 0, this.W * this.P * 4));
  }

  /** Direction weights w (W·K) from the last step-mode update. */
  async readWeights(): Promise<Float32Array> {
    return new Float32Array(await this.read(this.world, 0, this.W * this.K * 4));
  }

  /** Tests: the K×K coefficients per world of the last per-step update (keepCoefficients). */
  async readCoefficients(): Promise<Float32Array> {
    if (!this.offC) throw new InputError('keepCoefficients', 'create with keepCoefficients');
    const n = this.W * this.K * this.K;
    return new Float32Array(await this.read(this.world, this.offC * 4, n * 4));
  }

  /** Tests: overwrites the reduced partial sums (W × P: Gram pairs, ‖Σg‖², losses). */
  writePartials(data: Float32Array): void {
    this.write(this.reduced ?? this.partials, data);
  }

  /** Overwrites the entries of `name` with `value` (tests poison outputs before a run). */
  poison(name: 'partials' | 'weights' | 'thetaNext', value: number): void {
    const b =
      name === 'partials'
        ? (this.reduced ?? this.partials)
        : name === 'weights'
          ? this.world
          : this.theta[1 - this.parity];
    const n =
      name === 'weights'
        ? this.W * this.K
        : name === 'partials'
          ? this.reduced
            ? this.W * this.P
            : this.W * this.nChunks * this.P
          : this.W * this.d;
    this.device.queue.writeBuffer(this.gpu(b), 0, new Float32Array(n).fill(value));
  }

  /** Tests: overwrites the current summary rows and the whole ring with `value`. */
  poisonRows(value: number): void {
    const rows = new Float32Array(this.W * this.sumStride).fill(value);
    this.device.queue.writeBuffer(this.gpu(this.world), this.values.offS * 4, rows);
    if (this.ring) {
      const n = this.ring.slots * this.ring.rowFloats;
      this.device.queue.writeBuffer(this.gpu(this.ringBuf), 0, new Float32Array(n).fill(value));
    }
  }

  /** Bytes a step must move at minimum: read θ and the problem constants, write θ. */
  minBytesPerStep(): number {
    return (2 * this.W * this.d + this.probLength) * 4;
  }

  destroy(): void {
    this.staging.destroy();
    for (const b of this.buffers) b.destroy();
    this.params.step.destroy();
    this.params.measure.destroy();
    this.buffers = [];
  }
}
