// The K×K problems of mgda, cagrad and upgrad (MATH.md §2) per world on the GPU, in float32,
// K ≤ QMAX = 16: a port of the core's exact Lawson–Hanson active set (src/core/simplex.ts,
// nnlsGram), of minNormWeights and of CAGrad's bisection (src/core/methods/cagrad.ts). Every
// array lives in private memory of the invocation that solves it; Gsh holds the world's Gram
// matrix and Csh receives the coefficients C (g'_i = Σ_j C_ij g_j).
//   nnls: x = argmin_{x ≥ 0} ½ xᵀQx − bᵀx, stopped when every inactive multiplier
//     w_j = (b − Qx)_j ≤ tol = 64·n·ε·(max|b| + max Q_jj·(1 + ‖x‖₁)), the core's rule with the
//     float32 unit ε = 2^−23 (the certificate test checks exactly these KKT residuals). A column
//     whose Cholesky pivot is ≤ QP_PIVOT·Q_jj is set aside (dependent at float32 precision); each
//     passive solve takes one step of iterative refinement (float32 loses ε·cond(Q_PP) without).
//   mgda:   w = min-norm simplex weights (K = 2 closed form; else NNLS on G + 11ᵀ, b = 1,
//           w = v/Σv), exact duplicates share weight; C = diag(K·w).
//   upgrad: row i: μ = nnls(G, −G e_i), C_i· = e_i + μ (one invocation per row).
//   cagrad: bisection on h(t) = ρt − ‖g_w(t)‖ over [0, max‖g_i‖/ρ] with w(t) the min-norm
//           weights of G + t(b1ᵀ + 1bᵀ) + t²‖g0‖²11ᵀ, C = diag(1 + K·λ·w), λ = ρ/‖g_w‖; the
//           dual-cone limit diag(1 + K·μ), μ = nnls(G, −b), where the optimum is at t → 0.
// G is first scaled by a power of two (max diagonal in [1, 2)): C is scale-free.

const QMAX: u32 = 16u;
const EPS32: f32 = 1.1920929e-7;
const QP_PIVOT: f32 = 7.6e-6;

var<private> qG: array<f32, 256>;
var<private> qQ: array<f32, 256>;
var<private> qL: array<f32, 256>;
var<private> qB: array<f32, 16>;
var<private> qX: array<f32, 16>;
var<private> qZ: array<f32, 16>;
var<private> qV: array<f32, 16>;
var<private> qR: array<f32, 16>;
var<private> qP: array<u32, 16>;
var<private> qIn: array<u32, 16>;
var<private> qBl: array<u32, 16>;
var<private> qM: u32;

// qG = Gsh scaled by a power of two so that its largest diagonal entry lies in [1, 2).
fn qpLoadGram(K: u32) {
  var m = 0.0;
  for (var i = 0u; i < K; i++) { m = max(m, Gsh[i * K + i]); }
  var s = 1.0;
  if (m > 0.0) { s = exp2(-floor(log2(m))); }
  for (var k = 0u; k < K * K; k++) { qG[k] = Gsh[k] * s; }
}

// Cholesky solve of Q_PP z = b_P on the list qP[0..m); −1 on success, else the position of the
// first column found dependent.
fn qpSolvePassive(n: u32, m: u32) -> i32 {
  for (var a = 0u; a < m; a++) {
    for (var c = 0u; c <= a; c++) {
      var s = qQ[qP[a] * n + qP[c]];
      for (var k = 0u; k < c; k++) { s -= qL[a * QMAX + k] * qL[c * QMAX + k]; }
      if (a == c) {
        if (!(s > QP_PIVOT * qQ[qP[a] * n + qP[a]])) { return i32(a); }
        qL[a * QMAX + a] = sqrt(s);
      } else {
        qL[a * QMAX + c] = s / qL[c * QMAX + c];
      }
    }
  }
  // z = L⁻ᵀL⁻¹ b_P, then one step of iterative refinement: z += L⁻ᵀL⁻¹ (b_P − Q_PP z).
  for (var a = 0u; a < m; a++) { qR[a] = qB[qP[a]]; }
  qpCholSolve(m);
  var z0: array<f32, 16>;
  for (var a = 0u; a < m; a++) { z0[a] = qR[a]; }
  for (var a = 0u; a < m; a++) {
    var s = qB[qP[a]];
    for (var c = 0u; c < m; c++) { s -= qQ[qP[a] * n + qP[c]] * z0[c]; }
    qR[a] = s;
  }
  qpCholSolve(m);
  for (var a = 0u; a < m; a++) { qZ[a] = z0[a] + qR[a]; }
  return -1;
}

