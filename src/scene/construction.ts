/**
 * Display geometry of each method's construction for one selected objective, from values the
 * float64 core computed (raw tips g_i, projected tips g′_i, the direction, the cosine matrix),
 * in display units (the frame's coordinates, a uniform scale of the gradients, so angles are
 * kept when the frame is direct):
 * - the right-angle mark at g′_i's tip when g′_i ⟂ (g_i − g′_i) (PCGrad's last projection);
 * - the dual cone {v : v·g_j ≥ 0 ∀j} of UPGrad: in 2-D its boundary rays are the ±g_j^⊥ that
 *   satisfy every constraint; in 3-D its edges are the ±(g_j × g_k) that do, and a face whose
 *   two edges are opposite (a wedge, as for K = 2) is the half-disc on the cone's side;
 *   parallel gradients give a half-space or a plane (flatCone), opposite 2-D ones a line;
 * - the convex hull of the tips (MGDA's min-norm point lies on it): monotone chain in 2-D.
 */
export type Vec3 = [number, number, number];

const EPS = 1e-9;

const dot3 = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm3 = (a: ArrayLike<number>) => Math.sqrt(dot3(a, a));
const unit = (a: Vec3): Vec3 | null => {
  const n = norm3(a);
  return n > EPS ? [a[0] / n, a[1] / n, a[2] / n] : null;
};
const tip = (a: ArrayLike<number>, i: number): Vec3 => [a[3 * i], a[3 * i + 1], a[3 * i + 2]];

/**
 * The three corners (besides P itself) of the right-angle square at P = g′_i's tip between the
 * directions towards the origin and towards g_i's tip, side `size`; null when the angle is not
 * right to within 1e-6 (in cosine) or a side is too short to show.
 */
export function rightAngleMark(raw: Vec3, proj: Vec3, size: number): Vec3[] | null {
  const a = unit([-proj[0], -proj[1], -proj[2]]);
  const b = unit([raw[0] - proj[0], raw[1] - proj[1], raw[2] - proj[2]]);
  if (!a || !b || Math.abs(dot3(a, b)) > 1e-6) return null;
  const s = Math.min(
    size,
    0.4 * norm3(proj),
    0.4 * norm3([raw[0] - proj[0], raw[1] - proj[1], raw[2] - proj[2]]),
  );
  if (!(s > 1e-4)) return null;
  const p1: Vec3 = [proj[0] + s * a[0], proj[1] + s * a[1], proj[2] + s * a[2]];
  const p2: Vec3 = [p1[0] + s * b[0], p1[1] + s * b[1], p1[2] + s * b[2]];
  const p3: Vec3 = [proj[0] + s * b[0], proj[1] + s * b[1], proj[2] + s * b[2]];
  return [p1, p2, p3];
}

/** Whether unit direction r satisfies r·g_j ≥ −ε‖g_j‖ for every tip j. */
function inCone(r: Vec3, tips: Float64Array, K: number): boolean {
  for (let j = 0; j < K; j++) {
    const g = tip(tips, j);
    if (dot3(r, g) < -1e-7 * norm3(g)) return false;
  }
  return true;
}

export interface DualCone {
  /** Unit boundary rays (2-D) or edges (3-D) of the cone. */
  rays: Vec3[];
  /** Triangles (origin, R·r_a, R·r_b), flattened, filling the cone's faces out to radius R. */
  fill: Vec3[];
  /** The cone is {0}: the gradients positively span the space (no common descent direction). */
  trivial: boolean;
}

/**
 * Triangles from the origin over the arc R(cos t·a + sin t·b), t ∈ [0, turn], in `steps`
 * pieces (a, b orthonormal).
 */
function fan(a: Vec3, b: Vec3, R: number, turn: number, steps: number): Vec3[] {
  const at = (t: number): Vec3 => [
    R * (Math.cos(t) * a[0] + Math.sin(t) * b[0]),
    R * (Math.cos(t) * a[1] + Math.sin(t) * b[1]),
    R * (Math.cos(t) * a[2] + Math.sin(t) * b[2]),
  ];
  const out: Vec3[] = [];
  for (let k = 0; k < steps; k++) {
    out.push([0, 0, 0], at((turn * k) / steps), at((turn * (k + 1)) / steps));
  }
  return out;
}

/**
 * The face on plane g^⊥ whose two edges are opposite rays ±e (the cone is a wedge, e.g. K = 2):
 * the half-disc {R(cos t·e + sin t·n) : t ∈ [0, π]} with n = ±unit(e × g), the sign that
 * satisfies every constraint, as 24 triangles from the origin; empty when neither sign does.
 */
function halfDisc(e: Vec3, g: Vec3, tips: Float64Array, K: number, R: number): Vec3[] {
  let n = unit([e[1] * g[2] - e[2] * g[1], e[2] * g[0] - e[0] * g[2], e[0] * g[1] - e[1] * g[0]]);
  if (n && !inCone(n, tips, K)) n = [-n[0], -n[1], -n[2]];
  if (!n || !inCone(n, tips, K)) return [];
  return fan(e, n, R, Math.PI, 24);
}

