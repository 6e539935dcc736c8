// The fused per-world step and Gram kernel. One workgroup handles one chunk of `chunkCols`
// coordinates of one world, in tiles of TILE columns:
//   step (doStep = 1; per-world mode from the world-update kernel):
//     loss:   θ'_k = θ_k − η·Σ_j w_j g_jk(θ)
//     B-flow: θ'_k = θ_k − η·(∇B)_k
//     copy:   θ'_k = θ_k;  none: nothing written (a world that just diverged keeps θ_{t−1})
//     A non-finite θ'_k sets the world's divergence flag.
//   measure at the new θ (or at θ when doStep = 0): per chunk, the partial sums
//     G_ij = Σ_k g_ik g_jk (i ≤ j),  ‖Σg‖² = Σ_k (Σ_i g_ik)²,  L_i = Σ_k ℓ_ik
//   in the order of the pair table, written to partials[(world·nChunks + chunk)·P + p].
// Gradients come from the problem functions pGrad / pLoss / pBDir linked with this file.
// Bindings are reached through the layout external of src/gpu/layouts.ts.

// Columns per tile = invocations per workgroup (a power of two ≤ 64, chosen from d by the host).
override TILE: u32 = 64u;

var<workgroup> thsh: array<f32, 64>;
var<workgroup> gsh: array<f32, 2048>;
var<workgroup> ssh: array<f32, 64>;
// Pair accumulators: invocation t owns the entries p ≡ t (mod TILE).
var<workgroup> accsh: array<f32, 576>;
var<workgroup> modeSh: u32;

const MODE_LOSS: u32 = 0u;
const MODE_BFLOW: u32 = 1u;
const MODE_COPY: u32 = 2u;
const MODE_NONE: u32 = 3u;

// Adds this tile's contribution of the pair table entries of the given kind to accsh.
fn accumulate(t: u32, kind: u32) {
  let P = L.$.params.P;
  for (var p = t; p < P; p += TILE) {
    {
      let e = L.$.tables[p];
      let i = e & 0xffu;
      let j = (e >> 8u) & 0xffu;
      let kd = e >> 16u;
      if (kd == kind) {
        var s = 0.0;
        if (kd == 0u) {
          for (var c = 0u; c < TILE; c++) { s += gsh[i * TILE + c] * gsh[j * TILE + c]; }
        } else if (kd == 1u) {
          for (var c = 0u; c < TILE; c++) { s += ssh[c] * ssh[c]; }
        } else {
          for (var c = 0u; c < TILE; c++) { s += gsh[i * TILE + c]; }
        }
        accsh[p] += s;
      }
    }
  }
}

@compute @workgroup_size(TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let U = L.$.params;
  let group = linearGroup(wid, U.nx);
  let world = group / U.nChunks;
  let chunk = group % U.nChunks;
  if (world >= U.W) { return; }
  let K = U.K;
  let d = U.d;
  if (t == 0u) {
    if (U.doStep == 1u) {
      modeSh = u32(L.$.worldData[U.offP + world * 4u + 2u]);
    } else {
      modeSh = MODE_NONE;
    }
  }
  let mode = workgroupUniformLoad(&modeSh);
  let S = L.$.worldData[U.offP + world * 4u];
  let B = L.$.worldData[U.offP + world * 4u + 1u];
  for (var p = t; p < U.P; p += TILE) { accsh[p] = 0.0; }
  let c0 = chunk * U.chunkCols;
  let c1 = min(c0 + U.chunkCols, d);
  for (var k0 = c0; k0 < c1; k0 += TILE) {
    let k = k0 + t;
    let valid = k < c1;
    let base = world * d + k;
    var th = 0.0;
    if (valid) { th = L.$.thetaSrc[base]; }
    thsh[t] = th;
    workgroupBarrier();
    if (U.doStep == 1u && (mode == MODE_LOSS || mode == MODE_BFLOW)) {
      pGrad(world, t, k, valid);
      workgroupBarrier();
      var dir = 0.0;
      if (mode == MODE_LOSS) {
        for (var j = 0u; j < K; j++) { dir += L.$.worldData[world * K + j] * gsh[j * TILE + t]; }
      } else {
        dir = pBDir(world, t, k, valid, S, B);
      }
      let nt = th - U.eta * dir;
      workgroupBarrier();
      if (valid) {
        if (!isFiniteF(nt)) { atomicStore(&L.$.flags[world], 1u); }
        L.$.thetaDst[base] = nt;
      }
      thsh[t] = nt;
      workgroupBarrier();
    } else if (U.doStep == 1u && mode == MODE_COPY) {
      if (valid) { L.$.thetaDst[base] = th; }
    }
    pGrad(world, t, k, valid);
    workgroupBarrier();
    var s = 0.0;
    for (var i = 0u; i < K; i++) { s += gsh[i * TILE + t]; }
    ssh[t] = s;
    workgroupBarrier();
    accumulate(t, 0u);
    accumulate(t, 1u);
    workgroupBarrier();
    pLoss(world, t, k, valid);
    workgroupBarrier();
    accumulate(t, 2u);
    workgroupBarrier();
  }
  let out = (world * U.nChunks + chunk) * U.P;
  for (var p = t; p < U.P; p += TILE) { L.$.partials[out + p] = accsh[p]; }
}
