/**
 * The app's import path without a browser (CPU engine, timer-driven frames): a good file enters
 * the imported mode with the core's Gram matrix and analysis; a bad one changes nothing; the JSON
 * export re-imports through the same path to the same state; Back restores the run; a problem-run
 * export restores its configuration and series; a link asking for imported data says so.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gram } from '../../src/core/gram';
import { writeNpy } from '../../src/core/io/npy';
import { createRng } from '../../src/core/rng';
import { METHOD_IDS } from '../../src/core/types';
import { runExportText } from '../../src/lab/importFiles';
import { defaultConfig } from '../../src/state/configSchema';
import { useConfigStore } from '../../src/state/configStore';
import { backToLive, importBytes, startImportSync } from '../../src/state/importActions';
import { useImportStore } from '../../src/state/importStore';
import { runner } from '../../src/state/runner';
import { useRunStore } from '../../src/state/runStore';
import { seriesColumns } from '../../src/state/series';
import { freshSeed } from '../gpu/helpers';

const g = globalThis as unknown as {
  requestAnimationFrame: (cb: (t: number) => void) => number;
  cancelAnimationFrame: (id: number) => void;
};
let stopSync: () => void;

beforeAll(async () => {
  g.requestAnimationFrame = (cb) =>
    setTimeout(() => cb(performance.now()), 16) as unknown as number;
  g.cancelAnimationFrame = (id) => clearTimeout(id);
  useConfigStore.setState({ config: { ...defaultConfig(), backend: 'cpu' } });
  runner.start();
  await runner.idle();
  stopSync = startImportSync();
});

afterAll(() => {
  stopSync();
  runner.stop();
});

/** The run fields a failed import must leave alone. */
function runFields() {
  const s = useRunStore.getState();
  return {
    step: s.step,
    version: s.version,
    problemId: s.problemId,
    theta: Array.from(s.view!.theta),
    G: Array.from(s.view!.G),
    series: s.series.length,
    config: useConfigStore.getState().config,
  };
}

function randomSet(K: number, d: number) {
  const rng = createRng(freshSeed());
  return { K, d, g: Float64Array.from({ length: K * d }, () => rng.normal()) };
}

