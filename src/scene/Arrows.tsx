/**
 * The gradient arrows: raw g_i (faded), projected g'_i (solid), one colour per objective (in
 * its group's hue family once groups are known, palette.ts objectiveColors) and the direction d/K
 * (white, thicker). Instanced meshes whose
 * matrices and colours are rewritten in place when a new snapshot arrives.
 */
import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import {
  Color,
  ConeGeometry,
  CylinderGeometry,
  DynamicDrawUsage,
  InstancedBufferAttribute,
  InstancedMesh,
  type Material,
  MeshStandardMaterial,
} from 'three/webgpu';
import { useConfigStore } from '../state/configStore';
import { useRunStore } from '../state/runStore';
import { objectiveColors } from '../ui/palette';
import { type ArrowStyle, type Vec3, writeArrow } from './geometry';
import { useSceneLive } from './live';

const shaftGeometry = new CylinderGeometry(1, 1, 1, 14, 1);
const headGeometry = new ConeGeometry(1, 1, 20, 1);

/** One family of arrows: a shaft mesh and a head mesh with `capacity` instances. */
class ArrowSet {
  readonly shafts: InstancedMesh;
  readonly heads: InstancedMesh;
  constructor(
    capacity: number,
    material: Material,
    readonly style: ArrowStyle,
  ) {
    const make = (geometry: CylinderGeometry | ConeGeometry) => {
      const m = new InstancedMesh(geometry, material, capacity);
      m.instanceMatrix.setUsage(DynamicDrawUsage);
      m.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3).fill(1), 3);
      m.frustumCulled = false;
      m.count = 0;
      return m;
    };
    this.shafts = make(shaftGeometry);
    this.heads = make(headGeometry);
  }
  /** Draws arrows to the n tips (n×3) with the given colours. */
  update(tips: Float64Array, n: number, colors: Color[]): void {
    const sa = this.shafts.instanceMatrix.array as Float32Array;
    const ha = this.heads.instanceMatrix.array as Float32Array;
    for (let i = 0; i < n; i++) {
      const tip: Vec3 = [tips[3 * i], tips[3 * i + 1], tips[3 * i + 2]];
      writeArrow(sa, ha, i, tip, this.style);
      this.shafts.setColorAt(i, colors[i]);
      this.heads.setColorAt(i, colors[i]);
    }
    for (const m of [this.shafts, this.heads]) {
      m.count = n;
      m.instanceMatrix.needsUpdate = true;
      if (m.instanceColor) m.instanceColor.needsUpdate = true;
    }
  }
  hide(): void {
    this.shafts.count = 0;
    this.heads.count = 0;
  }
  dispose(): void {
    this.shafts.dispose();
    this.heads.dispose();
  }
}

/** Colour of each objective (its own, in its group's hue family once groups are known). */
function arrowColors(K: number, groups: Int32Array | null): Color[] {
  return objectiveColors(K, groups).map((c) => new Color(c));
}

export function Arrows({ capacity }: { capacity: number }) {
  const live = useSceneLive();
  const sets = useMemo(() => {
    const faded = new MeshStandardMaterial({
      transparent: true,
      opacity: 0.4,
      depthWrite: false,
      roughness: 0.6,
    });
    const solid = new MeshStandardMaterial({ roughness: 0.45, metalness: 0.05 });
    const white = new MeshStandardMaterial({
      color: '#ffffff',
      emissive: '#9aa4b2',
      roughness: 0.3,
    });
    return {
      raw: new ArrowSet(capacity, faded, { shaft: 0.012, head: 0.04, headLength: 0.1 }),
      projected: new ArrowSet(capacity, solid, { shaft: 0.016, head: 0.045, headLength: 0.11 }),
      direction: new ArrowSet(1, white, { shaft: 0.03, head: 0.075, headLength: 0.16 }),
      materials: [faded, solid, white],
    };
  }, [capacity]);
  useEffect(
    () => () => {
      sets.raw.dispose();
      sets.projected.dispose();
      sets.direction.dispose();
      for (const m of sets.materials) m.dispose();
    },
    [sets],
  );

  const seen = useRef({
    snapId: -1,
    groups: null as Int32Array | null,
    raw: true,
    proj: true,
  }).current;
  const white = useMemo(() => [new Color('#ffffff')], []);
  useFrame(() => {
    const { showRaw, showProjected } = useConfigStore.getState().config;
    const groups = useRunStore.getState().groups;
    if (
      seen.snapId === live.snapId &&
      seen.groups === groups &&
      seen.raw === showRaw &&
      seen.proj === showProjected
    ) {
      return;
    }
    Object.assign(seen, { snapId: live.snapId, groups, raw: showRaw, proj: showProjected });
    const s = live.snapshot;
    if (!s || s.K > capacity) {
      sets.raw.hide();
      sets.projected.hide();
      sets.direction.hide();
      return;
    }
    const colors = arrowColors(s.K, groups);
    if (showRaw) sets.raw.update(s.raw, s.K, colors);
    else sets.raw.hide();
    if (showProjected) sets.projected.update(s.projected, s.K, colors);
    else sets.projected.hide();
    sets.direction.update(s.direction, 1, white);
  });

  return (
    <group>
      <primitive object={sets.raw.shafts} />
      <primitive object={sets.raw.heads} />
      <primitive object={sets.projected.shafts} />
      <primitive object={sets.projected.heads} />
      <primitive object={sets.direction.shafts} />
      <primitive object={sets.direction.heads} />
    </group>
  );
}
