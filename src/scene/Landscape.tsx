/**
 * The loss landscape of a 2-D problem, on a plane beside the arrows: F (or one L_i) coloured by
 * its empirical CDF (src/core/landscape.ts), quantile contour lines, and the paths of the running
 * method and (when a comparison runs) of the second method in a second colour, with a ring at θ*
 * where it is known.
 *
 * The paths drawn are runStore.paths when present: both methods swept from the start with the
 * method as it is now (src/state/pathSweep.ts), so dragging α sweeps them across the plane. The
 * live run's own history (runStore.trajectory, made with the methods as they were at each step)
 * is drawn faint beneath them, and a dot marks each live run's current θ. Without swept paths
 * the live histories are drawn in full. A path stops at its first non-finite point; a path or
 * dot outside the domain is drawn on the plane's edge (clampToDomain), never over the arrows.
 */
import { useFrame } from '@react-three/fiber';
import { interpolateViridis } from 'd3-scale-chromatic';
import { useEffect, useMemo, useRef } from 'react';
import {
  BufferAttribute,
  BufferGeometry,
  DataTexture,
  DynamicDrawUsage,
  Line,
  LineBasicMaterial,
  Mesh,
  MeshBasicMaterial,
  RGBAFormat,
  SphereGeometry,
  SRGBColorSpace,
  UnsignedByteType,
} from 'three/webgpu';
import {
  contourLevels,
  contourSegments,
  type Domain2,
  equalizedValues,
  type LandscapeField,
  landscapeDomain,
  landscapeGrid,
} from '../core/landscape';
import type { Problem } from '../core/problems/types';
import { TRAJECTORY_CAPACITY, useRunStore } from '../state/runStore';
import { clampToDomain, domainToPlane, type Vec3 } from './geometry';

export const PLANE_SIZE = 2.6;
export const TRAJECTORY_COLORS = { main: '#5fb3ff', compare: '#ffb454' } as const;
const GRID = 161;
const LEVELS = 14;

interface Built {
  domain: Domain2;
  texture: DataTexture;
  contours: BufferGeometry;
}

/** Grid, colour texture and contour geometry of the field (computed once per problem/field). */
function build(problem: Problem, field: LandscapeField, centre: Vec3): Built {
  const domain = landscapeDomain(problem);
  const grid = landscapeGrid(problem, { nx: GRID, ny: GRID, field, domain });
  const t = equalizedValues(grid);
  const rgba = new Uint8Array(GRID * GRID * 4);
  for (let k = 0; k < t.length; k++) {
    // Viridis (sRGB hex), darkened so that arrows and lines stay readable over it.
    const hex = Number.parseInt(interpolateViridis(t[k]).slice(1), 16);
    rgba[4 * k] = Math.round(((hex >> 16) & 255) * 0.62);
    rgba[4 * k + 1] = Math.round(((hex >> 8) & 255) * 0.62);
    rgba[4 * k + 2] = Math.round((hex & 255) * 0.62);
    rgba[4 * k + 3] = 255;
  }
  const texture = new DataTexture(rgba, GRID, GRID, RGBAFormat, UnsignedByteType);
  texture.colorSpace = SRGBColorSpace;
  texture.needsUpdate = true;
  const pts: number[] = [];
  for (const level of contourLevels(grid, LEVELS)) {
    const s = contourSegments(grid, level);
    for (let k = 0; k < s.length; k += 2) {
      pts.push(...domainToPlane(s[k], s[k + 1], domain, PLANE_SIZE, centre));
    }
  }
  const contours = new BufferGeometry();
  contours.setAttribute('position', new BufferAttribute(Float32Array.from(pts), 3));
  return { domain, texture, contours };
}

/** A polyline whose points are rewritten in place from an (x, y) history. */
function makeTrack(color: string, opacity = 1) {
  const geometry = new BufferGeometry();
  const attr = new BufferAttribute(new Float32Array((TRAJECTORY_CAPACITY + 1) * 3), 3);
  attr.setUsage(DynamicDrawUsage);
  geometry.setAttribute('position', attr);
  geometry.setDrawRange(0, 0);
  const material = new LineBasicMaterial({ color, transparent: opacity < 1, opacity });
  const line = new Line(geometry, material);
  line.frustumCulled = false;
  const dot = new Mesh(new SphereGeometry(0.035, 16, 12), new MeshBasicMaterial({ color }));
  dot.visible = false;
  return { line, dot, attr, seen: null as Float64Array | null, n: 0 };
}

type Track = ReturnType<typeof makeTrack>;

/** Places the dot at θ (or hides it). */
function placeDot(track: Track, theta: ArrayLike<number> | null, domain: Domain2, centre: Vec3) {
  const ok = theta !== null && Number.isFinite(theta[0]) && Number.isFinite(theta[1]);
  track.dot.visible = ok;
  if (!ok) return;
  const [x, y] = clampToDomain(theta[0], theta[1], domain);
  const p = domainToPlane(x, y, domain, PLANE_SIZE, centre);
  track.dot.position.set(p[0], p[1], p[2] + 0.012);
}

declare global {
  interface Window {
    /** The paths the landscape draws now, as (x, y) pairs (for end-to-end tests). */
    __concordPaths?: () => { main: number[]; compare: number[]; swept: boolean };
  }
}

