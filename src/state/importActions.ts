/**
 * What the app does with a dropped or picked file, and with "Back to the live run".
 *
 * importBytes reads and analyses the file completely before anything changes: a bad or hostile
 * file leaves the run, the configuration and the URL exactly as they were and records the
 * InputError's message. A good gradient file: the runner suspends its engine (no θ, no flow),
 * the run store's fields are saved, `source` becomes 'imported', and the run store shows the set
 * (publishImported). The Gram pass: the float64 core for float64 data up to CORE_MAX_ENTRIES;
 * beyond, the GPU in chunks (shared device, K ≤ 32), else the CPU in float64 chunks.
 * A concord-run export without gradients restores its configuration and series. Files of a
 * megabyte or more are read in slices and decoded in a lab worker (decodeOffThread.ts).
 */
import { InputError } from '../core/errors';
import { ldexp, type RowScaledGram } from '../core/metrics/rowScaled';
import {
  GRAM_CHUNKED_MAX_K,
  type GramChunkedResult,
  gramChunkedCpu,
  gramChunkedGpu,
} from '../gpu/gramChunked';
import { gpuGramFallbackNote } from '../lab/gramBackend';
import { principalCoordinates } from '../lab/importAnalysis';
import { JSON_EXPORT_MAX_ENTRIES, type LoadedFile } from '../lab/importFiles';
import { getSharedDevice } from '../ui/gpu';
import { decodeOffThread } from '../workers/decodeOffThread';
import { gramOffThread } from '../workers/gramOffThread';
import { CONFIG_FIELDS, type Config, isValidValue } from './configSchema';
import { checkedPatch, useConfigStore } from './configStore';
import { discoverGroups } from './groups';
import { analyse, publishImported, seriesFromColumns } from './importPublish';
import {
  type GramBackend,
  type ImportedSet,
  type ImportStage,
  useImportStore,
} from './importStore';
import { runner } from './runner';
import { useRunStore } from './runStore';

/** Float64 sets up to this many entries use the core's Gram matrix directly. */
export const CORE_MAX_ENTRIES = 2 ** 22;
const READ_SLICE = 16 * 2 ** 20;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const frame = () => new Promise<void>((r) => setTimeout(r, 0));

function progress(fileName: string, stage: ImportStage, fraction: number): void {
  useImportStore.getState().set_({ progress: { fileName, stage, fraction } });
}

/** Reads a Blob in slices into one buffer, reporting progress. */
async function readBlob(blob: Blob, name: string): Promise<Uint8Array> {
  const out = new Uint8Array(blob.size);
  for (let off = 0; off < blob.size; off += READ_SLICE) {
    const part = await blob.slice(off, off + READ_SLICE).arrayBuffer();
    out.set(new Uint8Array(part), off);
    progress(name, 'reading', Math.min(1, (off + READ_SLICE) / blob.size));
  }
  return out;
}

/** Fields of a file's configuration: admissible values only (InputError naming the field). */
function configPatch(file: string, cfg: Record<string, unknown>, warnings: string[]) {
  const patch: Partial<Config> = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (!Object.hasOwn(CONFIG_FIELDS, k)) {
      warnings.push(`configuration key "${k.slice(0, 40)}" is unknown and was ignored`);
      continue;
    }
    if (!isValidValue(CONFIG_FIELDS[k as keyof Config], v)) {
      throw new InputError(`${file} config.${k}`, `value ${JSON.stringify(v)} is not admissible`);
    }
    (patch as Record<string, unknown>)[k] = v;
  }
  return patch;
}

