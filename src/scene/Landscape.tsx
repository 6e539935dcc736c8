/**
 * The loss landscape of a 2-D problem, on a plane beside the arrows: F (or one L_i) coloured by
 * its empirical CDF (src/core/landscape.ts), quantile contour lines, the running method's
 * trajectory (runStore.trajectory) and, when a comparison runs, the second method's trajectory
 * in a second colour, with a dot at each current θ and a ring at θ* where it is known.
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
import { domainToPlane, type Vec3 } from './geometry';

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
function makeTrack(color: string) {
  const geometry = new BufferGeometry();
  const attr = new BufferAttribute(new Float32Array((TRAJECTORY_CAPACITY + 1) * 3), 3);
  attr.setUsage(DynamicDrawUsage);
  geometry.setAttribute('position', attr);
  geometry.setDrawRange(0, 0);
  const line = new Line(geometry, new LineBasicMaterial({ color }));
  line.frustumCulled = false;
  const dot = new Mesh(new SphereGeometry(0.035, 16, 12), new MeshBasicMaterial({ color }));
  dot.visible = false;
  return { line, dot, attr, seen: null as Float64Array | null };
}

function writeTrack(
  track: ReturnType<typeof makeTrack>,
  xy: Float64Array | null,
  domain: Domain2,
  centre: Vec3,
  lift: number,
) {
  if (xy === track.seen) return;
  track.seen = xy;
  const n = xy ? Math.min(xy.length / 2, TRAJECTORY_CAPACITY + 1) : 0;
  const a = track.attr.array as Float32Array;
  for (let k = 0; k < n; k++) {
    const p = domainToPlane(xy![2 * k], xy![2 * k + 1], domain, PLANE_SIZE, centre);
    a[3 * k] = p[0];
    a[3 * k + 1] = p[1];
    a[3 * k + 2] = p[2] + lift;
  }
  track.line.geometry.setDrawRange(0, n);
  track.attr.needsUpdate = true;
  track.dot.visible = n > 0;
  if (n > 0) track.dot.position.set(a[3 * n - 3], a[3 * n - 2], a[3 * n - 1]);
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
      for (const t of [tracks.main, tracks.compare]) {
        t.line.geometry.dispose();
        t.dot.geometry.dispose();
      }
    },
    [tracks, contourMaterial],
  );
  const lastDomain = useRef<Domain2 | null>(null);
  const lastCentre = useRef<Vec3 | null>(null);
  useFrame(() => {
    if (!built) return;
    const run = useRunStore.getState();
    if (lastDomain.current !== built.domain || lastCentre.current !== centre) {
      lastCentre.current = centre;
      lastDomain.current = built.domain;
      tracks.main.seen = tracks.compare.seen = null;
    }
    // The running method's path is drawn above the comparison's, which it may cover.
    writeTrack(
      tracks.compare,
      run.compare ? run.compare.trajectory : null,
      built.domain,
      centre,
      0.004,
    );
    writeTrack(tracks.main, run.trajectory, built.domain, centre, 0.008);
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
