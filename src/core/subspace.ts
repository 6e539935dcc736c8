/**
 * The 3-D frame in which Concord draws a gradient set (MATH.md notation: g_i ∈ R^d, G = g gᵀ).
 *
 * For d ≤ 3 the gradients are drawn directly: the frame is the standard basis of R^d.
 * For d > 3 the frame is the principal subspace of the raw gradients, found from the K×K Gram
 * matrix alone (no d×d work): with G = V Λ Vᵀ (λ_1 ≥ … ≥ λ_K ≥ 0), the principal directions are
 * u_m = gᵀ v_m / √λ_m, the coordinates of g_i are g_i·u_m = √λ_m V_im, and the share of the
 * spread captured by the top k directions is Σ_{m≤k} λ_m / Σ_m λ_m = Σ_{m≤k} λ_m / trace G.
 *
 * Choices (MATH.md is silent):
 * - The spread is uncentred (the second moment Σ_i g_i g_iᵀ = gᵀg, whose non-zero eigenvalues are
 *   those of G). Arrows start at the origin, so the subspace must hold the vectors themselves,
 *   not their deviations from the mean; centring would discard the mean gradient, which is the
 *   `sum` direction.
 * - Directions with λ_m ≤ 1e-12·λ_1 carry no resolvable spread (u_m would be dominated by
 *   rounding, error ≈ ε·√(λ_1/λ_m)); the frame is completed there by Gram–Schmidt on the
 *   standard basis so it stays orthonormal, and coordinates along those axes are ~0.
 * - When every gradient is zero there is nothing to miss: share = 1.
 * - Eigenvector signs are arbitrary; passing the previous basis flips each u_m to agree with it,
 *   so a live view does not jump between frames.
 */
import { InputError } from './errors';
import { gram } from './gram';
import { eigenSym } from './linalg/eigenSym';
import type { GradSet } from './types';

/** Relative eigenvalue floor below which a principal direction is not resolved. */
const RANK_TOLERANCE = 1e-12;

export interface SceneFrame {
  readonly d: number;
  /** Number of frame axes, min(3, d). */
  readonly k: number;
  /** True when the gradients are drawn in their own coordinates (d ≤ 3). */
  readonly direct: boolean;
  /** Orthonormal axes u_1..u_k, row-major k×d. */
  readonly basis: Float64Array;
  /**
   * Eigenvalues of the spread, descending, clamped at 0: those of G (length K) for d > 3, of the
   * d×d second moment gᵀg (length d, same non-zero values) for d ≤ 3.
   */
  readonly eigenvalues: Float64Array;
  /** Σ_{m≤k} λ_m / trace G ∈ [0, 1] (1 for d ≤ 3 and for an all-zero set). */
  readonly share: number;
  /** Number of eigenvalues above RANK_TOLERANCE·λ_1. */
  readonly rank: number;
}

/** Modified Gram–Schmidt of row m of `basis` (length d) against rows 0..m−1; returns its norm. */
function orthonormalizeRow(basis: Float64Array, m: number, d: number): number {
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += basis[m * d + k] * basis[r * d + k];
      for (let k = 0; k < d; k++) basis[m * d + k] -= s * basis[r * d + k];
    }
  }
  let nrm = 0;
  for (let k = 0; k < d; k++) nrm += basis[m * d + k] ** 2;
  nrm = Math.sqrt(nrm);
  if (nrm > 0) for (let k = 0; k < d; k++) basis[m * d + k] /= nrm;
  return nrm;
}

/**
 * The frame for drawing `gs`: the standard basis when d ≤ 3, else the top-3 principal directions
 * of the raw gradients from the Gram eigen-decomposition (see the module comment). `previous`
 * (a k×d basis from the last frame) fixes the signs of the axes to agree with it.
 */
export function sceneFrame(gs: GradSet, previous?: Float64Array | null): SceneFrame {
  const { K, d, g } = gs;
  if (!(K >= 1 && d >= 1) || g.length !== K * d) {
    throw new InputError('gradients', `must hold K·d = ${K * d} entries, got ${g.length}`);
  }
  for (let t = 0; t < g.length; t++) {
    if (!Number.isFinite(g[t])) {
      throw new InputError(
        `gradients[${Math.floor(t / d)}][${t % d}]`,
        `must be finite, got ${g[t]}`,
      );
    }
  }
  const k = Math.min(3, d);
  // Scale so that the largest |entry| is 1: G then cannot overflow or underflow.
  let scale = 0;
  for (let t = 0; t < g.length; t++) scale = Math.max(scale, Math.abs(g[t]));
  const gsScaled: GradSet = { K, d, g: scale > 0 ? g.map((x) => x / scale) : g };
  if (d <= 3) {
    // Drawn directly; the spectrum comes from the d×d second moment gᵀg (same non-zero
    // eigenvalues as G, and at most 3×3).
    const M = new Float64Array(d * d);
    for (let i = 0; i < K; i++) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) M[a * d + b] += gsScaled.g[i * d + a] * gsScaled.g[i * d + b];
      }
    }
    const lam = eigenSym(M, d, 'gradients').values.map((x) => Math.max(x, 0));
    let rank = 0;
    for (let m = 0; m < d; m++) if (lam[0] > 0 && lam[m] > RANK_TOLERANCE * lam[0]) rank++;
    const basis = new Float64Array(k * d);
    for (let m = 0; m < k; m++) basis[m * d + m] = 1;
    const eigenvalues = lam.map((x) => x * scale * scale);
    return { d, k, direct: true, basis, eigenvalues, share: 1, rank };
  }
  const G = gram(gsScaled);
  const eig = eigenSym(G, K, 'gradients');
  const lambda = eig.values.map((x) => Math.max(x, 0));
  const lam1 = lambda[0] ?? 0;
  let rank = 0;
  for (let m = 0; m < K; m++) if (lam1 > 0 && lambda[m] > RANK_TOLERANCE * lam1) rank++;
  const eigenvalues = lambda.map((x) => x * scale * scale);
  let trace = 0;
  for (let i = 0; i < K; i++) trace += G[i * K + i];
  let top = 0;
  for (let m = 0; m < Math.min(k, K); m++) top += lambda[m];
  const share = trace > 0 ? Math.min(1, Math.max(0, top / trace)) : 1;

  const basis = new Float64Array(k * d);
  for (let m = 0; m < k; m++) {
    let ok = false;
    if (m < rank) {
      // u_m ∝ Σ_j V_jm g_j (the 1/√λ_m normalisation is redone by Gram–Schmidt).
      for (let j = 0; j < K; j++) {
        const v = eig.vectors[j * K + m];
        for (let c = 0; c < d; c++) basis[m * d + c] += v * gsScaled.g[j * d + c];
      }
      ok = orthonormalizeRow(basis, m, d) > 0;
    }
    // Unresolved axis: the standard basis vector least represented by the axes so far.
    for (let e = 0; !ok && e < d; e++) {
      basis.fill(0, m * d, (m + 1) * d);
      basis[m * d + e] = 1;
      ok = orthonormalizeRow(basis, m, d) > 0.5;
    }
    if (previous && previous.length === k * d) {
      let s = 0;
      for (let c = 0; c < d; c++) s += basis[m * d + c] * previous[m * d + c];
      if (s < 0) for (let c = 0; c < d; c++) basis[m * d + c] = -basis[m * d + c];
    }
  }
  return { d, k, direct: false, basis, eigenvalues, share, rank };
}

