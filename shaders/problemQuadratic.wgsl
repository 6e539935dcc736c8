// Quadratic groups (MATH.md §9) with diagonal Q_i = diag(q_i): L_i = ½ Σ_k q_ik (θ_k − c_ik)².
// prob = [q (K×d) | c (K×d)], shared by all worlds.
//   g_ik = q_ik (θ_k − c_ik),   ℓ_ik = ½ q_ik (θ_k − c_ik)²  (column k's share of L_i),
//   (∇B)_k = (2/S)(Σ_i q_ik · s_k − B · Σ_i q_ik g_ik),  s_k = Σ_i g_ik  (H_i = diag(q_i)).
// Column k of the tile is column t of thsh / gsh (written 0 where the column is out of range).

fn pGrad(world: u32, t: u32, k: u32, valid: bool) {
  let K = L.$.params.K;
  let d = L.$.params.d;
  let th = thsh[t];
  for (var i = 0u; i < K; i++) {
    var g = 0.0;
    if (valid) {
      let q = L.$.prob[i * d + k];
      g = q * (th - L.$.prob[(K + i) * d + k]);
    }
    gsh[i * TILE + t] = g;
  }
}

fn pLoss(world: u32, t: u32, k: u32, valid: bool) {
  let K = L.$.params.K;
  let d = L.$.params.d;
  let th = thsh[t];
  for (var i = 0u; i < K; i++) {
    var l = 0.0;
    if (valid) {
      let q = L.$.prob[i * d + k];
      let r = th - L.$.prob[(K + i) * d + k];
      l = 0.5 * q * r * r;
    }
    gsh[i * TILE + t] = l;
  }
}

fn pBDir(world: u32, t: u32, k: u32, valid: bool, S: f32, B: f32) -> f32 {
  if (!valid) { return 0.0; }
  let K = L.$.params.K;
  let d = L.$.params.d;
  var s = 0.0;
  var hsum = 0.0;
  var hg = 0.0;
  for (var i = 0u; i < K; i++) {
    let q = L.$.prob[i * d + k];
    let g = gsh[i * TILE + t];
    s += g;
    hsum += q;
    hg += q * g;
  }
  return (2.0 / S) * (hsum * s - B * hg);
}
