// A quadratic with dense Hessians in small dimension (d ≤ TILE, one tile per world), used for the
// convex pair (MATH.md §9): L_i = ½ (θ − u_i)ᵀ H_i (θ − u_i) + l_i with H_i symmetric.
// prob = [H (K×d×d, row-major per objective) | u (K×d) | l (K)], shared by all worlds.
//   g_ik = Σ_m H_i[k][m](θ_m − u_im),  ℓ_ik = ½ (θ_k − u_ik) g_ik (+ l_i on column 0),
//   (∇B)_k = (2/S) Σ_i Σ_m H_i[k][m] (s_m − B g_im),  s = Σ_i g_i.

fn pGrad(world: u32, t: u32, k: u32, valid: bool) {
  let K = L.$.params.K;
  let d = L.$.params.d;
  for (var i = 0u; i < K; i++) {
    var g = 0.0;
    if (valid) {
      for (var m = 0u; m < d; m++) {
        g += L.$.prob[(i * d + k) * d + m] * (thsh[m] - L.$.prob[K * d * d + i * d + m]);
      }
    }
    gsh[i * TILE + t] = g;
  }
}

fn pLoss(world: u32, t: u32, k: u32, valid: bool) {
  let K = L.$.params.K;
  let d = L.$.params.d;
  for (var i = 0u; i < K; i++) {
    var l = 0.0;
    if (valid) {
      var g = 0.0;
      for (var m = 0u; m < d; m++) {
        g += L.$.prob[(i * d + k) * d + m] * (thsh[m] - L.$.prob[K * d * d + i * d + m]);
      }
      l = 0.5 * (thsh[k] - L.$.prob[K * d * d + i * d + k]) * g;
      if (k == 0u) { l += L.$.prob[K * d * d + K * d + i]; }
    }
    gsh[i * TILE + t] = l;
  }
}

fn pBDir(world: u32, t: u32, k: u32, valid: bool, S: f32, B: f32) -> f32 {
  if (!valid) { return 0.0; }
  let K = L.$.params.K;
  let d = L.$.params.d;
  var acc = 0.0;
  for (var m = 0u; m < d; m++) {
    var s = 0.0;
    for (var i = 0u; i < K; i++) { s += gsh[i * TILE + m]; }
    for (var i = 0u; i < K; i++) {
      acc += L.$.prob[(i * d + k) * d + m] * (s - B * gsh[i * TILE + m]);
    }
  }
  return (2.0 / S) * acc;
}
