/**
 * `lab project --input FILE|-`: applies one method to a gradient set given in the project format
 * and prints {"projected", "direction", "metrics": {"S", "log10S", "B", "I", "conflicts", "cos"}}.
 *
 * Every number is computed on gradients rescaled by a power of two (core/metrics/rowScaled.ts):
 * cosines, conflicts and the per-gradient methods from the row-scaled Gram matrix, B and I on one
 * common scale, S in the original units (with log₁₀ S, defined also where S is beyond float64).
 * A projection or direction outside float64's range is an InputError (exit 2), never ∞ or null.
 * With --backend gpu the row-scaled Gram matrix comes from the GPU (float32 partial sums); a set
 * the GPU cannot hold (a row spanning more than float32, K > 32, no device) is computed on the
 * CPU instead and the output says so, as the page does. B and I are null when S = 0.
 */
import { closeSync, openSync } from 'node:fs';
import { InputError } from '../../core/errors';
import { cosineFromGram } from '../../core/gram';
import { checkTextBytes, MAX_TEXT_BYTES } from '../../core/io/limits';
import { parseProjectText } from '../../core/io/projectInput';
import { projectWithGram } from '../../core/methods/index';
import { balance } from '../../core/metrics/balance';
import { conflictPairs } from '../../core/metrics/conflict';
import {
  commonScale,
  LOG10_2,
  type RowScaledGram,
  rowScaledGram,
} from '../../core/metrics/rowScaled';
import { DEFAULT_TAU, type GradSet, gradSetToRows } from '../../core/types';
import type { Flags } from '../args';
import { currentIo, readBounded } from '../io';
import { initNodeWebGpu } from '../nodeGpu';
import { progressBar } from '../progress';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

/** Reads a file or stdin, at most MAX_TEXT_BYTES (a longer input, e.g. /dev/zero, is refused). */
function readInput(path: string): string {
  let bytes: Uint8Array;
  if (path === '-') {
    bytes = currentIo().readStdin(MAX_TEXT_BYTES);
  } else {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new InputError(
        '--input',
        `cannot read "${path.slice(0, 200)}": ${(e as Error).message}`,
      );
    }
    try {
      bytes = readBounded(fd, MAX_TEXT_BYTES);
    } catch (e) {
      throw new InputError(
        '--input',
        `cannot read "${path.slice(0, 200)}": ${(e as Error).message}`,
      );
    } finally {
      closeSync(fd);
    }
  }
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new InputError(
      '--input',
      `holds more than ${MAX_TEXT_BYTES / 2 ** 20} MiB; the project format is limited to that (stopped reading there)`,
    );
  }
  checkTextBytes(bytes.length, '--input');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('--input', 'is not valid UTF-8 text');
  }
}

/** Inputs of more characters than this (16 Mi) draw a bar of the stages on stderr. */
const LARGE_INPUT = 2 ** 24;

function rows(a: Float64Array, K: number): number[][] {
  const d = a.length / K;
  return gradSetToRows({ K, d, g: a } as GradSet);
}

/** log₁₀ S from the row-scaled Gram matrix (defined where S itself over- or underflows). */
function log10Trace(rg: RowScaledGram): number {
  const c = commonScale(rg);
  let S = 0;
  for (let i = 0; i < rg.K; i++) S += c.G[i * rg.K + i];
  return S > 0 ? Math.log10(S) - 2 * c.E * LOG10_2 : Number.NEGATIVE_INFINITY;
}