/** UPGrad's dual cone of the tips (K×3; the third coordinate 0 for 2-D), drawn to radius R. */
export function dualCone(tips: Float64Array, K: number, dim: 2 | 3, R: number): DualCone {
  const rays: Vec3[] = [];
  const fill: Vec3[] = [];
  const add = (r: Vec3 | null) => {
    if (!r || !inCone(r, tips, K)) return;
    if (rays.some((q) => dot3(q, r) > 1 - 1e-9)) return;
    rays.push(r);
  };
  if (dim === 2) {
    for (let j = 0; j < K; j++) {
      const g = tip(tips, j);
      add(unit([-g[1], g[0], 0]));
      add(unit([g[1], -g[0], 0]));
    }
    if (rays.length === 2) {
      // The wedge between the two rays, on the side of the cone's interior.
      const [a, b] = rays;
      let mid = unit([a[0] + b[0], a[1] + b[1], 0]);
      if (!mid) {
        // Opposite rays: a half-plane, on the side where every g_j lies.
        mid = unit([-a[1], a[0], 0]);
        if (mid && !inCone(mid, tips, K)) mid = [-mid[0], -mid[1], 0];
      }
      if (mid && !inCone(mid, tips, K)) mid = [-mid[0], -mid[1], 0];
      // Neither side: opposite gradients, the cone is the line through the two rays.
      if (mid && !inCone(mid, tips, K)) mid = null;
      if (mid) {
        const angle = (u: Vec3) => Math.atan2(u[1], u[0]);
        const am = angle(mid);
        const span = (u: Vec3) => {
          let t = angle(u) - am;
          while (t <= -Math.PI) t += 2 * Math.PI;
          while (t > Math.PI) t -= 2 * Math.PI;
          return t;
        };
        const t0 = Math.min(span(a), span(b));
        const t1 = Math.max(span(a), span(b));
        const n = 24;
        for (let k = 0; k < n; k++) {
          const u = am + t0 + ((t1 - t0) * k) / n;
          const w = am + t0 + ((t1 - t0) * (k + 1)) / n;
          fill.push(
            [0, 0, 0],
            [R * Math.cos(u), R * Math.sin(u), 0],
            [R * Math.cos(w), R * Math.sin(w), 0],
          );
        }
      }
    }
  } else {
    for (let j = 0; j < K; j++) {
      for (let k = j + 1; k < K; k++) {
        const a = tip(tips, j);
        const b = tip(tips, k);
        const c: Vec3 = [
          a[1] * b[2] - a[2] * b[1],
          a[2] * b[0] - a[0] * b[2],
          a[0] * b[1] - a[1] * b[0],
        ];
        add(unit(c));
        add(unit([-c[0], -c[1], -c[2]]));
      }
    }
    // Faces: the rays lying on one constraint plane g_j^⊥, taken in pairs.
    for (let j = 0; j < K; j++) {
      const g = tip(tips, j);
      const n = norm3(g);
      const on = rays.filter((r) => Math.abs(dot3(r, g)) <= 1e-7 * n);
      if (on.length === 2 && dot3(on[0], on[1]) < -1 + 1e-9) {
        fill.push(...halfDisc(on[0], g, tips, K, R));
      } else if (on.length === 2) {
        fill.push(
          [0, 0, 0],
          [R * on[0][0], R * on[0][1], R * on[0][2]],
          [R * on[1][0], R * on[1][1], R * on[1][2]],
        );
      }
    }
  }
  if (dim === 3 && rays.length === 0) {
    const flat = flatCone(tips, K, R);
    if (flat) return { rays: flat.rays, fill: flat.fill, trivial: false };
  }
  return { rays, fill, trivial: rays.length === 0 };
}

/**
 * 3-D gradients all on one line through 0 (no edges g_j × g_k): the cone is the half-space
 * {v·g ≥ 0} when they point the same way (its boundary disc and the ray along g, the side it
 * keeps), else the plane g^⊥ (its disc); null when no gradient is non-zero or they are not
 * parallel.
 */
function flatCone(tips: Float64Array, K: number, R: number): { rays: Vec3[]; fill: Vec3[] } | null {
  let g0: Vec3 | null = null;
  for (let j = 0; j < K && !g0; j++) g0 = unit(tip(tips, j));
  if (!g0) return null;
  let same = true;
  for (let j = 0; j < K; j++) {
    const g = tip(tips, j);
    const n = norm3(g);
    if (n <= EPS) continue;
    const c = dot3(g, g0) / n;
    if (Math.abs(c) < 1 - 1e-9) return null;
    if (c < 0) same = false;
  }
  // An orthonormal pair (a, b) of the plane g0^⊥.
  const ref: Vec3 = Math.abs(g0[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const a = unit([
    ref[1] * g0[2] - ref[2] * g0[1],
    ref[2] * g0[0] - ref[0] * g0[2],
    ref[0] * g0[1] - ref[1] * g0[0],
  ])!;
  const b: Vec3 = [
    g0[1] * a[2] - g0[2] * a[1],
    g0[2] * a[0] - g0[0] * a[2],
    g0[0] * a[1] - g0[1] * a[0],
  ];
  return { rays: same ? [g0] : [], fill: fan(a, b, R, 2 * Math.PI, 48) };
}

/** Convex hull (counter-clockwise) of the 2-D tips (x, y of each row), by the monotone chain. */
export function hull2d(tips: Float64Array, K: number): Vec3[] {
  const pts = Array.from({ length: K }, (_, i) => tip(tips, i)).sort(
    (p, q) => p[0] - q[0] || p[1] - q[1],
  );
  if (pts.length < 3) return pts;
  const cross = (o: Vec3, a: Vec3, b: Vec3) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Vec3[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Vec3[] = [];
  for (const p of [...pts].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0)
      upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}
