// Sums the per-chunk partials of the Gram kernel over chunks (used when d spans several chunks):
//   reduced[world·P + p] = Σ_c partials[(world·nChunks + c)·P + p].
// One workgroup of 64 invocations per (world, p): strided partial sums, then a tree reduction.

var<workgroup> rsh: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let U = L.$.params;
  let group = linearGroup(wid, U.nx);
  let world = group / U.P;
  let p = group % U.P;
  if (world >= U.W) { return; }
  var s = 0.0;
  for (var c = t; c < U.nChunks; c += 64u) {
    s += L.$.partials[(world * U.nChunks + c) * U.P + p];
  }
  rsh[t] = s;
  for (var h = 32u; h > 0u; h >>= 1u) {
    workgroupBarrier();
    if (t < h) { rsh[t] += rsh[t + h]; }
  }
  if (t == 0u) { L.$.reduced[world * U.P + p] = rsh[0]; }
}
