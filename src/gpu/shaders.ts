/**
 * The WGSL sources of shaders/, imported as text with `?raw` (Vite and vitest natively; under
 * tsx/node through the hooks in rawImportHooks.mjs, registered by src/cli/bench.ts).
 */

import bigStep from '../../shaders/bigStep.wgsl?raw';
import gramStep from '../../shaders/gramStep.wgsl?raw';
import methods from '../../shaders/methods.wgsl?raw';
import multiStep from '../../shaders/multiStep.wgsl?raw';
import cagradToy from '../../shaders/problemCagradToy.wgsl?raw';
import dense from '../../shaders/problemDense.wgsl?raw';
import quadratic from '../../shaders/problemQuadratic.wgsl?raw';
import qp from '../../shaders/qp.wgsl?raw';
import reduce from '../../shaders/reduce.wgsl?raw';
import util from '../../shaders/util.wgsl?raw';
import worldUpdate from '../../shaders/worldUpdate.wgsl?raw';

export const WGSL = {
  util,
  gramStep,
  bigStep,
  reduce,
  methods,
  worldUpdate,
  qp,
  multiStep,
  problems: { quadratic, dense, cagradToy },
} as const;

export type ProblemKernel = keyof typeof WGSL.problems;
