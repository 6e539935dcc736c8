// Many steps per dispatch for small worlds (K ≤ 16, d ≤ 64): one workgroup of TILE ≥ max(d, K)
// invocations per world keeps θ, the gradients, the Gram matrix and C in workgroup memory and
// advances its world T steps in one dispatch, in exactly the order of the per-step path
// (src/engine/worldStep.ts): for s = 0..T at θ (global step n = step0 + s):
//   measure: g_i = ∇L_i(θ), G_ij = g_i·g_j, S = Σ_i G_ii, B = ‖Σ_i g_i‖²/S, I = Σ_{i<j} G_ij/S;
//   record (n a multiple of recordEvery, and s > 0 unless firstRecord = 1; always at s = T into
//     the current-summary row): [B, I, F, conflicts, status, switchStep, L_0..L_{K−1}, moved]
//     with moved = max_k |Δ_k| (movedNorm 0) or √(Σ_k Δ_k²) (movedNorm 1), Δ_k = θ_k − θ_k at
//     the previous recorded row (ring rows only), into ring
//     slot (ringBase + r) mod ringSlots, r = rows written so far in this dispatch;
//   step (s < T): the mode of worldUpdate.wgsl (copy once diverged or where the Gram sums are
//     not finite; two-phase switch at |I + ½| < ε_switch; B-flow where S > 0), then
//     θ' = θ − η·Σ_j w_j g_j (w_j = Σ_i C_ij) or θ' = θ − η·∇B; a non-finite θ' marks the world
//     diverged and keeps θ (the CPU engine's rule).
// theta = [θ (W·d) | θ at the last recorded row (W·d)], state = [phase, status, switchStep,
// stepCount] per world. Workgroup memory: (64 + 16·64 + 64 + 160 + 16 + 2·1024) f32 ≈ 13.5 kB.

override TILE: u32 = 64u;

var<workgroup> thsh: array<f32, 64>;
var<workgroup> gsh: array<f32, 1024>;
var<workgroup> ssh: array<f32, 64>;
var<workgroup> psh: array<f32, 160>;
var<workgroup> wsh: array<f32, 16>;
var<workgroup> stSh: array<u32, 4>;
var<workgroup> modeSh: u32;
var<workgroup> badSh: atomic<u32>;
var<workgroup> badU: u32;
var<workgroup> sbSh: array<f32, 2>;
// Status and switch step as of θ, before this step's decision (what the summary row reports).
var<workgroup> rowSt: array<u32, 2>;

const MODE_LOSS: u32 = 0u;
const MODE_BFLOW: u32 = 1u;
const MODE_COPY: u32 = 2u;

// One summary row at the current θ (losses are in psh after the Gram entries): into the ring
// slot (slot ≥ 0, with `moved`) or into the current-summary row (slot < 0).
fn writeRow(world: u32, slot: i32, moved: f32) {
  let U = L.$.params;
  let K = U.K;
  var S = 0.0;
  var off = 0.0;
  var nconf = 0u;
  var finite = true;
  for (var p = 0u; p < U.npairs + 1u + K; p++) { finite = finite && isFiniteF(psh[p]); }
  for (var i = 0u; i < K; i++) {
    S += Gsh[i * K + i];
    for (var j = i + 1u; j < K; j++) {
      off += Gsh[i * K + j];
      if (conflicts(Gsh[i * K + j], Gsh[i * K + i], Gsh[j * K + j], U.tau)) { nconf += 1u; }
    }
  }
  var F = 0.0;
  for (var i = 0u; i < K; i++) { F += psh[U.npairs + 1u + i]; }
  var status = select(1u, 0u, S > 0.0);
  if (rowSt[0] == 2u || !finite) { status = 2u; }
  var base = U.offS + world * U.sumStride;
  if (slot >= 0) { base = (u32(slot) * U.W + world) * U.sumStride; }
  var row: array<f32, 24>;
  row[0] = psh[U.npairs] / S;
  row[1] = off / S;
  row[2] = F;
  row[3] = f32(nconf);
  row[4] = f32(status);
  row[5] = f32(bitcast<i32>(rowSt[1]));
  for (var i = 0u; i < K; i++) { row[6u + i] = psh[U.npairs + 1u + i]; }
  row[6u + K] = moved;
  for (var c = 0u; c < 7u + K; c++) {
    if (slot >= 0) { L.$.ring[base + c] = row[c]; } else { L.$.worldData[base + c] = row[c]; }
  }
  if (slot >= 0) { recordTheta(world, u32(slot)); }
}

// θ at a ring row (thsh holds it here). The engine's kernel records nothing more; the path
// kernel (src/gpu/pathWorlds.ts) links this file with the stub below replaced by a recorder
// that stores θ beside the summary rows.
fn recordTheta(world: u32, slot: u32) {}