/** The row-scaled Gram matrix on the GPU, or null (with the reason in notes) to use the CPU. */
async function gpuRowGram(gs: GradSet, notes: string[]): Promise<RowScaledGram | null> {
  try {
    // The WGSL imports need the hooks that initNodeWebGpu registers: import after it.
    await initNodeWebGpu();
    const { GRAM_CHUNKED_MAX_K } = await import('../../gpu/gramChunked');
    if (gs.K > GRAM_CHUNKED_MAX_K) {
      notes.push(
        `the GPU Gram kernel takes K ≤ ${GRAM_CHUNKED_MAX_K}; computed on the CPU (float64)`,
      );
      return null;
    }
    const { gramSource } = await import('../../lab/gramBackend');
    const source = await gramSource('gpu');
    try {
      const [r] = await source.grams([gs]);
      return r.rowGram;
    } finally {
      source.dispose();
    }
  } catch (e) {
    notes.push(
      `GPU: ${(e as Error).message.split('\n')[0]}; computed on the CPU (float64) instead`,
    );
    return null;
  }
}

export async function projectCommand(flags: Flags): Promise<CommandResult> {
  const path = flags.string('input');
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  if (path === undefined) throw new InputError('--input', 'is required (a file, or - for stdin)');
  const text = readInput(path);
  // A large input takes seconds a stage: a bar of the stages, and Ctrl-C between them.
  const bar = text.length > LARGE_INPUT ? progressBar('project stages', 5) : null;
  await bar?.tick(1);
  const { gs, spec } = parseProjectText(text);
  await bar?.tick(2);
  const tau = spec.tau ?? DEFAULT_TAU;
  const notes: string[] = [];
  const gpu = backend === 'gpu' ? await gpuRowGram(gs, notes) : null;
  const rg = gpu ?? rowScaledGram(gs);
  await bar?.tick(3);
  const bal = balance(gs);
  // On the CPU the gradients are at hand: the QP methods solve on their QR factor (exact to ε·κ,
  // where G alone reaches ε·κ²); rg still gives the metrics. A GPU Gram keeps the Gram form.
  const proj = projectWithGram(gs, spec, rg, undefined, { factor: gpu === null });
  await bar?.tick(4);
  const pairs = conflictPairs(rg.G, gs.K, tau);
  const log10S = log10Trace(rg);
  if (bal.B === null) notes.push('B and I are undefined: every gradient is zero (S = 0).');
  else if (!Number.isFinite(bal.S) || bal.S === 0) {
    notes.push(
      `S = 10^${log10S.toFixed(3)} lies outside float64's range: "S" is null, "log10S" holds it (B and I are exact).`,
    );
  }
  const used = gpu ? 'gpu' : 'cpu';
  const json = {
    projected: rows(proj.projected, gs.K),
    direction: Array.from(proj.direction),
    metrics: {
      S: Number.isFinite(bal.S) && (bal.S > 0 || bal.B === null) ? bal.S : null,
      log10S: Number.isFinite(log10S) ? log10S : null,
      B: bal.B,
      I: bal.I,
      conflicts: pairs,
      cos: rows(cosineFromGram(rg.G, gs.K), gs.K),
    },
    backend: used,
    ...(notes.length > 0 ? { notes } : {}),
  };
  bar?.update(5);
  bar?.end();
  const vec = (v: number[]) => `[${v.map(fmt).join(', ')}]`;
  const render = () => {
    const input = gradSetToRows(gs);
    return [
      `method ${spec.id}, K = ${gs.K}, d = ${gs.d}, τ = ${fmt(tau)}, ${used === 'gpu' ? 'Gram matrix on the GPU (float32, rows rescaled)' : 'CPU float64'}`,
      table(
        ['i', 'g_i', "g'_i"],
        json.projected.map((p, i) => [String(i), vec(input[i]), vec(p)]),
      ),
      `d = ${vec(json.direction)}`,
      `S = ${json.metrics.S === null ? `10^${log10S.toFixed(3)}` : fmt(bal.S)}   B = ${fmt(bal.B)}   I = ${fmt(bal.I)}   conflicting pairs: ${
        pairs.length === 0 ? 'none' : pairs.map(([i, j]) => `(${i},${j})`).join(' ')
      }`,
      ...notes,
    ].join('\n');
  };
  return { json, text: render };
}
