/**
 * Decoding a dropped file in a lab worker (src/workers/decodeOffThread.ts), over in-process
 * stand-ins of workers that structured-clone every message as a browser does: the set that comes
 * back equals readDroppedFile's on the page, bit for bit (float32 kept float32, float64 digits,
 * names, warnings), with the exponents the Gram pass would compute; the job really runs in a
 * worker and takes the bytes by transfer only when the caller gives them up; a malformed file is
 * an InputError naming the file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors';
import { writeNpy } from '../../src/core/io/npy';
import { writeSafetensors } from '../../src/core/io/safetensorsWrite';
import { rowExponents } from '../../src/core/metrics/rowScaled';
import { createRng } from '../../src/core/rng';
import { commonExponent } from '../../src/gpu/gramChunked';
import { LARGE_FILE_BYTES, type LoadedFile, readDroppedFile } from '../../src/lab/importFiles';
import { decodeOffThread, OFF_THREAD_DECODE_BYTES } from '../../src/workers/decodeOffThread';
import { createLabHandler } from '../../src/workers/labHandler';
import { setLabPool } from '../../src/workers/labPool';
import type { LabRequest } from '../../src/workers/labProtocol';
import { LabPool } from '../../src/workers/pool';
import { fakeWorkers } from './fakeWorker';

afterEach(() => setLabPool(null));

function withPool() {
  const w = fakeWorkers<LabRequest>((post) => createLabHandler(post));
  setLabPool(new LabPool(w.spawn, 2));
  return w;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Index of the first byte where a and b differ (−1: equal; a loop, as deep equality is slow). */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return k;
  return -1;
}

/** The two decodes agree in every field, the gradient values bit for bit. */
function expectSame(worker: LoadedFile, page: LoadedFile) {
  if (worker.kind !== 'gradients' || page.kind !== 'gradients') throw new Error('not gradients');
  expect(worker.g.constructor).toBe(page.g.constructor);
  expect(firstDiff(bytesOf(worker.g), bytesOf(page.g))).toBe(-1);
  const { g: _a, ...w } = worker;
  const { g: _b, ...p } = page;
  expect(w).toEqual(p);
}

/** K rows of random values, with one row far below 1 and one far above (exponents matter). */
function gradients(seed: number, K: number, d: number): Float64Array {
  const rng = createRng(seed);
  const g = Float64Array.from({ length: K * d }, () => rng.uniform(-1, 1));
  for (let k = 0; k < d; k++) {
    g[k] *= 2 ** -30;
    g[(K - 1) * d + k] *= 2 ** 20;
  }
  return g;
}

describe('decodeOffThread', () => {
  it('a float32 .npy over the large-file size: the worker gives the page’s float32 set, bit for bit', async () => {
    const w = withPool();
    const K = 4;
    const d = Math.ceil(LARGE_FILE_BYTES / (4 * K)) + 17;
    const g = gradients(11, K, d);
    const file = writeNpy({ K, d, g }, 'f4');
    const page = readDroppedFile('big.npy', file);
    const r = await decodeOffThread('big.npy', file);
    expect(w.spawned).toBeGreaterThan(0);
    expect(r.loaded.kind === 'gradients' && r.loaded.g).toBeInstanceOf(Float32Array);
    expectSame(r.loaded, page);
    if (page.kind !== 'gradients') throw new Error('not gradients');
    const e = rowExponents(page.g, K, d);
    expect(r.exponents && Array.from(r.exponents.e)).toEqual(Array.from(e));
    expect(r.exponents?.E).toBe(commonExponent(page.g, K, d, e));
    // Not given up: the caller's bytes are still there.
    expect(file.byteLength).toBeGreaterThan(LARGE_FILE_BYTES);
  });

  it('float64 .npy and named .safetensors of a few MiB: the same values and names; owned bytes are transferred', async () => {
    const w = withPool();
    const K = 3;
    const d = Math.ceil((2 * OFF_THREAD_DECODE_BYTES) / (8 * K));
    const g = gradients(12, K, d);
    const npy = writeNpy({ K, d, g }, 'f8');
    const st = writeSafetensors({ K, d, g }, ['depth', 'normals', 'edges']);
    for (const [name, file] of [
      ['g.npy', npy],
      ['g.safetensors', st],
    ] as const) {
      const page = readDroppedFile(name, file);
      const given = file.slice();
      const r = await decodeOffThread(name, given, { owned: true });
      expectSame(r.loaded, page);
      expect(given.byteLength).toBe(0);
      if (r.loaded.kind === 'gradients')
        expect(firstDiff(bytesOf(r.loaded.g), bytesOf(g))).toBe(-1);
    }
    expect(w.spawned).toBeGreaterThan(0);
    const named = await decodeOffThread('g.safetensors', st);
    expect(named.loaded.kind === 'gradients' && named.loaded.names).toEqual([
      'depth',
      'normals',
      'edges',
    ]);
  });

  it('a small file stays on the page (no worker), with the same result', async () => {
    const w = withPool();
    const file = writeNpy({ K: 2, d: 5, g: gradients(13, 2, 5) }, 'f8');
    const r = await decodeOffThread('s.npy', file, { owned: true });
    expect(w.spawned).toBe(0);
    expectSame(r.loaded, readDroppedFile('s.npy', file));
  });

  it('a malformed large file is an InputError naming the file, from the worker', async () => {
    withPool();
    const junk = new Uint8Array(OFF_THREAD_DECODE_BYTES + 3);
    junk.set(writeNpy({ K: 2, d: 4, g: gradients(14, 2, 4) }, 'f8').subarray(0, 60));
    let page: unknown = null;
    try {
      readDroppedFile('bad.npy', junk);
    } catch (e) {
      page = e;
    }
    const err = await decodeOffThread('bad.npy', junk).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field.startsWith('bad.npy')).toBe(true);
    expect((err as InputError).message).toBe((page as InputError).message);
  });
});
