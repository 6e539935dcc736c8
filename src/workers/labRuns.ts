/**
 * The lab's CPU experiments off the main thread: each function takes the same options as the
 * experiment in src/lab and runs it as a job of the page's worker pool (labPool.ts), with
 * progress and cancel (the AbortSignal terminates the worker at once). Without a pool (Node,
 * inside a worker) or for a problem with no recipe, the experiment runs in-process as before.
 * The α grid, the basin grid's rows and the meta-loss batch are split over every worker of the
 * pool (the large Gram pass likewise, in gramOffThread.ts).
 */
import type { ResolvedMetaOptions } from '../core/meta/index';
import { evaluateMetaLosses } from '../core/meta/index';
import type { Problem } from '../core/problems/types';
import {
  type AlphaSweepOptions,
  type AlphaSweepResult,
  alphaGrid,
  alphaSweep,
} from '../lab/alphaSweep';
import { type BasinMapOptions, type BasinMapResult, basinMap } from '../lab/basinMap';
import type { Claim, ClaimResult } from '../lab/claims/types';
import { type CoulombViewData, coulombView } from '../lab/coulombView';
import { type InnerSpeed, innerSpeed } from '../lab/innerSpeed';
import { joinShares, mergedSweep, placeShare, shares } from './alphaSweepShards';
import { measureClaimOn } from './claimOnBackend';
import { labPool } from './labPool';
import type { ClaimJob, InnerSpeedJob, MetaJobContext } from './labProtocol';
import { problemRecipe } from './problemRecipe';

const aborted = (what: string) => new DOMException(`${what} cancelled`, 'AbortError');

/**
 * The α sweep on the CPU (module comment), its α grid split over the pool's workers
 * (alphaSweepShards.ts); merged partial results reach o.onCheckpoint.
 */
export async function alphaSweepOffThread(o: AlphaSweepOptions): Promise<AlphaSweepResult> {
  const pool = labPool();
  const problem = problemRecipe(o.problem);
  if (!pool || !problem || o.backend !== 'cpu') return alphaSweep(o);
  const [lo, hi] = o.range ?? [0, 1];
  const alpha = o.alphas ? Float64Array.from(o.alphas) : alphaGrid(o.W, lo, hi);
  const ranges = shares(o.W, pool.size);
  const merged = mergedSweep(alpha, o.problem.Fstar === null ? 'B' : 'gap', o.tol ?? 1e-6);
  const steps = new Float64Array(ranges.length);
  const fractions = new Float64Array(ranges.length);
  const t0 = performance.now();
  const parts = await Promise.all(
    ranges.map(([from, to], p) =>
      pool.run(
        {
          kind: 'alphaSweep',
          problem,
          method: o.method,
          W: to - from,
          alphas: alpha.slice(from, to),
          eta: o.eta,
          steps: o.steps,
          ...(o.start ? { start: o.start } : {}),
          ...(o.flow ? { flow: o.flow } : {}),
          ...(o.checkEvery !== undefined ? { checkEvery: o.checkEvery } : {}),
          ...(o.tol !== undefined ? { tol: o.tol } : {}),
        },
        {
          ...(o.signal ? { signal: o.signal } : {}),
          onProgress: (f, _m, partial) => {
            if (!partial) return;
            const share = partial as AlphaSweepResult;
            placeShare(merged, share, from);
            steps[p] = share.step;
            fractions[p] = f;
            merged.step = Math.min(...steps);
            merged.elapsedMs = performance.now() - t0;
            o.onCheckpoint?.(merged, fractions.reduce((a, b) => a + b, 0) / ranges.length);
          },
        },
      ),
    ),
  );
  return joinShares(merged, parts, ranges, o.problem.d, performance.now() - t0);
}

/**
 * A basin map on the CPU (module comment), its grid rows split over the pool's workers (the
 * starts are independent worlds); the shares are joined row by row into the one map.
 */
export async function basinMapOffThread(o: BasinMapOptions): Promise<BasinMapResult> {
  const pool = labPool();
  const problem = problemRecipe(o.problem);
  if (!pool || !problem || o.backend !== 'cpu') return basinMap(o);
  const ranges = shares(o.n, pool.size, 1);
  const fractions = new Float64Array(ranges.length);
  const t0 = performance.now();
  const parts = await Promise.all(
    ranges.map((rows, p) =>
      pool.run(
        {
          kind: 'basinMap',
          problem,
          method: o.method,
          n: o.n,
          eta: o.eta,
          steps: o.steps,
          ...(ranges.length > 1 ? { rows } : {}),
          ...(o.flow ? { flow: o.flow } : {}),
          ...(o.checkEvery !== undefined ? { checkEvery: o.checkEvery } : {}),
          ...(o.moveTol !== undefined ? { moveTol: o.moveTol } : {}),
        },
        {
          ...(o.signal ? { signal: o.signal } : {}),
          onProgress: (f) => {
            fractions[p] = f;
            o.onProgress?.(fractions.reduce((a, b) => a + b, 0) / ranges.length);
          },
        },
      ),
    ),
  );
  return joinBasinRows(parts, ranges, o.n, performance.now() - t0);
}

