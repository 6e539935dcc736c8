/**
 * `lab embed [--K K] [--seed N] [--m M] [--source groups|learned] [--cycles N] [--restarts R]
 *   [--backend cpu|gpu]`: the Coulomb-like and spectral representations (MATH.md §8) of the lab
 * page's Coulomb view (src/lab/coulombView.ts, the same function the page calls).
 * Target W: `groups` (the page's default) is cos of quadratic groups (K objectives, d = 3,
 * 2 groups, the seed) at its first start; `learned` is (A + Aᵀ)/2 of A meta-learned on that
 * problem with the meta defaults for --cycles cycles. With --backend gpu the Gram matrix behind
 * cos is computed by the GPU kernel (float32 partial sums, src/lab/gramBackend.ts); the fit itself
 * is the float64 core on the CPU.
 */
import { cosineFromGram } from '../../core/gram';
import { createQuadraticGroups } from '../../core/problems/index';
import { coulombView } from '../../lab/coulombView';
import { gramSource } from '../../lab/gramBackend';
import { runMeta } from '../../lab/metaRun';
import type { Flags } from '../args';
import { currentIo } from '../io';
import { initNodeWebGpu } from '../nodeGpu';
import { progressBar } from '../progress';
import { sharedFlag } from '../sharedFlags';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

export async function embedCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const K = flags.int('K', 6, [2, 16]);
  const seed = sharedFlag(flags, 'seed', 1);
  const m = flags.int('m', 1, [1, 16]);
  const source = flags.choice('source', ['groups', 'learned'] as const, 'groups');
  const cycles = flags.int('cycles', 10, [1, 1000]);
  const restarts = flags.has('restarts') ? flags.int('restarts', 4, [1, 100]) : undefined;
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  const problem = createQuadraticGroups({ K, d: 3, groups: 2, seed });
  let W: Float64Array;
  let label: string;
  if (source === 'groups') {
    if (backend === 'gpu') await initNodeWebGpu();
    const src = await gramSource(backend);
    try {
      const theta = problem.starts()[0];
      const [g] = await src.grams([{ K, d: problem.d, g: problem.gradients(theta) }]);
      W = cosineFromGram(g.G, K);
    } finally {
      src.dispose();
    }
    label = `cos of quadratic groups (K = ${K}, seed ${seed}) at its first start`;
  } else {
    progress(`meta-learning A for ${cycles} cycles`);
    const signal = currentIo().signal;
    const bar = progressBar('meta-learning cycles', cycles);
    const r = await runMeta(problem, {
      cycles,
      ...(signal ? { signal } : {}),
      onCycle: (c) => bar.update(c),
    });
    bar.end();
    W = r.A;
    label = `(A + Aᵀ)/2 of A meta-learned for ${cycles} cycles (meta defaults, A_0 = 0.5) on quadratic groups (K = ${K}, seed ${seed})`;
  }
  progress('fitting positions and masses');
  const mm = Math.min(m, K);
  const v = coulombView(W, K, { m: mm, seed, ...(restarts ? { restarts } : {}) });
  const rows = (a: Float64Array, n: number) =>
    Array.from({ length: a.length / n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  const json = {
    source,
    label,
    backend: source === 'groups' ? backend : 'cpu',
    K,
    m: mm,
    seed,
    W: rows(v.W, K),
    fit: {
      residual: v.fit.residual,
      iterations: v.fit.iterations,
      restart: v.fit.restart,
      x: rows(v.fit.x, 3),
      mu: rows(v.fit.mu, mm),
    },
    exact: { m: v.exact.m, residual: v.exact.residual, maxError: v.exact.maxError },
    rankErrors: Array.from(v.rankErrors),
    positions: rows(v.positions, 3),
  };
  const text = [
    `W = ${label}; ${source === 'groups' ? `Gram on the ${backend.toUpperCase()}` : 'CPU'}; fit on the CPU (float64)`,
    table(
      ['quantity', 'value'],
      [
        [`Coulomb fit residual ‖W_fit − W‖_F/‖W‖_F (m = ${mm})`, fmt(v.fit.residual)],
        ['L-BFGS iterations (start kept)', String(v.fit.iterations)],
        ['m = K construction: relative residual', fmt(v.exact.residual)],
        ['m = K construction: max |error| over i ≠ j', fmt(v.exact.maxError)],
      ],
    ),
    'spectral rank-r truncation error e_r = ‖W − W_r‖_F/‖W‖_F:',
    table(
      ['r', 'e_r'],
      Array.from(v.rankErrors, (e, r) => [String(r), fmt(e)]),
    ),
    'layout (centred, farthest at distance 1):',
    ...rows(v.positions, 3).map(
      (p, i) => `  ${String(i).padStart(2)}  ${p.map((x) => x.toFixed(4).padStart(8)).join(' ')}`,
    ),
  ].join('\n');
  return { json, text };
}
