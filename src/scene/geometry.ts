/**
 * Pure drawing geometry of the scene: arrow instance matrices, arcs between directions, dashes,
 * arrow scale and the mapping of a 2-D domain onto the landscape plane. No three.js, no DOM:
 * plain numbers in, plain numbers out, so every helper is unit-tested.
 *
 * Conventions: a 4×4 matrix is written column-major into 16 consecutive entries (three.js and
 * WGSL order). The unit arrow parts are a cylinder and a cone of height 1 and radius 1 along +Y,
 * centred at the origin (three's CylinderGeometry(1, 1, 1) and ConeGeometry(1, 1)).
 */

export type Vec3 = readonly [number, number, number];

export interface ArrowStyle {
  /** Shaft radius. */
  shaft: number;
  /** Head radius. */
  head: number;
  /** Head length (shortened to 40% of the arrow when the arrow is shorter than 2.5 heads). */
  headLength: number;
}

/**
 * Writes into `out` at `offset` the matrix M = T(c) · R · S(sx, h, sx) placing a unit part of
 * height h along the unit vector u, centred at c: R is the rotation taking +Y to u (Rodrigues;
 * u = −Y is the half-turn about X; 1/(1 + y) is formed without cancellation near −Y). A zero
 * scale (h = 0) hides the instance.
 */
export function writePartMatrix(
  out: Float32Array,
  offset: number,
  u: Vec3,
  c: Vec3,
  radius: number,
  h: number,
): void {
  const [x, y, z] = u;
  // R columns: R·e_x, R·e_y = u, R·e_z. For y > −1: R = I + [k]× + [k]×²/(1 + y), k = e_y × u.
  // Near u = −Y, 1 + y cancels; for a unit u, 1 + y = (x² + z²)/(1 − y) exactly, without it.
  // Within 1e-12 of −Y the half-turn about X is exact to that order.
  let r: number[];
  const xz = x * x + z * z;
  if (y >= 0 || xz > 1e-24) {
    const f = y >= 0 ? 1 / (1 + y) : (1 - y) / xz;
    r = [y + z * z * f, -x, -x * z * f, x, y, z, -x * z * f, -z, y + x * x * f];
  } else {
    r = [1, 0, 0, 0, -1, 0, 0, 0, -1];
  }
  const s = [radius, h, radius];
  for (let col = 0; col < 3; col++) {
    for (let row = 0; row < 3; row++) out[offset + col * 4 + row] = r[col * 3 + row] * s[col];
    out[offset + col * 4 + 3] = 0;
  }
  out[offset + 12] = c[0];
  out[offset + 13] = c[1];
  out[offset + 14] = c[2];
  out[offset + 15] = 1;
}

/**
 * Instance matrices of an arrow from the origin to `tip`: the shaft covers [0, L − h] and the
 * head [L − h, L] along the arrow, L = ‖tip‖. An arrow shorter than 1e-9 is hidden.
 */
export function writeArrow(
  shaftOut: Float32Array,
  headOut: Float32Array,
  index: number,
  tip: Vec3,
  style: ArrowStyle,
): void {
  const L = Math.hypot(tip[0], tip[1], tip[2]);
  const o = index * 16;
  if (!(L > 1e-9)) {
    const zero: Vec3 = [0, 0, 0];
    writePartMatrix(shaftOut, o, [0, 1, 0], zero, 0, 0);
    writePartMatrix(headOut, o, [0, 1, 0], zero, 0, 0);
    return;
  }
  const u: Vec3 = [tip[0] / L, tip[1] / L, tip[2] / L];
  const h = L < 2.5 * style.headLength ? 0.4 * L : style.headLength;
  const shaftLen = L - h;
  const at = (t: number): Vec3 => [u[0] * t, u[1] * t, u[2] * t];
  writePartMatrix(shaftOut, o, u, at(shaftLen / 2), style.shaft, shaftLen);
  writePartMatrix(headOut, o, u, at(L - h / 2), style.head, h);
}

/**
 * `segments + 1` points (x, y, z) on the circular arc of radius r from direction a to direction b
 * (spherical linear interpolation of the unit vectors). For nearly opposite a, b the plane of
 * the arc is not defined by them; it is then the plane of a and the axis least aligned with a,
 * so the half-turn is still drawn. Zero vectors give an empty arc.
 */
export function arcPoints(a: Vec3, b: Vec3, r: number, segments: number): Float32Array {
  const na = Math.hypot(a[0], a[1], a[2]);
  const nb = Math.hypot(b[0], b[1], b[2]);
  if (!(na > 0 && nb > 0) || segments < 1) return new Float32Array(0);
  const ua = [a[0] / na, a[1] / na, a[2] / na];
  const ub = [b[0] / nb, b[1] / nb, b[2] / nb];
  const c = Math.max(-1, Math.min(1, ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2]));
  const omega = Math.acos(c);
  // w: unit vector ⟂ ua in the arc's plane, towards ub.
  let w = [ub[0] - c * ua[0], ub[1] - c * ua[1], ub[2] - c * ua[2]];
  let nw = Math.hypot(w[0], w[1], w[2]);
  if (nw < 1e-9) {
    const abs = ua.map(Math.abs);
    const e = [0, 0, 0];
    e[abs.indexOf(Math.min(...abs))] = 1;
    const p = e[0] * ua[0] + e[1] * ua[1] + e[2] * ua[2];
    w = [e[0] - p * ua[0], e[1] - p * ua[1], e[2] - p * ua[2]];
    nw = Math.hypot(w[0], w[1], w[2]);
  }
  w = w.map((x) => x / nw);
  const out = new Float32Array((segments + 1) * 3);
  for (let s = 0; s <= segments; s++) {
    const t = (omega * s) / segments;
    const ct = Math.cos(t) * r;
    const st = Math.sin(t) * r;
    for (let k = 0; k < 3; k++) out[s * 3 + k] = ct * ua[k] + st * w[k];
  }
  return out;
}

