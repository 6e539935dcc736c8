// Per-world update, one workgroup of UW ≥ K invocations per world, at θ_t (after the Gram kernel):
//   S = Σ_i G_ii,  B = ‖Σ_i g_i‖² / S (directly, never 1 + 2I),  I = Σ_{i<j} G_ij / S,
//   F = Σ_i L_i, conflicting pairs i < j (MATH.md §1), status (0 ok, 1 S = 0, 2 diverged).
// doStep = 0 (measure): writes the summary row of the world
//   [B, I, F, conflicts, status, switchStep, L_0..L_{K−1}] (a diverged world keeps its last
//   row apart from the status; the reader shows B, I as NaN where status ≠ 0, F where 2).
// doStep = 1: decides the step mode and, for loss steps, the direction weights w_j = Σ_i C_ij:
//   already diverged → copy (θ kept); the last step produced a non-finite θ → diverged, no
//   write (the other θ buffer keeps θ_{t−1}); non-finite partial sums → diverged, copy;
//   two-phase: loss phase and |I + ½| < ε_switch → B-flow phase from this step, switch step
//   recorded; B-flow where S = 0 → copy. state = [phase, status, switchStep, stepCount].
//   With offC > 0 the coefficients C are also written (row-major K×K per world, for tests).

var<workgroup> psh: array<f32, 576>;
var<workgroup> modeSh: u32;
var<workgroup> stepSh: u32;

const MODE_LOSS: u32 = 0u;
const MODE_BFLOW: u32 = 1u;
const MODE_COPY: u32 = 2u;
const MODE_NONE: u32 = 3u;

// Invocations per workgroup: a power of two ≥ K, ≤ 32 (chosen by the host).
override UW: u32 = 32u;

@compute @workgroup_size(UW)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) l: u32) {
  let U = L.$.params;
  let world = linearGroup(wid, U.nx);
  if (world >= U.W) { return; }
  let K = U.K;
  let P = U.P;
  for (var p = l; p < P; p += UW) { psh[p] = L.$.red[world * P + p]; }
  workgroupBarrier();
  for (var p = l; p < U.npairs; p += UW) {
    let e = L.$.tables[p];
    let i = e & 0xffu;
    let j = (e >> 8u) & 0xffu;
    Gsh[i * K + j] = psh[p];
    Gsh[j * K + i] = psh[p];
  }
  workgroupBarrier();
  if (l == 0u) {
    var finite = true;
    for (var p = 0u; p < P; p++) { finite = finite && isFiniteF(psh[p]); }
    var S = 0.0;
    var off = 0.0;
    var nconf = 0u;
    for (var i = 0u; i < K; i++) {
      S += Gsh[i * K + i];
      for (var j = i + 1u; j < K; j++) {
        off += Gsh[i * K + j];
        if (conflicts(Gsh[i * K + j], Gsh[i * K + i], Gsh[j * K + j], U.tau)) { nconf += 1u; }
      }
    }
    var F = 0.0;
    for (var i = 0u; i < K; i++) { F += psh[U.npairs + 1u + i]; }
    let B = psh[U.npairs] / S;
    let I = off / S;
    let sb = U.offS + world * U.sumStride;
    let st0 = L.$.worldState[world * 4u + 1u];
    let flagged = atomicLoad(&L.$.flags[world]) != 0u;
    var status = select(1u, 0u, S > 0.0);
    if (st0 == 2u || flagged || !finite) { status = 2u; }
    var mode = MODE_LOSS;
    if (U.doStep == 1u) {
      var phase = L.$.worldState[world * 4u];
      let stepCount = L.$.worldState[world * 4u + 3u];
      stepSh = stepCount;
      if (st0 == 2u) {
        mode = MODE_COPY;
      } else if (flagged) {
        mode = MODE_NONE;
      } else if (!finite) {
        mode = MODE_COPY;
      } else {
        if (U.flow == 2u && phase == 0u && S > 0.0 && abs(I + 0.5) < U.epsSwitch) {
          phase = 1u;
          L.$.worldState[world * 4u + 2u] = stepCount;
        }
        let bflow = U.flow == 1u || (U.flow == 2u && phase == 1u);
        if (bflow) { mode = select(MODE_COPY, MODE_BFLOW, S > 0.0); }
      }
      L.$.worldState[world * 4u] = phase;
      L.$.worldState[world * 4u + 1u] = status;
      L.$.worldState[world * 4u + 3u] = stepCount + 1u;
      L.$.worldData[U.offP + world * 4u] = S;
      L.$.worldData[U.offP + world * 4u + 1u] = B;
      L.$.worldData[U.offP + world * 4u + 2u] = f32(mode);
    } else {
      if (status != 2u) {
        L.$.worldData[sb] = B;
        L.$.worldData[sb + 1u] = I;
        L.$.worldData[sb + 2u] = F;
        L.$.worldData[sb + 3u] = f32(nconf);
        for (var i = 0u; i < K; i++) { L.$.worldData[sb + 6u + i] = psh[U.npairs + 1u + i]; }
      }
      L.$.worldData[sb + 4u] = f32(status);
      L.$.worldData[sb + 5u] = f32(bitcast<i32>(L.$.worldState[world * 4u + 2u]));
    }
    modeSh = mode;
  }
  let mode = workgroupUniformLoad(&modeSh);
  let stepNow = workgroupUniformLoad(&stepSh);
  if (U.doStep == 1u && mode == MODE_LOSS) {
    if (l < K) { coefRow(world, l, stepNow); }
    workgroupBarrier();
    if (l < K) {
      var w = 0.0;
      for (var i = 0u; i < K; i++) { w += Csh[i * K + l]; }
      L.$.worldData[world * K + l] = w;
      if (U.offC > 0u) {
        for (var m = 0u; m < K; m++) { L.$.worldData[U.offC + (world * K + l) * K + m] = Csh[l * K + m]; }
      }
    }
  }
}