/**
 * Coordinates of n vectors (row-major n×d) in the frame: out_{r,m} = x_r·u_m, as n×3 (axes
 * beyond k are 0), ready for drawing.
 */
export function toFrame(frame: SceneFrame, vectors: Float64Array, n: number): Float64Array {
  const { d, k, basis } = frame;
  if (vectors.length !== n * d) {
    throw new InputError('vectors', `must hold n·d = ${n * d} entries, got ${vectors.length}`);
  }
  const out = new Float64Array(n * 3);
  for (let r = 0; r < n; r++) {
    for (let m = 0; m < k; m++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += vectors[r * d + c] * basis[m * d + c];
      out[r * 3 + m] = s;
    }
  }
  return out;
}

export interface ConflictPair {
  readonly i: number;
  readonly j: number;
  /** cos_ij of the raw gradients. */
  readonly cos: number;
  /** Angle between g_i and g_j in degrees, acos(cos_ij)·180/π ∈ (90, 180]. */
  readonly angleDeg: number;
  /** True when g'_i·g'_j ≥ −τ‖g'_i‖‖g'_j‖ (MATH.md §3, projected pairs). */
  readonly resolved: boolean;
  /** Angle between g'_i and g'_j in degrees; null when either is zero. */
  readonly projectedAngleDeg: number | null;
}

/**
 * The conflicting pairs i < j of the raw gradients (MATH.md §1: G_ij < −τ‖g_i‖‖g_j‖; a zero
 * gradient conflicts with nothing), each with its angle and whether the method resolved it.
 * The projected Gram matrix is P = C G Cᵀ (g'_i = Σ_j C_ij g_j), so no d-length work is needed.
 */
export function conflictPairs(
  G: Float64Array,
  C: Float64Array,
  K: number,
  tau: number,
): ConflictPair[] {
  if (G.length !== K * K) throw new InputError('G', `must be K×K = ${K * K}, got ${G.length}`);
  if (C.length !== K * K) throw new InputError('C', `must be K×K = ${K * K}, got ${C.length}`);
  if (!(tau >= 0 && Number.isFinite(tau))) throw new InputError('tau', `must be ≥ 0, got ${tau}`);
  const CG = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let l = 0; l < K; l++) {
      const c = C[i * K + l];
      if (c !== 0) for (let j = 0; j < K; j++) CG[i * K + j] += c * G[l * K + j];
    }
  }
  const P = (i: number, j: number): number => {
    let s = 0;
    for (let l = 0; l < K; l++) s += CG[i * K + l] * C[j * K + l];
    return s;
  };
  const pn = new Float64Array(K);
  for (let i = 0; i < K; i++) pn[i] = Math.sqrt(Math.max(P(i, i), 0));
  const out: ConflictPair[] = [];
  const deg = 180 / Math.PI;
  for (let i = 0; i < K; i++) {
    const ni = Math.sqrt(Math.max(G[i * K + i], 0));
    for (let j = i + 1; j < K; j++) {
      const nj = Math.sqrt(Math.max(G[j * K + j], 0));
      const gij = G[i * K + j];
      if (!Number.isFinite(gij))
        throw new InputError(`G[${i}][${j}]`, `must be finite, got ${gij}`);
      if (!(ni > 0 && nj > 0 && gij < -tau * ni * nj)) continue;
      const cos = Math.max(-1, Math.min(1, gij / (ni * nj)));
      const pij = P(i, j);
      const den = pn[i] * pn[j];
      out.push({
        i,
        j,
        cos,
        angleDeg: Math.acos(cos) * deg,
        resolved: !(pij < -tau * den),
        projectedAngleDeg: den > 0 ? Math.acos(Math.max(-1, Math.min(1, pij / den))) * deg : null,
      });
    }
  }
  return out;
}
