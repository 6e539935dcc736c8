/**
 * The `moved` column of the multi-step kernel's ring rows in both norms (shaders/multiStep.wgsl,
 * engine option movedNorm) against the float64 CPU engine's recorded rows, on fresh seeds with the
 * rows and the ring poisoned (1e30) before the run: 'l2' is ‖θ_t − θ_{t−S}‖₂, the default 'max'
 * is max_k |θ_t,k − θ_{t−S},k|. Closed-form methods on quadratic groups (K = 4, d = 5, W = 24,
 * S = 3, T = 45), whose float32 run follows the float64 one closely. Stated bound, every world
 * and row: |moved_gpu − moved_cpu| ≤ 1e-4·moved_cpu + 1e-7 (θ is O(1), its float32 rounding
 * 6e-8 per entry; the worst seen on the seeds tried is about a tenth of the bound). The test
 * also checks that the two norms differ by far more than that bound on these worlds, so it tells
 * them apart.
 */
import '../gpu/webgpuNode';
import { describe, expect, it } from 'vitest';
import { createQuadraticGroups } from '../../src/core/problems/quadraticGroups';
import type { MethodSpec } from '../../src/core/types';
import { createCpuEngine } from '../../src/engine/cpuEngine';
import type { SummaryHistory, WorldsConfig } from '../../src/engine/types';
import { createGpuEngine } from '../../src/gpu/gpuEngine';
import { freshSeed, randomPoints } from '../gpu/helpers';
import { gpuContext, withErrorScopes } from '../gpu/webgpuNode';

const T = 45;
const S = 3;
/** The stated bound on |moved_gpu − moved_cpu| (module comment). */
const bound = (c: number) => 1e-4 * c + 1e-7;

function moves(h: SummaryHistory): Float64Array[] {
  return h.rows.map((r) => {
    if (!r.moved) throw new Error(`row ${r.step} has no moved column`);
    return r.moved;
  });
}

async function rows(cfg: WorldsConfig) {
  const ctx = await gpuContext();
  const { value, errors } = await withErrorScopes(ctx.device, async () => {
    const gpu = await createGpuEngine(cfg, { context: ctx });
    expect(gpu.path).toBe('gpu-multi-step');
    gpu.poisonOutputs(1e30);
    const cpu = createCpuEngine(cfg);
    // Two advance calls of uneven length: batch boundaries off the record grid.
    await gpu.advance(17);
    await gpu.advance(T - 17);
    await cpu.advance(T);
    const out = { g: moves(await gpu.history()), c: moves(await cpu.history()) };
    gpu.dispose();
    return out;
  });
  expect(errors).toEqual([]);
  return value;
}

describe('moved column of the multi-step ring rows', () => {
  for (const method of [{ id: 'sum' }, { id: 'cosine', alpha: 0.7 }] as MethodSpec[]) {
    it(`${method.id}: 'l2' and 'max' equal the CPU engine's rows`, async () => {
      const seed = freshSeed();
      const problem = createQuadraticGroups({ K: 4, d: 5, groups: 2, seed });
      const base: WorldsConfig = {
        problem,
        method,
        flow: 'loss',
        eta: 0.02,
        recordEvery: S,
        starts: randomPoints(seed + 1, 24 * 5, -2, 2),
      };
      const l2 = await rows({ ...base, movedNorm: 'l2' });
      const mx = await rows(base);
      const tag = `${method.id} seed ${seed}`;
      expect(l2.g.length, tag).toBe(T / S + 1);
      expect(l2.c.length, tag).toBe(T / S + 1);
      let worst = 0;
      let apart = Number.POSITIVE_INFINITY;
      for (let r = 0; r < l2.c.length; r++) {
        for (let w = 0; w < 24; w++) {
          for (const [g, c] of [
            [l2.g[r][w], l2.c[r][w]],
            [mx.g[r][w], mx.c[r][w]],
          ]) {
            const e = Math.abs(g - c);
            worst = Math.max(worst, e / bound(c));
            expect(e, `${tag} row ${r} world ${w}`).toBeLessThanOrEqual(bound(c));
          }
          if (r > 0) apart = Math.min(apart, (l2.c[r][w] - mx.c[r][w]) / bound(l2.c[r][w]));
        }
      }
      // Row 0 moves nothing; every later row moves in more than one coordinate.
      expect(
        l2.g[0].every((x) => x === 0),
        tag,
      ).toBe(true);
      expect(apart, `${tag}: l2 − max in units of the bound`).toBeGreaterThan(10);
      console.log(
        `${tag}: worst error / bound ${worst.toFixed(3)}, (l2 − max) / bound ≥ ${apart.toFixed(1)}`,
      );
    }, 120_000);
  }
  it('rejects an unknown movedNorm, naming the field', async () => {
    const problem = createQuadraticGroups({ K: 4, d: 5, seed: 1 });
    const cfg = {
      problem,
      method: { id: 'sum' },
      flow: 'loss',
      eta: 0.02,
      starts: randomPoints(2, 5),
      movedNorm: 'l1',
    } as unknown as WorldsConfig;
    expect(() => createCpuEngine(cfg)).toThrow(/movedNorm/);
  });
});
