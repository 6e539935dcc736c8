/**
 * `lab sweep [--problem ID] [--mode simultaneous|sequential] [--W N] [--steps T] [--eta H]
 *   [--tol E] [--range LO,HI] [--check-every C] [--backend cpu|gpu]`: the α sweep of the lab page
 * (src/lab/alphaSweep.ts, the same function the page calls): W worlds from the problem's first
 * start, cosine-scaled projection with α_w spread over the range, advanced at once by the engine.
 * Defaults are the page's: quadratic groups (seed 1), W = 256, T = 500, η = 1/λ_max(Σ H_i),
 * tol = 1e-4, read back every 5 steps.
 */
import { InputError } from '../../core/errors';
import { alphaSweep } from '../../lab/alphaSweep';
import { defaultEta } from '../../ui/lab/problemChoice';
import type { Flags } from '../args';
import { currentIo } from '../io';
import { initNodeWebGpu } from '../nodeGpu';
import { problemFromFlags } from '../problemFlags';
import { progressBar } from '../progress';
import { sharedFlag, sharedFlagIfSet } from '../sharedFlags';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

/** Parses "lo,hi" into a range inside [0, 1]. */
export function parseRange(s: string | undefined): [number, number] {
  if (s === undefined) return [0, 1];
  const parts = s.split(',').map((x) => Number(x));
  if (parts.length !== 2 || !parts.every(Number.isFinite)) {
    throw new InputError('--range', `must be "lo,hi" with two numbers, got "${s}"`);
  }
  return [parts[0], parts[1]];
}

export async function sweepCommand(
  flags: Flags,
  progress: (m: string) => void,
): Promise<CommandResult> {
  const { id, params, problem } = problemFromFlags(flags, 'quadratic-groups');
  const mode = sharedFlag(flags, 'mode', 'simultaneous') as 'simultaneous' | 'sequential';
  const W = flags.int('W', 256, [2, 65536]);
  const steps = flags.int('steps', 500, [1, 1_000_000]);
  const eta = sharedFlagIfSet(flags, 'eta') ?? defaultEta(problem);
  const tol = flags.number('tol', 1e-4, [0, 1e6]);
  const checkEvery = flags.int('check-every', 5, [1, 1_000_000]);
  const range = parseRange(flags.string('range'));
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  if (backend === 'gpu') await initNodeWebGpu();
  let last = -1;
  const signal = currentIo().signal;
  const bar = progressBar(`α sweep steps (${W} worlds)`, steps);
  const r = await alphaSweep({
    ...(signal ? { signal } : {}),
    problem,
    method: { id: 'cosine', mode },
    W,
    range,
    eta,
    steps,
    tol,
    checkEvery,
    backend,
    onCheckpoint: (p, f) => {
      if (!signal?.aborted) bar.update(p.step);
      const pct = Math.floor(10 * f);
      if (pct !== last) {
        last = pct;
        progress(`step ${p.step}/${steps}`);
      }
    },
  });
  bar.end();
  const measure = r.measure === 'gap' ? 'F − F*' : 'B';
  const nan = (x: number) => (Number.isFinite(x) ? x : null);
  const json = {
    problem: { id, params, K: problem.K, d: problem.d },
    method: { id: 'cosine', mode },
    backend: r.backend,
    W,
    steps: r.step,
    eta,
    tol,
    checkEvery,
    measure: r.measure,
    alpha: Array.from(r.alpha),
    stepsToTol: Array.from(r.stepsToTol, (s) => (s < 0 ? null : s)),
    finalB: Array.from(r.finalB, nan),
    finalGap: Array.from(r.finalGap, nan),
    diverged: r.diverged,
    undefinedB: r.undefinedB,
  };
  const reached = Array.from(r.stepsToTol).filter((s) => s >= 0).length;
  let best = -1;
  for (let w = 0; w < W; w++) {
    const s = r.stepsToTol[w];
    if (s >= 0 && (best < 0 || s < r.stepsToTol[best])) best = w;
  }
  const show = Array.from(
    new Set(Array.from({ length: 11 }, (_, k) => Math.round((k * (W - 1)) / 10))),
  );
  const text = [
    `${id} (K = ${problem.K}, d = ${problem.d}); cosine-scaled projection (${mode}), loss-flow, ` +
      `${W} worlds α ∈ [${range[0]}, ${range[1]}], η = ${fmt(eta)}, ${r.step} steps, ${r.backend.toUpperCase()} engine`,
    `steps to ${measure} ≤ ${fmt(tol)} (read every ${checkEvery} steps): reached by ${reached}/${W}; ` +
      (best >= 0
        ? `fastest α = ${r.alpha[best].toFixed(4)} at ${r.stepsToTol[best]} steps`
        : 'no α reached the tolerance') +
      `; ${r.diverged.length === 0 ? 'no world diverged' : `${r.diverged.length} diverged`}`,
    table(
      ['α', `steps to ${measure} ≤ tol`, 'final B', 'final F − F*'],
      show.map((w) => [
        r.alpha[w].toFixed(4),
        r.stepsToTol[w] < 0 ? 'not reached' : String(r.stepsToTol[w]),
        fmt(nan(r.finalB[w])),
        fmt(nan(r.finalGap[w])),
      ]),
    ),
  ].join('\n');
  return { json, text };
}