// qR[0..m) ← (L Lᵀ)⁻¹ qR[0..m) with the factor in qL.
fn qpCholSolve(m: u32) {
  for (var a = 0u; a < m; a++) {
    var s = qR[a];
    for (var k = 0u; k < a; k++) { s -= qL[a * QMAX + k] * qR[k]; }
    qR[a] = s / qL[a * QMAX + a];
  }
  for (var r = 0u; r < m; r++) {
    let a = m - 1u - r;
    var s = qR[a];
    for (var k = a + 1u; k < m; k++) { s -= qL[k * QMAX + a] * qR[k]; }
    qR[a] = s / qL[a * QMAX + a];
  }
}

// Removes position r from the passive list.
fn qpDrop(r: u32) {
  for (var a = r; a + 1u < qM; a++) { qP[a] = qP[a + 1u]; }
  qM -= 1u;
}

// x = argmin_{x ≥ 0} ½ xᵀ qQ x − qBᵀx (n×n), into qX.
fn qpNnls(n: u32) {
  qM = 0u;
  var qmax = 0.0;
  var bmax = 0.0;
  for (var j = 0u; j < n; j++) {
    qX[j] = 0.0;
    qIn[j] = 0u;
    qBl[j] = 0u;
    qmax = max(qmax, qQ[j * n + j]);
    bmax = max(bmax, abs(qB[j]));
  }
  for (var outer = 0u; outer < 10u * n + 10u; outer++) {
    var l1 = 0.0;
    var wmax = 0.0;
    var jmax = -1;
    for (var j = 0u; j < n; j++) { l1 += qX[j]; }
    let tol = 64.0 * f32(n) * EPS32 * (bmax + qmax * (1.0 + l1));
    for (var j = 0u; j < n; j++) {
      var s = qB[j];
      for (var k = 0u; k < n; k++) { s -= qQ[j * n + k] * qX[k]; }
      if (qIn[j] == 0u && qBl[j] == 0u && s > tol && (jmax < 0 || s > wmax)) {
        jmax = i32(j);
        wmax = s;
      }
    }
    if (jmax < 0) { break; }
    let je = u32(jmax);
    qP[qM] = je;
    qM += 1u;
    qIn[je] = 1u;
    for (var inner = 0u; inner <= n; inner++) {
      let r = qpSolvePassive(n, qM);
      if (r >= 0) {
        let k = qP[u32(r)];
        qpDrop(u32(r));
        qIn[k] = 0u;
        qX[k] = 0.0;
        qBl[k] = 1u;
        break;
      }
      var allPositive = true;
      for (var a = 0u; a < qM; a++) { if (!(qZ[a] > 0.0)) { allPositive = false; } }
      if (allPositive) {
        for (var j = 0u; j < n; j++) { qX[j] = 0.0; qBl[j] = 0u; }
        for (var a = 0u; a < qM; a++) { qX[qP[a]] = qZ[a]; }
        break;
      }
      if (inner == 0u && qM > 0u && !(qZ[qM - 1u] > 0.0)) {
        qIn[je] = 0u;
        qM -= 1u;
        qBl[je] = 1u;
        break;
      }
      var stp = 1.0;
      var leaving = -1;
      for (var a = 0u; a < qM; a++) {
        if (!(qZ[a] > 0.0)) {
          let xa = qX[qP[a]];
          let den = xa - qZ[a];
          if (den > 0.0 && xa / den < stp) {
            stp = xa / den;
            leaving = i32(a);
          }
        }
      }
      for (var a = 0u; a < qM; a++) { qX[qP[a]] += stp * (qZ[a] - qX[qP[a]]); }
      if (leaving >= 0) { qX[qP[u32(leaving)]] = 0.0; }
      var keep = 0u;
      for (var a = 0u; a < qM; a++) {
        let p = qP[a];
        if (qX[p] > 0.0 && !(qX[p] <= EPS32 * l1)) {
          qP[keep] = p;
          keep += 1u;
        } else {
          qIn[p] = 0u;
          qX[p] = 0.0;
        }
      }
      qM = keep;
      for (var j = 0u; j < n; j++) { qBl[j] = 0u; }
    }
  }
}