/** The whole map from shares of rows [r0, r1) each (world w = r·n + c). */
export function joinBasinRows(
  parts: readonly BasinMapResult[],
  ranges: readonly [number, number][],
  n: number,
  elapsedMs: number,
): BasinMapResult {
  if (parts.length === 1) return { ...parts[0], elapsedMs };
  const W = n * n;
  const out: BasinMapResult = {
    ...parts[0],
    starts: new Float64Array(2 * W),
    ends: new Float64Array(2 * W),
    settleStep: new Int32Array(W),
    status: new Uint8Array(W),
    diverged: [],
    undefinedB: 0,
    elapsedMs,
  };
  parts.forEach((r, p) => {
    const from = ranges[p][0] * n;
    out.starts.set(r.starts, 2 * from);
    out.ends.set(r.ends, 2 * from);
    out.settleStep.set(r.settleStep, from);
    out.status.set(r.status, from);
    for (const w of r.diverged) out.diverged.push(w + from);
    out.undefinedB += r.undefinedB;
  });
  return out;
}

/** How a claim is measured: engine, seeds of the verdict, search budget (defaults: the CLI's). */
export type ClaimRunOptions = Pick<ClaimJob, 'backend' | 'seeds' | 'budget'>;

/**
 * One claim measured by its own Claim.run, in a worker, on `run.backend` (the GPU through the
 * worker's own device, the CPU where it has none or loses it: claimOnBackend.ts).
 */
export function claimOffThread(
  claim: Claim,
  seed: number,
  definition: string | undefined,
  signal?: AbortSignal,
  progress?: (fraction: number, message: string) => void,
  run: ClaimRunOptions = {},
): Promise<ClaimResult> {
  const pool = labPool();
  const { backend = 'cpu', seeds, budget } = run;
  const sizes = {
    ...(seeds !== undefined ? { seeds } : {}),
    ...(budget !== undefined ? { budget } : {}),
  };
  if (!pool) {
    const ctx = {
      seed,
      ...sizes,
      ...(definition ? { definition } : {}),
      ...(signal ? { signal } : {}),
      ...(progress ? { progress } : {}),
    };
    return measureClaimOn(claim, ctx, backend);
  }
  return pool.run(
    {
      kind: 'claim',
      id: claim.id,
      seed,
      ...(definition ? { definition } : {}),
      backend,
      ...sizes,
    },
    {
      ...(signal ? { signal } : {}),
      onProgress: (f, m) => progress?.(f, m ?? ''),
    },
  );
}

/** The serialisable part of a resolved meta context. */
export function metaJobContext(o: ResolvedMetaOptions): MetaJobContext {
  return {
    starts: o.starts.map((s) => Float64Array.from(s)),
    loss: o.loss,
    tol: o.tol,
    convergeOn: o.convergeOn,
    T: o.T,
    eta: o.eta,
    ...(o.gating !== undefined ? { gating: o.gating } : {}),
    ...(o.tau !== undefined ? { tau: o.tau } : {}),
  };
}

/**
 * The meta-losses of `matrices` (one per perturbed matrix, in order), split into one contiguous
 * share per worker; the same float64 evaluation as the core's own evaluator.
 */
export async function metaLossesOffThread(
  o: ResolvedMetaOptions,
  matrices: Float64Array[],
  signal?: AbortSignal,
  onProgress?: (fraction: number) => void,
): Promise<Float64Array> {
  const pool = labPool();
  const problem = problemRecipe(o.problem);
  if (!pool || !problem) {
    if (signal?.aborted) throw aborted('meta-learning');
    return evaluateMetaLosses(o, matrices);
  }
  const ctx = metaJobContext(o);
  const parts = Math.min(pool.size, matrices.length);
  const per = Math.ceil(matrices.length / parts);
  const done = new Float64Array(parts);
  const shares = await Promise.all(
    Array.from({ length: parts }, (_, p) => {
      const mine = matrices.slice(p * per, (p + 1) * per);
      return pool.run(
        { kind: 'metaLosses', problem, ctx, matrices: mine },
        {
          ...(signal ? { signal } : {}),
          onProgress: (f) => {
            done[p] = f * mine.length;
            onProgress?.(done.reduce((a, b) => a + b, 0) / matrices.length);
          },
        },
      );
    }),
  );
  const out = new Float64Array(matrices.length);
  let at = 0;
  for (const s of shares) {
    out.set(s, at);
    at += s.length;
  }
  return out;
}

/** The Coulomb view (fit, exact form, rank errors) computed in a worker. */
export async function coulombOffThread(
  W: Float64Array,
  K: number,
  opts: { m: number; seed: number },
  signal?: AbortSignal,
): Promise<CoulombViewData> {
  const pool = labPool();
  if (!pool) {
    if (signal?.aborted) throw aborted('fit');
    return coulombView(W, K, opts);
  }
  return pool.run(
    { kind: 'coulomb', W: Float64Array.from(W), K, m: opts.m, seed: opts.seed },
    signal ? { signal } : {},
  );
}

/** Inner speed of matrices on the float64 CPU (innerSpeed.ts), as one job of the pool. */
export async function innerSpeedOffThread(
  problem: Problem,
  matrices: Float64Array[],
  options: InnerSpeedJob['options'],
  signal?: AbortSignal,
): Promise<InnerSpeed[]> {
  const pool = labPool();
  const recipe = problemRecipe(problem);
  if (!pool || !recipe) return innerSpeed(problem, matrices, options);
  return pool.run(
    { kind: 'innerSpeed', problem: recipe, matrices, options },
    signal ? { signal } : {},
  );
}
