/**
 * The live view's CPU paths off the main thread: one job of the page's path worker (labPool.ts),
 * which stays alive between sweeps. Without a worker (Node, inside a worker) or for a problem
 * with no recipe, the same function runs in-process, so the paths are the same bit for bit.
 */
import { type CpuPathOptions, cpuPaths } from '../state/cpuPaths';
import { pathPool } from './labPool';
import { problemRecipe } from './problemRecipe';

export async function cpuPathsOffThread(o: CpuPathOptions): Promise<Float64Array[]> {
  const pool = pathPool();
  const problem = problemRecipe(o.problem);
  if (!pool || !problem) return cpuPaths(o);
  return pool.run({
    kind: 'paths',
    problem,
    flow: o.flow,
    eta: o.eta,
    epsSwitch: o.epsSwitch,
    start: Float64Array.from(o.start),
    methods: o.methods,
    steps: Int32Array.from(o.steps),
  });
}
