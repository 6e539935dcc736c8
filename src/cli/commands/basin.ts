/**
 * `lab basin [--problem cagrad-toy|convex-pair] [--method M --alpha A ...] [--n N] [--steps T]
 *   [--eta H] [--check-every C] [--move-tol E] [--backend cpu|gpu]`: the basin map of the lab page
 * (src/lab/basinMap.ts, the same function the page calls) for one method: an n × n grid of starts
 * over the domain, advanced at once by the engine. Reports how many starts settled, diverged, and
 * the distinct end points (rounded to 1e-3 of the domain's span) with their share of the grid.
 * Defaults are the page's: CAGrad toy, T = 500, η = 0.01 (toy) or 1/λ_max(Σ H_i), n = 64, the
 * method's seed 1.
 */
import { basinMap } from '../../lab/basinMap';
import { defaultEta } from '../../ui/lab/problemChoice';
import type { Flags } from '../args';
import { currentIo } from '../io';
import { initNodeWebGpu } from '../nodeGpu';
import { problemFromFlags } from '../problemFlags';
import { progressBar } from '../progress';
import { sharedFlagIfSet } from '../sharedFlags';
import { fmt, table } from '../table';
import { methodFromFlags } from './flow';
import type { CommandResult } from './result';

/** Distinct end points after rounding to `cell`, most frequent first. */
export function endClasses(ends: Float64Array, cell: number) {
  const m = new Map<string, { x: number; y: number; count: number }>();
  for (let w = 0; w < ends.length / 2; w++) {
    const x = Math.round(ends[2 * w] / cell) * cell;
    const y = Math.round(ends[2 * w + 1] / cell) * cell;
    const key = `${x.toFixed(6)},${y.toFixed(6)}`;
    const e = m.get(key);
    if (e) e.count++;
    else m.set(key, { x, y, count: 1 });
  }
  return [...m.values()].sort((a, b) => b.count - a.count);
}

export async function basinCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const { id, problem } = problemFromFlags(flags, 'cagrad-toy');
  const method = { seed: 1, ...methodFromFlags(flags) };
  const n = flags.int('n', 64, [2, 2048]);
  const steps = flags.int('steps', 500, [1, 1_000_000]);
  const eta = sharedFlagIfSet(flags, 'eta') ?? defaultEta(problem);
  const checkEvery = flags.int('check-every', 10, [1, 1_000_000]);
  const moveTol = flags.number('move-tol', 1e-5, [0, 1]);
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  if (backend === 'gpu') await initNodeWebGpu();
  let last = -1;
  const signal = currentIo().signal;
  const bar = progressBar(`basin map steps (${n}×${n} starts)`, steps);
  const r = await basinMap({
    ...(signal ? { signal } : {}),
    problem,
    method,
    n,
    eta,
    steps,
    checkEvery,
    moveTol,
    backend,
    onProgress: (f) => {
      if (!signal?.aborted) bar.update(Math.round(f * steps));
      const pct = Math.floor(10 * f);
      if (pct !== last) {
        last = pct;
        progress(`step ${Math.round(f * steps)}/${steps}`);
      }
    },
  });
  bar.end();
  const span = Math.max(r.domain[0][1] - r.domain[0][0], r.domain[1][1] - r.domain[1][0]);
  const classes = endClasses(r.ends, 1e-3 * span);
  const settled = Array.from(r.settleStep).filter((s) => s >= 0);
  const sorted = [...settled].sort((a, b) => a - b);
  const medianSettle = sorted.length > 0 ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
  const json = {
    problem: { id, K: problem.K, d: problem.d, domain: r.domain },
    method,
    backend: r.backend,
    n,
    steps: r.steps,
    eta,
    checkEvery,
    moveTol,
    settled: settled.length,
    medianSettleStep: medianSettle,
    diverged: r.diverged,
    undefinedB: r.undefinedB,
    endClasses: classes.slice(0, 20),
    settleStep: Array.from(r.settleStep),
    ends: Array.from(r.ends),
  };
  const text = [
    `${id} basin map, method ${method.id}, ${n}×${n} starts, η = ${fmt(eta)}, ${r.steps} steps, ${r.backend.toUpperCase()} engine`,
    `settled (move ≤ ${fmt(moveTol)}·span over ${checkEvery} steps): ${settled.length}/${n * n}, median at step ${medianSettle ?? '—'}; ` +
      `${r.diverged.length === 0 ? 'no start diverged' : `${r.diverged.length} diverged`}` +
      `${r.undefinedB > 0 ? `; B undefined at ${r.undefinedB} end points` : ''}`,
    `distinct end points (rounded to ${fmt(1e-3 * span)}): ${classes.length}; the most frequent:`,
    table(
      ['end x', 'end y', 'starts', 'share'],
      classes
        .slice(0, 8)
        .map((c) => [
          c.x.toFixed(3),
          c.y.toFixed(3),
          String(c.count),
          `${((100 * c.count) / (n * n)).toFixed(1)}%`,
        ]),
    ),
  ].join('\n');
  return { json, text };
}
