/**
 * The lab's jobs as pure functions of their data: each rebuilds its problem from the recipe and
 * calls the same experiment code the CLI and the GPU path use (src/lab/*), on the in-process
 * float64 CPU engine (a claim on the GPU where its job asks: claimOnBackend.ts). `report` receives progress (and the α sweep's partial results).
 */
import { evaluateMetaLosses } from '../core/meta/index';
import { gramChunkedCpu } from '../gpu/gramChunked';
import { alphaSweep } from '../lab/alphaSweep';
import { basinMap } from '../lab/basinMap';
import { CLAIMS } from '../lab/claims/index';
import { coulombView } from '../lab/coulombView';
import { innerSpeed } from '../lab/innerSpeed';
import { cpuPaths } from '../state/cpuPaths';
import { measureClaimOn } from './claimOnBackend';
import { decodeInProcess } from './decodeFile';
import type { LabJob, LabResults } from './labProtocol';
import { problemFromRecipe } from './problemRecipe';

export type Report = (fraction: number, message?: string, partial?: unknown) => void;

export async function runLabJob(job: LabJob, report: Report): Promise<LabResults[LabJob['kind']]> {
  switch (job.kind) {
    case 'alphaSweep': {
      const { kind: _, problem, ...o } = job;
      return alphaSweep({
        ...o,
        problem: problemFromRecipe(problem),
        backend: 'cpu',
        onCheckpoint: (partial, fraction) => report(fraction, undefined, partial),
      });
    }
    case 'basinMap': {
      const { kind: _, problem, ...o } = job;
      return basinMap({
        ...o,
        problem: problemFromRecipe(problem),
        backend: 'cpu',
        onProgress: (f) => report(f),
      });
    }
    case 'claim': {
      const claim = CLAIMS.find((c) => c.id === job.id);
      if (!claim) throw new Error(`unknown claim "${job.id}"`);
      return measureClaimOn(
        claim,
        {
          seed: job.seed,
          ...(job.definition ? { definition: job.definition } : {}),
          ...(job.seeds !== undefined ? { seeds: job.seeds } : {}),
          ...(job.budget !== undefined ? { budget: job.budget } : {}),
          progress: (f, m) => report(f, m),
        },
        job.backend ?? 'cpu',
      );
    }
    case 'metaLosses': {
      const ctx = { ...job.ctx, problem: problemFromRecipe(job.problem) };
      const out = new Float64Array(job.matrices.length);
      for (let k = 0; k < job.matrices.length; k++) {
        out[k] = evaluateMetaLosses(ctx, [job.matrices[k]])[0];
        report((k + 1) / job.matrices.length);
      }
      return out;
    }
    case 'coulomb':
      return coulombView(job.W, job.K, { m: job.m, seed: job.seed });
    case 'gramBlock': {
      const r = await gramChunkedCpu(
        { K: job.K, d: job.n, g: job.g },
        { chunkCols: job.n, exponents: { e: job.e, E: job.E } },
      );
      return { G: r.rowGram.G, sumSq: r.sumSq };
    }
    case 'decodeFile':
      return decodeInProcess(job.name, job.bytes);
    case 'innerSpeed':
      return innerSpeed(problemFromRecipe(job.problem), job.matrices, job.options);
    case 'paths': {
      const { kind: _, problem, ...o } = job;
      return cpuPaths({ ...o, problem: problemFromRecipe(problem) });
    }
  }
}
