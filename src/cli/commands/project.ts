/**
 * `lab project --input FILE|-`: applies one method to a gradient set given in the project format
 * and prints {"projected", "direction", "metrics": {"S", "B", "I", "conflicts", "cos"}}.
 * B and I are null when S = 0 (undefined), with the reason in "notes". With --backend gpu the
 * Gram matrix and ‖Σg‖² come from the GPU (float32 partial sums); the rest is the float64 core.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors';
import { cosineFromGram, gram } from '../../core/gram';
import { parseProjectInput } from '../../core/io/projectInput';
import { projectWithGram } from '../../core/methods/index';
import { balance } from '../../core/metrics/balance';
import { conflictPairs } from '../../core/metrics/conflict';
import { DEFAULT_TAU, type GradSet, gradSetToRows } from '../../core/types';
import { gramSource } from '../../lab/gramBackend';
import type { Flags } from '../args';
import { initNodeWebGpu } from '../nodeGpu';
import { fmt, table } from '../table';
import type { CommandResult } from './result';

function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new InputError('--input', `cannot read "${path}": ${(e as Error).message}`);
  }
}

function rows(a: Float64Array, K: number): number[][] {
  const d = a.length / K;
  return gradSetToRows({ K, d, g: a } as GradSet);
}

/**
 * S, B and I from a Gram matrix and ‖Σg‖² (computed directly from the summed vector):
 * S = tr G, B = ‖Σg‖²/S, I = Σ_{i<j} G_ij / S; B and I null when S = 0.
 */
function balanceFromGram(G: Float64Array, K: number, sumSq: number) {
  let S = 0;
  let off = 0;
  for (let i = 0; i < K; i++) {
    S += G[i * K + i];
    for (let j = i + 1; j < K; j++) off += G[i * K + j];
  }
  return S > 0 ? { S, B: sumSq / S, I: off / S } : { S: 0, B: null, I: null };
}

export async function projectCommand(flags: Flags): Promise<CommandResult> {
  const path = flags.string('input');
  const backend = flags.choice('backend', ['cpu', 'gpu'] as const, 'cpu');
  flags.rejectUnknown();
  if (path === undefined) throw new InputError('--input', 'is required (a file, or - for stdin)');
  let value: unknown;
  try {
    value = JSON.parse(readInput(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('input', `is not valid JSON: ${(e as Error).message}`);
  }
  const { gs, spec } = parseProjectInput(value);
  const tau = spec.tau ?? DEFAULT_TAU;
  let G: Float64Array;
  let bal: { S: number; B: number | null; I: number | null };
  if (backend === 'gpu') {
    await initNodeWebGpu();
    const source = await gramSource('gpu');
    try {
      const [r] = await source.grams([gs]);
      G = r.G;
      bal = balanceFromGram(G, gs.K, r.sumSq);
    } finally {
      source.dispose();
    }
  } else {
    G = gram(gs);
    bal = balance(gs);
  }
  const proj = projectWithGram(gs, spec, backend === 'gpu' ? G : null);
  const pairs = conflictPairs(G, gs.K, tau);
  const notes: string[] = [];
  if (bal.B === null) notes.push('B and I are undefined: every gradient is zero (S = 0).');
  const json = {
    projected: rows(proj.projected, gs.K),
    direction: Array.from(proj.direction),
    metrics: {
      S: bal.S,
      B: bal.B,
      I: bal.I,
      conflicts: pairs,
      cos: rows(cosineFromGram(G, gs.K), gs.K),
    },
    backend,
    ...(notes.length > 0 ? { notes } : {}),
  };
  const vec = (v: number[]) => `[${v.map(fmt).join(', ')}]`;
  const text = [
    `method ${spec.id}, K = ${gs.K}, d = ${gs.d}, τ = ${fmt(tau)}, ${backend === 'gpu' ? 'Gram matrix on the GPU (float32)' : 'CPU float64'}`,
    table(
      ['i', 'g_i', "g'_i"],
      json.projected.map((p, i) => [String(i), vec(gradSetToRows(gs)[i]), vec(p)]),
    ),
    `d = ${vec(json.direction)}`,
    `S = ${fmt(bal.S)}   B = ${fmt(bal.B)}   I = ${fmt(bal.I)}   conflicting pairs: ${
      pairs.length === 0 ? 'none' : pairs.map(([i, j]) => `(${i},${j})`).join(' ')
    }`,
    ...notes,
  ].join('\n');
  return { json, text };
}
