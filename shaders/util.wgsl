// Shared helpers of Concord's kernels. Linked with the kernels by tgpu.resolve (src/gpu/link.ts).

const KMAX: u32 = 32u;

// True unless x is NaN or ±Inf (WGSL has no isnan; an IEEE f32 is non-finite iff its exponent
// bits are all ones).
fn isFiniteF(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// Linear workgroup index of a 2-D dispatch (x ≤ 65535 per dimension, row width nx).
fn linearGroup(wid: vec3u, nx: u32) -> u32 {
  return wid.x + wid.y * nx;
}