// Exact duplicates (‖g_i − g_j‖² ≤ 16ε(G_ii + G_jj), Gram in qQ minus the lifting) share qV.
fn qpSplitDuplicates(K: u32) {
  var group: array<u32, 16>;
  for (var i = 0u; i < K; i++) { group[i] = 0xffffffffu; }
  for (var i = 0u; i < K; i++) {
    if (group[i] != 0xffffffffu) { continue; }
    group[i] = i;
    var total = qV[i];
    var count = 1u;
    for (var j = i + 1u; j < K; j++) {
      if (group[j] != 0xffffffffu) { continue; }
      let gii = qQ[i * K + i];
      let gjj = qQ[j * K + j];
      if (gii + gjj - 2.0 * qQ[i * K + j] <= 16.0 * EPS32 * (gii + gjj)) {
        group[j] = i;
        total += qV[j];
        count += 1u;
      }
    }
    if (count > 1u) {
      for (var j = i; j < K; j++) { if (group[j] == i) { qV[j] = total / f32(count); } }
    }
  }
}

// Min-norm simplex weights of the Gram matrix in qQ (K×K, overwritten), into qV.
fn qpMinNorm(K: u32) {
  var m = 0.0;
  for (var i = 0u; i < K; i++) { m = max(m, qQ[i * K + i]); }
  if (!(m > 0.0)) {
    for (var i = 0u; i < K; i++) { qV[i] = 1.0 / f32(K); }
    return;
  }
  let s = exp2(-floor(log2(m)));
  for (var k = 0u; k < K * K; k++) { qQ[k] *= s; }
  if (K == 2u) {
    let den = qQ[0] + qQ[3] - 2.0 * qQ[1];
    var w1 = 0.5;
    if (den > 0.0) { w1 = clamp((qQ[3] - qQ[1]) / den, 0.0, 1.0); }
    qV[0] = w1;
    qV[1] = 1.0 - w1;
    qpSplitDuplicates(K);
    return;
  }
  for (var k = 0u; k < K * K; k++) { qQ[k] += 1.0; }
  for (var i = 0u; i < K; i++) { qB[i] = 1.0; }
  qpNnls(K);
  for (var k = 0u; k < K * K; k++) { qQ[k] -= 1.0; }
  var sum = 0.0;
  for (var i = 0u; i < K; i++) { sum += qX[i]; }
  if (!(sum > 0.0)) {
    for (var i = 0u; i < K; i++) { qV[i] = 1.0 / f32(K); }
    return;
  }
  for (var i = 0u; i < K; i++) { qV[i] = qX[i] / sum; }
  qpSplitDuplicates(K);
}

// wᵀ qG w for the weights in qV, clamped at 0.
fn qpQuadForm(K: u32) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < K; i++) {
    var r = 0.0;
    for (var j = 0u; j < K; j++) { r += qG[i * K + j] * qV[j]; }
    s += qV[i] * r;
  }
  return max(0.0, s);
}

fn qpDiagonal(K: u32, v: ptr<function, array<f32, 16>>) {
  for (var i = 0u; i < K; i++) {
    for (var j = 0u; j < K; j++) { Csh[i * K + j] = select(0.0, (*v)[i], i == j); }
  }
}

fn qpMgda(K: u32) {
  qpLoadGram(K);
  for (var k = 0u; k < K * K; k++) { qQ[k] = qG[k]; }
  qpMinNorm(K);
  var v: array<f32, 16>;
  for (var i = 0u; i < K; i++) { v[i] = f32(K) * qV[i]; }
  qpDiagonal(K, &v);
}