describe('importBytes', () => {
  it('a bad file records the message and changes nothing', async () => {
    await runner.step();
    const before = runFields();
    const ok = await importBytes(
      'bad.npy',
      new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1]),
    );
    expect(ok).toBe(false);
    expect(useImportStore.getState().error).toMatch(/^bad\.npy/);
    expect(runFields()).toEqual(before);
    expect(runner.isSuspended).toBe(false);
  });

  it('a good file suspends the run and shows the set; the export re-imports to the same state', async () => {
    const before = runFields();
    const gs = randomSet(5, 40);
    expect(await importBytes('set.npy', writeNpy(gs))).toBe(true);
    expect(runner.isSuspended).toBe(true);
    const cfg = useConfigStore.getState().config;
    expect(cfg.source).toBe('imported');
    const run = useRunStore.getState();
    expect([run.problemId, run.K, run.d]).toEqual(['imported', 5, 5]);
    expect(Array.from(run.view!.G)).toEqual(Array.from(gram(gs)));
    const set = useImportStore.getState().set!;
    expect(set.gramBackend).toBe('core');
    expect(useImportStore.getState().analysis!.table).toHaveLength(METHOD_IDS.length);
    // Play does nothing: there is no flow.
    runner.play();
    expect(useRunStore.getState().status).toBe('paused');
    // A method change re-analyses from G.
    useConfigStore.getState().update({ method: 'pcgrad', alpha: 0.8 });
    expect(useRunStore.getState().view!.C).toEqual(useImportStore.getState().analysis!.C);
    const text = runExportText({
      config: { ...useConfigStore.getState().config },
      imported: { K: set.K, d: set.d, g: set.data, names: set.names },
      series: {},
      step: 0,
    });
    const stateBefore = {
      config: useConfigStore.getState().config,
      G: Array.from(useRunStore.getState().view!.G),
      C: Array.from(useRunStore.getState().view!.C),
    };
    backToLive();
    await runner.idle();
    expect(runner.isSuspended).toBe(false);
    expect(useConfigStore.getState().config.source).toBe('problem');
    const after = runFields();
    expect([after.step, after.problemId, after.theta]).toEqual([
      before.step,
      before.problemId,
      before.theta,
    ]);
    useConfigStore.getState().update({ alpha: 0.1, method: 'sum' });
    expect(await importBytes('exported.json', new TextEncoder().encode(text))).toBe(true);
    expect(useConfigStore.getState().config).toEqual(stateBefore.config);
    expect(Array.from(useRunStore.getState().view!.G)).toEqual(stateBefore.G);
    expect(Array.from(useRunStore.getState().view!.C)).toEqual(stateBefore.C);
    backToLive();
    await runner.idle();
  });

  it('sets of 1e200 and 1e-200 import with S, B and conflicts in original units', async () => {
    // Before rescaling: 1e200 was refused ("sumSq: must be a finite number ≥ 0"), tiny sets gave
    // S = 0 and "B undefined".
    const rows = [
      [1, 0, 0],
      [-1, 1, 0],
      [0, 0, 2],
    ];
    for (const s of [1e200, 1e-200]) {
      const text = JSON.stringify({ gradients: rows.map((r) => r.map((x) => x * s)) });
      const ok = await importBytes(`big${s}.json`, new TextEncoder().encode(text));
      expect(ok, useImportStore.getState().error ?? '').toBe(true);
      const sum = useImportStore.getState().analysis!.summary;
      // S = 7·s², B = ‖(0, 1, 2)‖²/7 = 5/7, one conflicting pair (0, 1).
      expect(sum.B).toBeCloseTo(5 / 7, 14);
      expect(sum.conflicts).toBe(1);
      expect(sum.log10S).toBeCloseTo(Math.log10(7) + 2 * Math.log10(s), 10);
    }
    backToLive();
    await runner.idle();
  });

  it('a problem-run export restores its configuration and series', async () => {
    await runner.step();
    await runner.step();
    const cfg = { ...useConfigStore.getState().config, seed: 11 };
    const series = seriesColumns(useRunStore.getState().series);
    const text = runExportText({ config: cfg, imported: null, series, step: 2 });
    expect(await importBytes('run.json', new TextEncoder().encode(text))).toBe(true);
    expect(useConfigStore.getState().config).toEqual(cfg);
    expect(seriesColumns(useRunStore.getState().series)).toEqual(series);
    expect(useImportStore.getState().info).toMatch(/configuration restored/);
  });

  it('a configuration with an inadmissible value is rejected, naming the field', async () => {
    const before = runFields();
    const text = runExportText({
      config: { ...defaultConfig(), K: 99 },
      imported: null,
      series: {},
      step: 0,
    });
    expect(await importBytes('r.json', new TextEncoder().encode(text))).toBe(false);
    expect(useImportStore.getState().error).toMatch(/r\.json config\.K/);
    expect(runFields()).toEqual(before);
  });

  it('source=imported without data says so and falls back to the problem', () => {
    useConfigStore.getState().loadHash('#source=imported');
    expect(useImportStore.getState().missingData).toBe(true);
    expect(useConfigStore.getState().config.source).toBe('problem');
  });

  it('arbitrary hashes (any code points) never throw and never enter the imported mode', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.string({ unit: 'binary', maxLength: 40 }).map((v) => `#source=${v}&method=${v}`),
          fc.constant('#source=imported&K=abc'),
        ),
        (h) => {
          useConfigStore.getState().loadHash(h);
          const c = useConfigStore.getState().config;
          expect(c.source).toBe('problem');
          expect(useImportStore.getState().set).toBeNull();
          expect(runner.isSuspended).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