/**
 * Writes line-segment pairs (for LineSegments) along a polyline of points (x, y, z) into `out`
 * from vertex `at`: every segment when `dashed` is false, else every other one, which draws the
 * polyline dashed. Returns the number of vertices written (two per segment).
 */
export function writePolylineSegments(
  points: Float32Array,
  dashed: boolean,
  out: Float32Array,
  at: number,
): number {
  const n = points.length / 3;
  let v = at;
  for (let s = 0; s + 1 < n; s++) {
    if (dashed && s % 2 === 1) continue;
    for (let k = 0; k < 6; k++) out[v * 3 + k] = points[s * 3 + k];
    v += 2;
  }
  return v - at;
}

/** Severity of a conflict angle θ ∈ [90°, 180°] on [0, 1]: (θ − 90)/90, clamped. */
export function severity(angleDeg: number): number {
  return Math.max(0, Math.min(1, (angleDeg - 90) / 90));
}

/** Short human form of a positive number for the scale label: 3 significant digits. */
export function formatScale(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e4 || Math.abs(x) < 1e-2)) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}

/**
 * Position on the landscape plane of the domain point (x, y): the domain box maps onto a square
 * of side `size` centred at `centre`, lying in the plane z = centre[2].
 */
/**
 * (x, y) clamped to the domain box [x0, x1] × [y0, y1]: the landscape plane shows the domain
 * only, so a path that leaves it is drawn along its edge, not over the arrows beside it.
 */
export function clampToDomain(
  x: number,
  y: number,
  domain: readonly [readonly [number, number], readonly [number, number]],
): [number, number] {
  const [[x0, x1], [y0, y1]] = domain;
  return [Math.min(x1, Math.max(x0, x)), Math.min(y1, Math.max(y0, y))];
}

export function domainToPlane(
  x: number,
  y: number,
  domain: readonly [readonly [number, number], readonly [number, number]],
  size: number,
  centre: Vec3,
): Vec3 {
  const [[x0, x1], [y0, y1]] = domain;
  return [
    centre[0] + ((x - x0) / (x1 - x0) - 0.5) * size,
    centre[1] + ((y - y0) / (y1 - y0) - 0.5) * size,
    centre[2],
  ];
}

export interface FlatLayout {
  /** Centre of the landscape plane. */
  planeCentre: Vec3;
  /** Box [xmin, xmax, ymin, ymax] (plane z = 0) holding the arrows' disc and the landscape. */
  bounds: readonly [number, number, number, number];
}

/**
 * Where the landscape goes beside the arrows' unit disc (radius `disc`) for a viewport of
 * aspect width/height: to the right or below, whichever draws both larger. An arrangement of
 * bounds bw × bh fills a viewport of aspect a at a scale ∝ min(a/bw, 1/bh); the two arrangements
 * are mirror images (bw and bh swapped), so the landscape goes to the right exactly when a ≥ 1.
 * The plane (side `size`) keeps a gap of 0.25 from the disc.
 */
export function flatLayout(aspect: number, size: number, disc = 1.2): FlatLayout {
  return flatLayoutFor(landscapeBeside(aspect, size, disc), size, disc);
}

/** True when the landscape beside the disc draws both larger than below it (see flatLayout). */
export function landscapeBeside(aspect: number, size: number, disc = 1.2): boolean {
  const long = 2 * disc + 0.25 + size;
  const short = 2 * Math.max(disc, size / 2);
  return Math.min(aspect / long, 1 / short) >= Math.min(aspect / short, 1 / long);
}

/** The layout with the landscape to the right of the disc (beside) or below it. */
export function flatLayoutFor(beside: boolean, size: number, disc = 1.2): FlatLayout {
  const h = size / 2;
  const off = disc + 0.25 + h;
  if (beside) {
    return {
      planeCentre: [off, 0, 0],
      bounds: [-disc, off + h, -Math.max(disc, h), Math.max(disc, h)],
    };
  }
  return {
    planeCentre: [0, -off, 0],
    bounds: [-Math.max(disc, h), Math.max(disc, h), -off - h, disc],
  };
}

/**
 * Distance from a perspective camera (vertical field of view fovDeg, viewport aspect) to a plane
 * box of half-width hw and half-height hh, looking straight at its centre, so the box fits:
 * max(hh, hw/aspect) / tan(fov/2).
 */
export function fitDistance(hw: number, hh: number, fovDeg: number, aspect: number): number {
  const t = Math.tan((fovDeg * Math.PI) / 360);
  return Math.max(hh, hw / aspect) / t;
}

/**
 * Instance capacity for n instances: the next power of two ≥ max(n, floor). three's node
 * materials keep instance matrices in a uniform array of this length, so it is part of the shader
 * code: a capacity that moves with K would compile new programs on every change of K (hundreds
 * of ms in software GL); in buckets, K = 2 … 8 share one program set.
 */
export function capacityBucket(n: number, floor: number): number {
  let c = Math.max(1, Math.floor(floor));
  while (c < n) c *= 2;
  return c;
}