/** The configuration the loaded file asks for (validated; the current one otherwise). */
function nextConfig(file: string, loaded: LoadedFile, warnings: string[]): Config {
  const cur = useConfigStore.getState().config;
  let next = cur;
  if (loaded.config) next = checkedPatch(cur, configPatch(file, loaded.config, warnings));
  if (loaded.kind === 'gradients' && loaded.spec) {
    const s = loaded.spec;
    const fromSpec: Record<string, unknown> = {
      method: s.id,
      alpha: s.alpha,
      mode: s.mode,
      gating: s.gating,
      order: s.order,
      shuffle: s.shuffle,
      tau: s.tau,
      c: s.c,
      seed: s.seed,
    };
    for (const [k, v] of Object.entries(fromSpec)) {
      if (v === undefined) continue;
      if (isValidValue(CONFIG_FIELDS[k as keyof Config], v)) next = checkedPatch(next, { [k]: v });
      else warnings.push(`the file's ${k} = ${String(v)} is outside the app's range; not used`);
    }
    if (s.A) warnings.push("the file's interaction matrix A is not used (the app's A_ij = α)");
  }
  return next;
}

interface GramPass {
  G: Float64Array;
  sumSq: number;
  E: number;
  rowGram: RowScaledGram;
  backend: GramBackend;
  scratchBytes: number;
}

/**
 * G and ‖Σ g_i‖² on a common power-of-two scale, with the row-scaled Gram matrix (module
 * comment). A row spanning more than float32's range on the GPU is computed on the CPU.
 */
async function gramPass(
  file: string,
  K: number,
  d: number,
  g: Float64Array | Float32Array,
  warnings: string[],
  exponents: { e: Int32Array; E: number } | null,
): Promise<GramPass> {
  const pick = (
    r: Pick<GramChunkedResult, 'G' | 'sumSq' | 'E' | 'rowGram' | 'scratchBytes'>,
    backend: GramBackend,
  ) => ({
    G: r.G,
    sumSq: r.sumSq,
    E: r.E,
    rowGram: r.rowGram,
    backend,
    scratchBytes: r.scratchBytes,
  });
  if (g instanceof Float64Array && K * d <= CORE_MAX_ENTRIES) {
    return pick(await gramChunkedCpu({ K, d, g }), 'core');
  }
  const onProgress = (f: number) => progress(file, 'gram', f);
  const device = getSharedDevice();
  if (device && K <= GRAM_CHUNKED_MAX_K) {
    try {
      return pick(await gramChunkedGpu(device, { K, d, g }, { onProgress }), 'gpu');
    } catch (e) {
      warnings.push(await gpuGramFallbackNote(device, e));
    }
  }
  // Float64 column blocks in the lab's worker pool (in-process without one).
  return pick(
    await gramOffThread({ K, d, g }, { onProgress, ...(exponents ? { exponents } : {}) }),
    'cpu',
  );
}

/** Leaves the imported mode if it is on (the engine resumes the saved run). */
export function backToLive(): void {
  const st = useImportStore.getState();
  const saved = st.saved;
  st.set_({ set: null, analysis: null, saved: null });
  if (useConfigStore.getState().config.source !== 'problem') {
    useConfigStore.getState().update({ source: 'problem' });
  }
  if (saved) {
    useRunStore.setState({ ...saved, version: useRunStore.getState().version + 1 });
  }
  runner.resume();
}

async function commitRun(file: string, loaded: LoadedFile & { kind: 'run' }, next: Config) {
  const K = next.problem === 'quadratic-groups' ? next.K : 2;
  const series = loaded.series ? seriesFromColumns(loaded.series, K, file) : null;
  if (useImportStore.getState().set) backToLive();
  useConfigStore.setState({ config: { ...next, source: 'problem' } });
  await runner.idle();
  if (series) useRunStore.getState().set({ series, version: useRunStore.getState().version + 1 });
  useImportStore.getState().set_({
    info: `${file}: configuration restored${series ? ` with its series (${series.length} samples${loaded.step !== null ? `, to step ${loaded.step}` : ''})` : ''}; the run restarts from its start point`,
  });
}

