/**
 * What the kernels need of a core Problem: which problem functions to link and the float32
 * constants they read (the `prob` buffer, shared by all worlds).
 *   quadratic groups (kind 'quadratic'): [q (K×d) | c (K×d)], exactly the core's q and c;
 *   convex pair (kind 'convex-pair', f_i = (x − u_i)ᵀA_i(x − u_i)): the dense form with
 *     H_i = 2A_i: [H (K×d×d) | u (K×d) | l = 0 (K)];
 *   CAGrad toy (kind 'cagrad-toy'): [atZero] (0 'zero', 1 'autograd').
 * Any other problem is rejected with InputError('problem', ...): use the CPU backend.
 */
import { InputError } from '../core/errors';
import type { Problem } from '../core/problems/types';
import type { ProblemKernel } from './shaders';

export interface ProblemData {
  kernel: ProblemKernel;
  prob: Float32Array;
}

interface Tagged {
  kind?: string;
  q?: Float64Array;
  c?: Float64Array;
  A?: readonly Float64Array[];
  u?: readonly Float64Array[];
  atZero?: string;
}

export function problemData(problem: Problem): ProblemData {
  const p = problem as Problem & Tagged;
  const { K, d } = problem;
  if (p.kind === 'quadratic' && p.q instanceof Float64Array && p.c instanceof Float64Array) {
    const prob = new Float32Array(2 * K * d);
    prob.set(p.q, 0);
    prob.set(p.c, K * d);
    return { kernel: 'quadratic', prob };
  }
  if (p.kind === 'convex-pair' && p.A && p.u) {
    const prob = new Float32Array(K * d * d + K * d + K);
    for (let i = 0; i < K; i++) {
      for (let m = 0; m < d * d; m++) prob[i * d * d + m] = 2 * p.A[i][m];
      prob.set(p.u[i], K * d * d + i * d);
    }
    return { kernel: 'dense', prob };
  }
  if (p.kind === 'cagrad-toy') {
    return { kernel: 'cagradToy', prob: Float32Array.of(p.atZero === 'autograd' ? 1 : 0) };
  }
  throw new InputError(
    'problem',
    `"${problem.id}" has no GPU kernel (quadratic groups, convex pair, CAGrad toy); use the CPU backend`,
  );
}
