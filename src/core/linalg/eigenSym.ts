/**
 * Symmetric eigen-decomposition by the cyclic Jacobi method (Golub & Van Loan §8.5), for the
 * small matrices of Concord (n ≤ 64: affinities, interaction matrices, Coulomb factors).
 *
 * M = Q·diag(λ)·Qᵀ with Q orthogonal, λ sorted descending.
 *
 * Each rotation annihilates one off-diagonal entry a_pq with
 *   θ = (a_qq − a_pp) / (2 a_pq),  t = sign(θ) / (|θ| + √(1 + θ²)),  c = 1/√(1 + t²),  s = t·c.
 *
 * Stopping rule (threshold Jacobi, Demmel–Veselić): in a sweep over all p < q, a_pq is rotated
 * away only if |a_pq| > ε·√(|a_pp|·|a_qq|) and |a_pq| > ε²·‖M‖_F (ε = 2⁻⁵²); otherwise it is set
 * to 0, which changes M by less than one rounding of its neighbours. The iteration stops after
 * the first sweep that performs no rotation. Convergence is quadratic, so this takes ~6–10
 * sweeps; more than 100 sweeps is reported as an error rather than returned silently.
 */
import { check, InputError, requireFinite } from '../errors';

export interface SymEigen {
  readonly n: number;
  /** Eigenvalues, sorted descending. */
  readonly values: Float64Array;
  /** Row-major n×n orthogonal Q: column k (entries Q[i·n + k]) is the eigenvector of values[k]. */
  readonly vectors: Float64Array;
  /** Number of Jacobi sweeps performed. */
  readonly sweeps: number;
}

const EPS = 2 ** -52;
const MAX_SWEEPS = 100;

/**
 * Checks that M (row-major n×n) is finite and symmetric to rounding:
 * |M_ij − M_ji| ≤ 1e-10·max|M|. Returns the exactly symmetric part (M + Mᵀ)/2.
 */
export function requireSymmetric(M: Float64Array, n: number, field: string): Float64Array {
  check(Number.isInteger(n) && n >= 1, field, `size must be a positive integer, got ${n}`);
  check(M.length === n * n, field, `must have ${n}×${n} = ${n * n} entries, got ${M.length}`);
  requireFinite(M, field);
  let scale = 0;
  for (let k = 0; k < M.length; k++) scale = Math.max(scale, Math.abs(M[k]));
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = M[i * n + j];
      const b = M[j * n + i];
      if (Math.abs(a - b) > 1e-10 * scale) {
        throw new InputError(`${field}[${i}][${j}]`, `matrix must be symmetric (${a} vs ${b})`);
      }
      S[i * n + j] = 0.5 * (a + b);
    }
  }
  return S;
}

/** Eigenvalues (descending) and orthonormal eigenvectors of the symmetric n×n matrix M. */
export function eigenSym(M: Float64Array, n: number, field = 'matrix'): SymEigen {
  const a = requireSymmetric(M, n, field);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let fro = 0;
  for (let k = 0; k < a.length; k++) fro += a[k] * a[k];
  fro = Math.sqrt(fro);
  const floor = EPS * EPS * fro;
  let sweeps = 0;
  for (;;) {
    let rotated = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= floor) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        rotate(a, V, n, p, q);
        rotated++;
      }
    }
    sweeps++;
    if (rotated === 0) break;
    if (sweeps >= MAX_SWEEPS) {
      throw new InputError(field, `Jacobi did not converge in ${MAX_SWEEPS} sweeps`);
    }
  }
  return sortDescending(a, V, n, sweeps);
}

/** One Jacobi rotation J(p, q) with a ← Jᵀ a J (zeroing a_pq) and V ← V J. */
function rotate(a: Float64Array, V: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q];
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  // For huge |θ|, √(1 + θ²) overflows; then t = 1/(2θ) to full precision.
  const t =
    Math.abs(theta) > 1e150
      ? 1 / (2 * theta)
      : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
  const c = 1 / Math.sqrt(1 + t * t);
  const s = t * c;
  const app = a[p * n + p];
  const aqq = a[q * n + q];
  a[p * n + p] = app - t * apq;
  a[q * n + q] = aqq + t * apq;
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let r = 0; r < n; r++) {
    if (r !== p && r !== q) {
      const arp = a[r * n + p];
      const arq = a[r * n + q];
      const np = c * arp - s * arq;
      const nq = s * arp + c * arq;
      a[r * n + p] = np;
      a[p * n + r] = np;
      a[r * n + q] = nq;
      a[q * n + r] = nq;
    }
    const vp = V[r * n + p];
    const vq = V[r * n + q];
    V[r * n + p] = c * vp - s * vq;
    V[r * n + q] = s * vp + c * vq;
  }
}

function sortDescending(a: Float64Array, V: Float64Array, n: number, sweeps: number): SymEigen {
  const order = Array.from({ length: n }, (_, k) => k).sort(
    (x, y) => a[y * n + y] - a[x * n + x] || x - y,
  );
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k];
    values[k] = a[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = V[i * n + src];
  }
  return { n, values, vectors, sweeps };
}

/** Column k of the eigenvector matrix, as a new vector. */
export function eigenvector(e: SymEigen, k: number): Float64Array {
  const { n, vectors } = e;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = vectors[i * n + k];
  return v;
}
