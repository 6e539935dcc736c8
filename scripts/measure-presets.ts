/**
 * Measures each preset's run with the float64 CPU engine (the app's live configuration, world 0,
 * the configured start): F − F*, B and the Pareto-stationarity gap at chosen steps. The preset
 * stories in src/state/presets.ts are written from these figures:
 *   npx tsx scripts/measure-presets.ts [steps]
 */
import { createProblem } from '../src/core/problems';
import { minNormWeights, quadForm } from '../src/core/simplex';
import { gram } from '../src/core/gram';
import { createCpuEngine } from '../src/engine';
import { type Config, defaultConfig } from '../src/state/configSchema';
import { PRESETS, presetConfig } from '../src/state/presets';
import { methodSpec, problemParams } from '../src/state/runConfig';

async function measure(name: string, c: Config, total: number) {
  const problem = createProblem(c.problem, problemParams(c));
  const starts = problem.starts();
  const start = Float64Array.from(starts[c.start % starts.length]);
  const e = createCpuEngine({
    problem,
    method: methodSpec(c, problem.K),
    flow: c.flow,
    eta: c.eta,
    epsSwitch: c.epsSwitch,
    starts: start,
  });
  const marks = [0, 10, 50, 100, 200, 330, 500, 1000, 2000, 5000, 10000, 20000].filter((m) => m <= total);
  let done = 0;
  const rows: string[] = [];
  for (const m of marks) {
    await e.advance(m - done);
    done = m;
    const s = await e.summaries();
    const v = await e.inspect(0);
    const G = gram({ K: problem.K, d: problem.d, g: v.gradients });
    const w = minNormWeights(G, problem.K);
    const gap = Math.sqrt(quadForm(G, problem.K, w));
    const F = s.F[0];
    const dF = problem.Fstar !== undefined ? F - problem.Fstar : Number.NaN;
    rows.push(`  step ${String(m).padStart(6)}  F ${F.toPrecision(6)}  F−F* ${dF.toPrecision(6)}  B ${s.B[0].toPrecision(4)}  pareto ${gap.toPrecision(4)}`);
  }
  console.log(`${name} (${c.problem}, ${c.method}, α=${c.alpha}, K=${problem.K}, d=${problem.d})`);
  console.log(rows.join('\n'));
}

const total = Number(process.argv[2] ?? 5000);
await measure('custom', defaultConfig(), total);
for (const p of PRESETS) await measure(p.id, presetConfig(p.id)!, total * (p.patch.stepsPerFrame ?? 1) > 20000 ? 20000 : total);
for (const id of ['sum', 'pcgrad', 'mgda', 'upgrad'] as const) await measure(`custom ${id}`, { ...defaultConfig(), method: id }, total);
