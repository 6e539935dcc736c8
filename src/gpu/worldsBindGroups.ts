/**
 * Bind groups of the worlds' kernels (worldsBase.ts): the Gram kernel for each θ parity and
 * for step and measure parameters, the chunk reduction (only when d spans several chunks), the
 * per-world update for step and measure, and the multi-step kernel (multi-step path only).
 */
import type { TgpuRoot } from 'typegpu';
import { gramStepLayout, multiStepLayout, reduceLayout, worldUpdateLayout } from './layouts';

export interface WorldBindGroups {
  /** Index parity·2 + (0 step, 1 measure). */
  gram: GPUBindGroup[];
  reduce: GPUBindGroup | null;
  update: { step: GPUBindGroup; measure: GPUBindGroup };
  multi: GPUBindGroup | null;
}

/** The raw buffers the kernels bind. */
export interface WorldBuffers {
  params: { step: GPUBuffer; measure: GPUBuffer };
  theta: [GPUBuffer, GPUBuffer];
  prob: GPUBuffer;
  tables: GPUBuffer;
  coefIn: GPUBuffer;
  world: GPUBuffer;
  state: GPUBuffer;
  flags: GPUBuffer;
  partials: GPUBuffer;
  reduced: GPUBuffer | null;
  ring: GPUBuffer;
}

export function worldBindGroups(root: TgpuRoot, b: WorldBuffers, multi: boolean): WorldBindGroups {
  const gram = [0, 1].flatMap((par) =>
    (['step', 'measure'] as const).map((kind) =>
      root.unwrap(
        root.createBindGroup(gramStepLayout, {
          params: b.params[kind],
          thetaSrc: b.theta[par],
          thetaDst: b.theta[1 - par],
          prob: b.prob,
          tables: b.tables,
          worldData: b.world,
          partials: b.partials,
          flags: b.flags,
        }),
      ),
    ),
  );
  const update = (kind: 'step' | 'measure') =>
    root.unwrap(
      root.createBindGroup(worldUpdateLayout, {
        params: b.params[kind],
        red: b.reduced ?? b.partials,
        tables: b.tables,
        coefIn: b.coefIn,
        worldData: b.world,
        worldState: b.state,
        flags: b.flags,
      }),
    );
  return {
    gram,
    reduce: b.reduced
      ? root.unwrap(
          root.createBindGroup(reduceLayout, {
            params: b.params.step,
            partials: b.partials,
            reduced: b.reduced,
          }),
        )
      : null,
    update: { step: update('step'), measure: update('measure') },
    multi: multi
      ? root.unwrap(
          root.createBindGroup(multiStepLayout, {
            params: b.params.step,
            prob: b.prob,
            tables: b.tables,
            coefIn: b.coefIn,
            theta: b.theta[0],
            worldState: b.state,
            worldData: b.world,
            ring: b.ring,
          }),
        )
      : null,
  };
}
