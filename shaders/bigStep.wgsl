// The per-step path's fused step and Gram kernel for quadratic groups at large d (K ≤ 16), the
// same contract as gramStep.wgsl (same bindings, modes and partials) with the work laid out for
// bandwidth: one workgroup of WG invocations takes a chunk of chunkCols = WG·n coordinates of one
// world, and invocation t the coordinates k = c0 + t, c0 + t + WG, … (coalesced), with
//   q_ik, c_ik read once per step into registers (prob = [q (K×d) | c (K×d)]),
//   step (doStep = 1, per-world mode from the world-update kernel):
//     loss:   θ'_k = θ_k − η·Σ_j w_j q_jk(θ_k − c_jk)
//     B-flow: θ'_k = θ_k − η·(2/S)(Σ_i q_ik·s_k − B·Σ_i q_ik g_ik),  s_k = Σ_i g_ik
//     copy:   θ'_k = θ_k;  none: nothing written; a non-finite θ'_k sets the world's flag;
//   measure at the new θ (or at θ when doStep = 0 or mode none), per invocation in registers:
//     G_ij += g_ik g_jk (i ≤ j),  ‖Σg‖² += (Σ_i g_ik)²,  L_i += ½ q_ik (θ_k − c_ik)²,
//   then a tree reduction over the workgroup (ROUND entries at a time in workgroup memory) writes
//   the chunk's partial sums to partials[(world·nChunks + chunk)·P + p] in pair-table order
//   (pairs i ≤ j row by row, ‖Σg‖², then the K losses). reduce.wgsl sums the chunks (a second
//   tree). Loops run to the pipeline constant KC = K, so a compiler can unroll them and keep the
//   P ≤ 153 accumulators in registers. Float32 error of an entry: a serial sum over n columns,
//   then log2(WG) + log2(nChunks) tree levels.

override KC: u32 = 16u;
override WG: u32 = 128u;
// Accumulators: K(K+1)/2 Gram pairs, ‖Σg‖², K losses (153 at K = 16).
const PMAX: u32 = 153u;
// Entries reduced per round of the workgroup tree.
const ROUND: u32 = 8u;

var<workgroup> red: array<f32, 1024>;
var<workgroup> modeSh: u32;

const MODE_LOSS: u32 = 0u;
const MODE_BFLOW: u32 = 1u;
const MODE_COPY: u32 = 2u;
const MODE_NONE: u32 = 3u;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let U = L.$.params;
  let group = linearGroup(wid, U.nx);
  let world = group / U.nChunks;
  let chunk = group % U.nChunks;
  // Uniform across the workgroup: every invocation returns or none does.
  if (world >= U.W) { return; }
  let d = U.d;
  let np = KC * (KC + 1u) / 2u;
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
  var w: array<f32, 16>;
  for (var j = 0u; j < KC; j++) { w[j] = L.$.worldData[world * KC + j]; }
  var acc: array<f32, PMAX>;
  for (var p = 0u; p < PMAX; p++) { acc[p] = 0.0; }
  let c0 = chunk * U.chunkCols;
  let c1 = min(c0 + U.chunkCols, d);
  for (var k = c0 + t; k < c1; k += WG) {
    let base = world * d + k;
    var th = L.$.thetaSrc[base];
    var q: array<f32, 16>;
    var c: array<f32, 16>;
    for (var i = 0u; i < KC; i++) {
      q[i] = L.$.prob[i * d + k];
      c[i] = L.$.prob[(KC + i) * d + k];
    }
    if (U.doStep == 1u && (mode == MODE_LOSS || mode == MODE_BFLOW)) {
      var dir = 0.0;
      if (mode == MODE_LOSS) {
        for (var j = 0u; j < KC; j++) { dir += w[j] * (q[j] * (th - c[j])); }
      } else {
        var s = 0.0;
        var hsum = 0.0;
        var hg = 0.0;
        for (var i = 0u; i < KC; i++) {
          let g = q[i] * (th - c[i]);
          s += g;
          hsum += q[i];
          hg += q[i] * g;
        }
        dir = (2.0 / S) * (hsum * s - B * hg);
      }
      let nt = th - U.eta * dir;
      if (!isFiniteF(nt)) { atomicStore(&L.$.flags[world], 1u); }
      L.$.thetaDst[base] = nt;
      th = nt;
    } else if (U.doStep == 1u && mode == MODE_COPY) {
      L.$.thetaDst[base] = th;
    }
    var g: array<f32, 16>;
    var s = 0.0;
    for (var i = 0u; i < KC; i++) {
      let r = th - c[i];
      g[i] = q[i] * r;
      s += g[i];
      acc[np + 1u + i] += 0.5 * q[i] * r * r;
    }
    var p = 0u;
    for (var i = 0u; i < KC; i++) {
      for (var j = i; j < KC; j++) {
        acc[p] += g[i] * g[j];
        p++;
      }
    }
    acc[np] += s * s;
  }
  let P = U.P;
  let out = (world * U.nChunks + chunk) * P;
  for (var p0 = 0u; p0 < P; p0 += ROUND) {
    for (var r = 0u; r < ROUND; r++) {
      var v = 0.0;
      if (p0 + r < P) { v = acc[p0 + r]; }
      red[r * WG + t] = v;
    }
    workgroupBarrier();
    for (var h = WG / 2u; h > 0u; h >>= 1u) {
      if (t < h) {
        for (var r = 0u; r < ROUND; r++) { red[r * WG + t] += red[r * WG + t + h]; }
      }
      workgroupBarrier();
    }
    if (t < ROUND && p0 + t < P) { L.$.partials[out + p0 + t] = red[t * WG]; }
    workgroupBarrier();
  }
}
