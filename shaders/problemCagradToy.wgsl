// The CAGrad toy (MATH.md §9, src/core/problems/cagradToy.ts), K = 2, d = 2, one tile per world.
// prob = [atZero] (0: gradients and Hessians exactly zero on the line x2 = 0; 1: the autograd
// convention, both gates passing c' = ±1/2 there). Same formulas as the core:
//   a = −x1/2 + β + σ·tanh(x2),  f = log(max(|a|, LOWER)) + 6  (constant where |a| < LOWER),
//   f_sq = ((x1 − μ)² + 0.1(x2 + 8)²)/10 − 20,  gates c = tanh(±x2/2) on their side,
//   L1 = c1·f(β=−7/2, σ=+1) + c2·f_sq(μ=7),  L2 = c1·f(β=7/2, σ=−1) + c2·f_sq(μ=−7),
// with value, gradient and Hessian carried together (product rule, gates depend on x2 only).

const CAGRAD_LOWER: f32 = 5e-6;

struct Jet { v: f32, g1: f32, g2: f32, h11: f32, h12: f32, h22: f32, }

struct Gate { c: f32, c1: f32, c2: f32, }

fn cgGate(x2: f32, sgn: f32) -> Gate {
  let s = tanh(sgn * x2 * 0.5);
  let ch = cosh(x2 * 0.5);
  let sech2 = 1.0 / (ch * ch);
  return Gate(s, sgn * sech2 * 0.5, -s * sech2 * 0.5);
}

fn cgLog(x1: f32, x2: f32, beta: f32, sgn: f32) -> Jet {
  let t = tanh(x2);
  let ch = cosh(x2);
  let sech2 = 1.0 / (ch * ch);
  let a = -x1 * 0.5 + beta + sgn * t;
  if (!(abs(a) >= CAGRAD_LOWER)) { return Jet(log(CAGRAD_LOWER) + 6.0, 0.0, 0.0, 0.0, 0.0, 0.0); }
  let a1 = -0.5;
  let a2 = sgn * sech2;
  let a22 = -2.0 * sgn * t * sech2;
  let ia = 1.0 / a;
  return Jet(log(abs(a)) + 6.0, a1 * ia, a2 * ia, -a1 * a1 * ia * ia, -a1 * a2 * ia * ia,
    a22 * ia - a2 * a2 * ia * ia);
}

fn cgSq(x1: f32, x2: f32, mu: f32) -> Jet {
  let u = x1 - mu;
  let w = x2 + 8.0;
  return Jet((u * u + 0.1 * w * w) / 10.0 - 20.0, u / 5.0, 0.02 * w, 0.2, 0.0, 0.02);
}

fn cgProduct(g: Gate, f: Jet) -> Jet {
  return Jet(g.c * f.v, g.c * f.g1, g.c1 * f.v + g.c * f.g2, g.c * f.h11,
    g.c1 * f.g1 + g.c * f.h12, g.c2 * f.v + 2.0 * g.c1 * f.g2 + g.c * f.h22);
}

fn cgAdd(p: Jet, q: Jet) -> Jet {
  return Jet(p.v + q.v, p.g1 + q.g1, p.g2 + q.g2, p.h11 + q.h11, p.h12 + q.h12, p.h22 + q.h22);
}

// Jet of objective i at θ = (x1, x2).
fn cgJet(i: u32, x1: f32, x2: f32) -> Jet {
  if (x2 == 0.0 && L.$.prob[0] == 0.0) { return Jet(0.0, 0.0, 0.0, 0.0, 0.0, 0.0); }
  var up = Gate(0.0, 0.0, 0.0);
  var down = Gate(0.0, 0.0, 0.0);
  if (x2 >= 0.0) { up = cgGate(x2, 1.0); }
  if (x2 <= 0.0) { down = cgGate(x2, -1.0); }
  if (i == 0u) {
    return cgAdd(cgProduct(up, cgLog(x1, x2, -3.5, 1.0)), cgProduct(down, cgSq(x1, x2, 7.0)));
  }
  return cgAdd(cgProduct(up, cgLog(x1, x2, 3.5, -1.0)), cgProduct(down, cgSq(x1, x2, -7.0)));
}

fn pGrad(world: u32, t: u32, k: u32, valid: bool) {
  for (var i = 0u; i < 2u; i++) {
    var g = 0.0;
    if (valid) {
      let j = cgJet(i, thsh[0], thsh[1]);
      g = select(j.g2, j.g1, k == 0u);
    }
    gsh[i * TILE + t] = g;
  }
}

fn pLoss(world: u32, t: u32, k: u32, valid: bool) {
  for (var i = 0u; i < 2u; i++) {
    var l = 0.0;
    if (valid && k == 0u) { l = cgJet(i, thsh[0], thsh[1]).v; }
    gsh[i * TILE + t] = l;
  }
}

fn pBDir(world: u32, t: u32, k: u32, valid: bool, S: f32, B: f32) -> f32 {
  if (!valid) { return 0.0; }
  let s0 = gsh[0] + gsh[TILE];
  let s1 = gsh[1] + gsh[TILE + 1u];
  var acc = 0.0;
  for (var i = 0u; i < 2u; i++) {
    let j = cgJet(i, thsh[0], thsh[1]);
    let v0 = s0 - B * gsh[i * TILE];
    let v1 = s1 - B * gsh[i * TILE + 1u];
    if (k == 0u) { acc += j.h11 * v0 + j.h12 * v1; } else { acc += j.h12 * v0 + j.h22 * v1; }
  }
  return (2.0 / S) * acc;
}