function writeTrack(
  track: Track,
  xy: Float64Array | null,
  domain: Domain2,
  centre: Vec3,
  lift: number,
) {
  if (xy === track.seen) return;
  track.seen = xy;
  let n = xy ? Math.min(xy.length / 2, TRAJECTORY_CAPACITY + 1) : 0;
  for (let k = 0; k < n; k++) {
    if (!(Number.isFinite(xy![2 * k]) && Number.isFinite(xy![2 * k + 1]))) n = k;
  }
  track.n = n;
  const a = track.attr.array as Float32Array;
  for (let k = 0; k < n; k++) {
    const [x, y] = clampToDomain(xy![2 * k], xy![2 * k + 1], domain);
    const p = domainToPlane(x, y, domain, PLANE_SIZE, centre);
    a[3 * k] = p[0];
    a[3 * k + 1] = p[1];
    a[3 * k + 2] = p[2] + lift;
  }
  track.line.geometry.setDrawRange(0, n);
  track.attr.needsUpdate = true;
}

function lastPoint(xy: Float64Array): Float64Array | null {
  return xy.length >= 2 ? xy.subarray(xy.length - 2) : null;
}

export function Landscape({
  problem,
  field,
  centre,
}: {
  problem: Problem;
  field: LandscapeField;
  centre: Vec3;
}) {
  const built = useMemo(() => {
    try {
      return build(problem, field, centre);
    } catch {
      return null;
    }
  }, [problem, field, centre]);
  const tracks = useMemo(
    () => ({
      main: makeTrack(TRAJECTORY_COLORS.main),
      compare: makeTrack(TRAJECTORY_COLORS.compare),
      liveMain: makeTrack(TRAJECTORY_COLORS.main, 0.35),
      liveCompare: makeTrack(TRAJECTORY_COLORS.compare, 0.35),
    }),
    [],
  );
  const contourMaterial = useMemo(
    () => new LineBasicMaterial({ color: '#e8edf3', transparent: true, opacity: 0.28 }),
    [],
  );
  useEffect(
    () => () => {
      built?.texture.dispose();
      built?.contours.dispose();
    },
    [built],
  );
  useEffect(
    () => () => {
      contourMaterial.dispose();
      for (const t of Object.values(tracks)) {
        t.line.geometry.dispose();
        t.dot.geometry.dispose();
      }
    },
    [tracks, contourMaterial],
  );
  useEffect(() => {
    const slice = (t: Track) => (t.seen ? Array.from(t.seen.subarray(0, 2 * t.n)) : []);
    window.__concordPaths = () => ({
      main: slice(tracks.main),
      compare: slice(tracks.compare),
      swept: useRunStore.getState().paths !== null,
    });
    return () => {
      delete window.__concordPaths;
    };
  }, [tracks]);
  const lastDomain = useRef<Domain2 | null>(null);
  const lastCentre = useRef<Vec3 | null>(null);
  useFrame(() => {
    if (!built) return;
    const run = useRunStore.getState();
    if (lastDomain.current !== built.domain || lastCentre.current !== centre) {
      lastCentre.current = centre;
      lastDomain.current = built.domain;
      for (const t of Object.values(tracks)) t.seen = null;
    }
    const swept = run.paths;
    const compareLive = run.compare ? run.compare.trajectory : null;
    // The running method's path is drawn above the comparison's, which it may cover.
    if (swept) {
      writeTrack(tracks.liveCompare, compareLive, built.domain, centre, 0.002);
      writeTrack(tracks.liveMain, run.trajectory, built.domain, centre, 0.003);
      writeTrack(tracks.compare, swept.paths[1] ?? null, built.domain, centre, 0.004);
      writeTrack(tracks.main, swept.paths[0] ?? null, built.domain, centre, 0.008);
    } else {
      writeTrack(tracks.liveCompare, null, built.domain, centre, 0.002);
      writeTrack(tracks.liveMain, null, built.domain, centre, 0.003);
      writeTrack(tracks.compare, compareLive, built.domain, centre, 0.004);
      writeTrack(tracks.main, run.trajectory, built.domain, centre, 0.008);
    }
    // Each live run's own position, wherever the swept path goes.
    tracks.liveMain.dot.visible = tracks.liveCompare.dot.visible = false;
    placeDot(
      tracks.main,
      run.view ? run.view.theta : lastPoint(run.trajectory),
      built.domain,
      centre,
    );
    placeDot(
      tracks.compare,
      run.compare ? (run.compare.view?.theta ?? lastPoint(run.compare.trajectory)) : null,
      built.domain,
      centre,
    );
  });
  if (!built) return null;
  const star = problem.thetaStar
    ? domainToPlane(problem.thetaStar[0], problem.thetaStar[1], built.domain, PLANE_SIZE, centre)
    : null;
  return (
    <group>
      <mesh position={centre}>
        <planeGeometry args={[PLANE_SIZE, PLANE_SIZE]} />
        <meshBasicMaterial map={built.texture} toneMapped={false} />
      </mesh>
      <lineSegments geometry={built.contours} material={contourMaterial} position={[0, 0, 0.002]} />
      <primitive object={tracks.liveMain.line} />
      <primitive object={tracks.liveCompare.line} />
      <primitive object={tracks.main.line} />
      <primitive object={tracks.compare.line} />
      <primitive object={tracks.main.dot} />
      <primitive object={tracks.compare.dot} />
      {star && (
        <mesh position={[star[0], star[1], star[2] + 0.01]}>
          <ringGeometry args={[0.04, 0.06, 24]} />
          <meshBasicMaterial color="#ffffff" />
        </mesh>
      )}
    </group>
  );
}