@compute @workgroup_size(TILE)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) t: u32) {
  let U = L.$.params;
  let world = linearGroup(wid, U.nx);
  if (world >= U.W) { return; }
  let K = U.K;
  let d = U.d;
  let valid = t < d;
  let at = world * d + t;
  let recAt = U.W * d + at;
  var th = 0.0;
  var thRec = 0.0;
  if (valid) {
    th = L.$.theta[at];
    thRec = L.$.theta[recAt];
  }
  thsh[t] = th;
  for (var k = t; k < 4u; k += TILE) { stSh[k] = L.$.worldState[world * 4u + k]; }
  var rows = 0u;
  for (var s = 0u; s <= U.T; s++) {
    workgroupBarrier();
    // Gradients, column sums and the Gram entries at θ.
    pGrad(world, t, t, valid);
    workgroupBarrier();
    var cs = 0.0;
    for (var i = 0u; i < K; i++) { cs += gsh[i * TILE + t]; }
    ssh[t] = cs;
    workgroupBarrier();
    for (var p = t; p <= U.npairs; p += TILE) {
      var v = 0.0;
      if (p == U.npairs) {
        for (var c = 0u; c < TILE; c++) { v += ssh[c] * ssh[c]; }
      } else {
        let e = L.$.tables[p];
        let i = e & 0xffu;
        let j = (e >> 8u) & 0xffu;
        for (var c = 0u; c < TILE; c++) { v += gsh[i * TILE + c] * gsh[j * TILE + c]; }
        Gsh[i * K + j] = v;
        Gsh[j * K + i] = v;
      }
      psh[p] = v;
    }
    workgroupBarrier();
    let n = U.step0 + s;
    let ringRow = U.recordEvery > 0u && n % U.recordEvery == 0u && (s > 0u || U.firstRecord == 1u);
    let last = s == U.T;
    // Mode and weights of the step at θ (thread 0 decides; the coefficients use K threads).
    var dir = 0.0;
    if (t == 0u) {
      rowSt[0] = stSh[1];
      rowSt[1] = stSh[2];
    }
    if (!last) {
      if (t == 0u) {
        var finite = true;
        for (var p = 0u; p <= U.npairs; p++) { finite = finite && isFiniteF(psh[p]); }
        var S = 0.0;
        var off = 0.0;
        for (var i = 0u; i < K; i++) {
          S += Gsh[i * K + i];
          for (var j = i + 1u; j < K; j++) { off += Gsh[i * K + j]; }
        }
        let B = psh[U.npairs] / S;
        let I = off / S;
        var mode = MODE_LOSS;
        var phase = stSh[0];
        if (stSh[1] == 2u) {
          mode = MODE_COPY;
        } else if (!finite) {
          mode = MODE_COPY;
          stSh[1] = 2u;
        } else {
          stSh[1] = select(1u, 0u, S > 0.0);
          if (U.flow == 2u && phase == 0u && S > 0.0 && abs(I + 0.5) < U.epsSwitch) {
            phase = 1u;
            stSh[2] = stSh[3];
          }
          let bflow = U.flow == 1u || (U.flow == 2u && phase == 1u);
          if (bflow) { mode = select(MODE_COPY, MODE_BFLOW, S > 0.0); }
        }
        stSh[0] = phase;
        stSh[3] = stSh[3] + 1u;
        sbSh[0] = S;
        sbSh[1] = B;
        modeSh = mode;
        atomicStore(&badSh, 0u);
      }
      let mode = workgroupUniformLoad(&modeSh);
      if (mode == MODE_LOSS) {
        if (t < K) { coefRow(world, t, n); }
        workgroupBarrier();
        if (t < K) {
          var w = 0.0;
          for (var i = 0u; i < K; i++) { w += Csh[i * K + t]; }
          wsh[t] = w;
        }
        workgroupBarrier();
        for (var j = 0u; j < K; j++) { dir += wsh[j] * gsh[j * TILE + t]; }
      } else if (mode == MODE_BFLOW) {
        dir = pBDir(world, t, t, valid, sbSh[0], sbSh[1]);
      }
      workgroupBarrier();
    }
    // Losses and the summary rows at θ (before the step).
    if (ringRow || last) {
      pLoss(world, t, t, valid);
      workgroupBarrier();
      for (var i = t; i < K; i += TILE) {
        var v = 0.0;
        for (var c = 0u; c < TILE; c++) { v += gsh[i * TILE + c]; }
        psh[U.npairs + 1u + i] = v;
      }
      let dth = select(0.0, th - thRec, valid);
      ssh[t] = select(abs(dth), dth * dth, U.movedNorm == 1u);
      workgroupBarrier();
      if (t == 0u) {
        var moved = 0.0;
        if (U.movedNorm == 1u) {
          for (var c = 0u; c < TILE; c++) { moved += ssh[c]; }
          moved = sqrt(moved);
        } else {
          for (var c = 0u; c < TILE; c++) { moved = max(moved, ssh[c]); }
        }
        if (ringRow) {
          writeRow(world, i32((U.ringBase + rows) % U.ringSlots), moved);
        }
        if (last) { writeRow(world, -1, moved); }
      }
      if (ringRow) {
        rows += 1u;
        thRec = th;
      }
    }
    if (last) { break; }
    // The step.
    let mode = workgroupUniformLoad(&modeSh);
    let nt = th - U.eta * dir;
    if ((mode == MODE_LOSS || mode == MODE_BFLOW) && valid && !isFiniteF(nt)) {
      atomicStore(&badSh, 1u);
    }
    workgroupBarrier();
    if (t == 0u) { badU = atomicLoad(&badSh); }
    let bad = workgroupUniformLoad(&badU);
    if (bad != 0u) {
      if (t == 0u) { stSh[1] = 2u; }
    } else if (mode == MODE_LOSS || mode == MODE_BFLOW) {
      th = nt;
      thsh[t] = th;
    }
  }
  workgroupBarrier();
  if (valid) {
    L.$.theta[at] = th;
    L.$.theta[recAt] = thRec;
  }
  for (var k = t; k < 4u; k += TILE) { L.$.worldState[world * 4u + k] = stSh[k]; }
}