// diag(1 + K·μ), μ = nnls(G, −b): CAGrad's limit where the optimal g_w is zero.
fn qpDualCone(K: u32, b: ptr<function, array<f32, 16>>) {
  for (var k = 0u; k < K * K; k++) { qQ[k] = qG[k]; }
  for (var j = 0u; j < K; j++) { qB[j] = -(*b)[j]; }
  qpNnls(K);
  var v: array<f32, 16>;
  for (var j = 0u; j < K; j++) { v[j] = 1.0 + f32(K) * qX[j]; }
  qpDiagonal(K, &v);
}

// Min-norm weights (into qV) of the shifted points g_i + t·g0.
fn qpShifted(K: u32, t: f32, b: ptr<function, array<f32, 16>>, g0sq: f32) {
  for (var i = 0u; i < K; i++) {
    for (var j = 0u; j < K; j++) {
      qQ[i * K + j] = qG[i * K + j] + t * ((*b)[i] + (*b)[j]) + t * t * g0sq;
    }
  }
  qpMinNorm(K);
}

fn qpCagrad(K: u32, c: f32) {
  qpLoadGram(K);
  var b: array<f32, 16>;
  var g0sq = 0.0;
  var maxNorm = 0.0;
  for (var i = 0u; i < K; i++) {
    var s = 0.0;
    for (var j = 0u; j < K; j++) { s += qG[i * K + j]; }
    b[i] = s / f32(K);
    g0sq += s;
    maxNorm = max(maxNorm, sqrt(max(0.0, qG[i * K + i])));
  }
  g0sq = max(0.0, g0sq / f32(K * K));
  let rho = c * sqrt(g0sq);
  var v: array<f32, 16>;
  if (!(rho > 0.0) || !(maxNorm > 0.0)) {
    for (var i = 0u; i < K; i++) { v[i] = 1.0; }
    qpDiagonal(K, &v);
    return;
  }
  let top = maxNorm / rho;
  var lo = 0.0;
  var hi = top;
  var wHi: array<f32, 16>;
  var haveHi = false;
  for (var it = 0u; it < 200u; it++) {
    let mid = 0.5 * (lo + hi);
    qpShifted(K, mid, &b, g0sq);
    if (rho * mid - sqrt(qpQuadForm(K)) < 0.0) {
      lo = mid;
    } else {
      hi = mid;
      haveHi = true;
      for (var i = 0u; i < K; i++) { wHi[i] = qV[i]; }
    }
    if (lo > 0.0 && hi - lo <= 4.0 * EPS32 * hi) { break; }
    if (lo == 0.0 && hi < 1e-12 * top) {
      qpDualCone(K, &b);
      return;
    }
  }
  if (haveHi) {
    for (var i = 0u; i < K; i++) { qV[i] = wHi[i]; }
  } else {
    qpShifted(K, hi, &b, g0sq);
  }
  let gw = sqrt(qpQuadForm(K));
  if (!(gw > 0.0)) {
    qpDualCone(K, &b);
    return;
  }
  let lambda = rho / gw;
  for (var j = 0u; j < K; j++) { v[j] = 1.0 + f32(K) * lambda * qV[j]; }
  qpDiagonal(K, &v);
}

// Row i of UPGrad's C: e_i + argmin_{μ ≥ 0} ½ μᵀGμ + (G e_i)ᵀμ.
fn qpUpgradRow(K: u32, i: u32) {
  qpLoadGram(K);
  for (var k = 0u; k < K * K; k++) { qQ[k] = qG[k]; }
  for (var j = 0u; j < K; j++) { qB[j] = -qG[j * K + i]; }
  qpNnls(K);
  for (var j = 0u; j < K; j++) { Csh[i * K + j] = qX[j] + select(0.0, 1.0, i == j); }
}

// Method ids 5 mgda, 6 cagrad (c = params.qpC), 7 upgrad. mgda and cagrad are solved by the
// invocation of row 0, which writes all of C; upgrad's rows are solved in parallel.
fn qpCoefRow(world: u32, i: u32) {
  let U = L.$.params;
  let K = U.K;
  if (U.method == 7u) {
    qpUpgradRow(K, i);
    return;
  }
  if (i != 0u) { return; }
  if (U.method == 5u) {
    qpMgda(K);
  } else {
    qpCagrad(K, U.qpC);
  }
}