/** Imports one file (module comment). Resolves true on success; never throws. */
export async function importBytes(name: string, source: Blob | Uint8Array): Promise<boolean> {
  const st = useImportStore.getState();
  const file = name || 'file';
  if (st.progress) {
    st.set_({ error: `${file}: another file is being imported; try again when it is done` });
    return false;
  }
  st.set_({ error: null, info: null, missingData: false });
  progress(file, 'reading', 0);
  try {
    const t0 = performance.now();
    const bytes = source instanceof Uint8Array ? source : await readBlob(source, file);
    progress(file, 'parsing', 0);
    await frame();
    // Large files are decoded in a worker (their bytes transferred when read here).
    const { loaded, exponents } = await decodeOffThread(name, bytes, {
      owned: !(source instanceof Uint8Array),
    });
    const warnings = loaded.kind === 'gradients' ? [...loaded.warnings] : [];
    const config = nextConfig(file, loaded, warnings);
    if (loaded.kind === 'run') {
      await commitRun(file, loaded, config);
      return true;
    }
    const { K, d, g } = loaded;
    const t1 = performance.now();
    progress(file, 'gram', 0);
    const gp = await gramPass(file, K, d, g, warnings, exponents);
    const t2 = performance.now();
    progress(file, 'analysis', 0);
    await frame();
    let coords: Float64Array;
    let n = d;
    let share3 = 1;
    if (d <= 3) coords = Float64Array.from(g);
    else {
      const pc = principalCoordinates(gp.G, K, d);
      // Back to the original units (the Gram matrix is 2^(2E) times the unscaled one).
      coords = pc.X.map((x) => ldexp(x, -gp.E));
      if (!coords.every(Number.isFinite)) coords = pc.X;
      n = pc.m;
      share3 = pc.share3;
    }
    const set: ImportedSet = {
      fileName: file,
      format: loaded.format,
      K,
      d,
      names: loaded.names,
      warnings,
      precision: g instanceof Float32Array ? 'float32' : 'float64',
      data: K * d <= JSON_EXPORT_MAX_ENTRIES ? g : null,
      G: gp.G,
      sumSq: gp.sumSq,
      gramExp: gp.E,
      rowGram: gp.rowGram,
      gramBackend: gp.backend,
      dataBytes: g.byteLength,
      scratchBytes: gp.scratchBytes,
      loadMs: t1 - t0,
      gramMs: t2 - t1,
      analysisMs: 0,
      coords,
      n,
      share3,
      groups: discoverGroups(gp.G, K),
    };
    if (loaded.spec) set.spec = loaded.spec;
    if (loaded.stored) set.stored = loaded.stored;
    const analysis = analyse(set, config);
    set.analysisMs = performance.now() - t2;
    // Everything is computed: now the state changes.
    const wasImported = useImportStore.getState().set !== null;
    if (!wasImported) {
      await runner.suspend();
      const { set: _s, resetRun: _r, backend: _b, notice: _n, ...saved } = useRunStore.getState();
      useImportStore.getState().set_({ saved });
    }
    useImportStore.getState().set_({ set, analysis, progress: null });
    useConfigStore.setState({ config: { ...config, source: 'imported', view: 'live' } });
    publishImported(set, analysis, useConfigStore.getState().config);
    return true;
  } catch (e) {
    const msg = e instanceof InputError ? e.message : `${file}: ${message(e)}`;
    useImportStore.getState().set_({ progress: null, error: msg });
    return false;
  } finally {
    if (useImportStore.getState().progress) useImportStore.getState().set_({ progress: null });
  }
}

/**
 * Follows the configuration: a link asking for an imported view without data says so (and the
 * live run shows); leaving 'imported' by a link goes back to the live run; any other change while
 * imported re-analyses the set (Gram form, K×K work only). Returns the unsubscribe function.
 */
export function startImportSync(): () => void {
  const check = (c: Config, prev: Config | null) => {
    const st = useImportStore.getState();
    if (c.source === 'imported' && !st.set) {
      st.set_({ missingData: true });
      useConfigStore.getState().update({ source: 'problem' });
    } else if (c.source === 'problem' && prev?.source === 'imported' && st.set) {
      backToLive();
    } else if (c.source === 'imported' && st.set && prev && c !== prev) {
      const analysis = analyse(st.set, c);
      st.set_({ analysis });
      publishImported(st.set, analysis, c);
    }
  };
  check(useConfigStore.getState().config, null);
  return useConfigStore.subscribe((s, p) => check(s.config, p.config));
}
