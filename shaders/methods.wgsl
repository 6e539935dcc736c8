// Method coefficients in Gram form (MATH.md §2), one row per invocation: g'_i = Σ_j C_ij g_j.
// Gsh holds the world's K×K Gram matrix, Csh receives C. Method ids: 0 sum, 1 pcgrad,
// 2 cosine (simultaneous), 3 cosine (sequential), 4 interaction; 5 mgda, 6 cagrad and 7 upgrad
// solve their K×K problem in qp.wgsl (K ≤ 16).
// Conflict (MATH.md §1): G_ij < −τ‖g_i‖‖g_j‖; a zero-norm gradient conflicts with nothing.
//   sum:          C = I.
//   pcgrad:       p ← g_i (c = e_i, u = Gc so that u_m = p·g_m); for j in the order (the
//                 uploaded table, or with orderMode = 1 the per-step permutation of (orderSeed,
//                 step) built here, no upload or read-back per step): if p
//                 conflicts with g_j, μ = p·g_j/G_jj, c_j −= μ, u −= μ·G_{j·}.
//   cosine seq.:  the same loop with μ = α·|cos(p, g_j)|·p·g_j/G_jj.
//   cosine sim.:  C_ij = −α·|cos_ij|·G_ij/G_jj for conflicting (i, j), C_ii = 1.
//   interaction:  C_ij = −A_ij·m_ij·G_ij/G_jj (m_ij = conflict or 1 with gating "all"), C_ii = 1.

var<workgroup> Gsh: array<f32, 1024>;
var<workgroup> Csh: array<f32, 1024>;

fn conflicts(gij: f32, gii: f32, gjj: f32, tau: f32) -> bool {
  let ni = sqrt(max(gii, 0.0));
  let nj = sqrt(max(gjj, 0.0));
  return ni > 0.0 && nj > 0.0 && gij < -tau * ni * nj;
}

fn orderAt(world: u32, i: u32, s: u32) -> u32 {
  let U = L.$.params;
  return L.$.tables[U.offOrd + U.orderStride * world + i * (U.K - 1u) + s];
}

// PCG output hash (pcgHash in src/core/methods/pcgrad.ts computes the same in u32 arithmetic).
fn pcgHash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// Row i of PCGrad's per-step permutation (pcgradPermutation in pcgrad.ts): a Fisher–Yates
// shuffle of the ascending j ≠ i keyed by H(H(H(seed) ^ step) ^ i).
fn permutedRow(i: u32, step: u32, ord: ptr<function, array<u32, 32>>) {
  let U = L.$.params;
  let K = U.K;
  var n = 0u;
  for (var j = 0u; j < K; j++) {
    if (j != i) {
      (*ord)[n] = j;
      n += 1u;
    }
  }
  let key = pcgHash(pcgHash(pcgHash(U.orderSeed) ^ step) ^ i);
  for (var s = n - 1u; s >= 1u && s < n; s--) {
    let r = pcgHash(key ^ s) % (s + 1u);
    let t = (*ord)[s];
    (*ord)[s] = (*ord)[r];
    (*ord)[r] = t;
  }
}

fn sequentialRow(world: u32, i: u32, step: u32, alpha: f32, cosineScaled: bool) {
  let U = L.$.params;
  let K = U.K;
  var c: array<f32, 32>;
  var u: array<f32, 32>;
  var ord: array<u32, 32>;
  if (U.orderMode == 1u) { permutedRow(i, step, &ord); }
  for (var m = 0u; m < K; m++) {
    c[m] = select(0.0, 1.0, m == i);
    u[m] = Gsh[i * K + m];
  }
  for (var s = 0u; s + 1u < K; s++) {
    let j = select(orderAt(world, i, s), ord[s], U.orderMode == 1u);
    let pg = u[j];
    var pp = 0.0;
    for (var m = 0u; m < K; m++) { pp += c[m] * u[m]; }
    let gjj = Gsh[j * K + j];
    if (conflicts(pg, pp, gjj, U.tau)) {
      var mu = pg / gjj;
      if (cosineScaled) {
        let cs = clamp(pg / (sqrt(pp) * sqrt(gjj)), -1.0, 1.0);
        mu *= alpha * abs(cs);
      }
      c[j] -= mu;
      for (var m = 0u; m < K; m++) { u[m] -= mu * Gsh[j * K + m]; }
    }
  }
  for (var m = 0u; m < K; m++) { Csh[i * K + m] = c[m]; }
}

fn coefRow(world: u32, i: u32, step: u32) {
  let U = L.$.params;
  let K = U.K;
  let alpha = L.$.coefIn[U.alphaStride * world];
  if (U.method >= 5u) {
    qpCoefRow(world, i);
    return;
  }
  if (U.method == 1u || U.method == 3u) {
    sequentialRow(world, i, step, alpha, U.method == 3u);
    return;
  }
  let gii = Gsh[i * K + i];
  for (var j = 0u; j < K; j++) {
    var v = 0.0;
    if (j == i) {
      v = 1.0;
    } else if (U.method == 2u || U.method == 4u) {
      let gij = Gsh[i * K + j];
      let gjj = Gsh[j * K + j];
      let conf = conflicts(gij, gii, gjj, U.tau);
      if (U.method == 2u && conf) {
        let cs = clamp(gij / (sqrt(gii) * sqrt(gjj)), -1.0, 1.0);
        v = -alpha * abs(cs) * gij / gjj;
      } else if (U.method == 4u && gjj > 0.0 && (conf || U.gating == 1u)) {
        v = -L.$.coefIn[U.offA + U.AStride * world + i * K + j] * gij / gjj;
      }
    }
    Csh[i * K + j] = v;
  }
}
