// Chunked Gram matrix of K gradient rows (imported sets, large d). One dispatch covers one chunk
// of n columns, uploaded as K rows of n floats (row i at i·n). Each workgroup of 64 invocations
// takes `colsPerGroup` consecutive columns, in tiles of 64, and writes its partial sums
//   partials[(groupOffset + group)·P + p] = Σ_{k in its columns} g_ik g_jk   for pair p = (i, j),
//   partials[(groupOffset + group)·P + P − 1] = Σ_{k in its columns} (Σ_i g_ik)²,
// pairs i ≤ j in the order of the pair table (i | j << 8), P = K(K+1)/2 + 1. The host sums the
// partials over workgroups and chunks in float64. K ≤ 32 (the tile holds K × 64 values).

var<workgroup> gsh: array<f32, 2048>;
var<workgroup> ssh: array<f32, 64>;

// Output slots per invocation: P ≤ 32·33/2 + 1 = 529 ≤ 9 · 64.
const SLOTS: u32 = 9u;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let U = L.$.params;
  let group = linearGroup(wid, U.nx);
  let c0 = group * U.colsPerGroup;
  // Uniform across the workgroup: every invocation returns or none does.
  if (c0 >= U.n) { return; }
  let c1 = min(c0 + U.colsPerGroup, U.n);
  var acc: array<f32, 9>;
  for (var s = 0u; s < SLOTS; s++) { acc[s] = 0.0; }
  for (var k0 = c0; k0 < c1; k0 += 64u) {
    let k = k0 + t;
    var colSum = 0.0;
    for (var i = 0u; i < U.K; i++) {
      var x = 0.0;
      if (k < c1) { x = L.$.data[i * U.n + k]; }
      gsh[i * 64u + t] = x;
      colSum += x;
    }
    ssh[t] = colSum;
    workgroupBarrier();
    for (var s = 0u; s < SLOTS; s++) {
      let p = t + s * 64u;
      if (p < U.P) {
        var v = 0.0;
        if (p + 1u == U.P) {
          for (var c = 0u; c < 64u; c++) { v += ssh[c] * ssh[c]; }
        } else {
          let e = L.$.pairs[p];
          let i = e & 0xffu;
          let j = e >> 8u;
          for (var c = 0u; c < 64u; c++) { v += gsh[i * 64u + c] * gsh[j * 64u + c]; }
        }
        acc[s] += v;
      }
    }
    workgroupBarrier();
  }
  for (var s = 0u; s < SLOTS; s++) {
    let p = t + s * 64u;
    if (p < U.P) { L.$.partials[(U.groupOffset + group) * U.P + p] = acc[s]; }
  }
}
