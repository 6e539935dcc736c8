/**
 * The objectives as particles in 3-D (react-three-fiber on three's plain WebGL renderer): a
 * sphere per objective at its fitted position, sized and coloured by its mass vector, and a
 * cylinder per link (i, j) whose thickness follows |w_ij| (blue w > 0, red w < 0). The group
 * turns slowly so the layout reads as 3-D.
 */
import { Canvas, useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { type Group, Quaternion, Vector3 } from 'three';
import type { CoulombViewData } from '../../lab/coulombView';

function Links({ v }: { v: CoulombViewData }) {
  const items = useMemo(
    () =>
      v.links.map((l) => {
        const a = new Vector3(
          v.positions[3 * l.i],
          v.positions[3 * l.i + 1],
          v.positions[3 * l.i + 2],
        );
        const b = new Vector3(
          v.positions[3 * l.j],
          v.positions[3 * l.j + 1],
          v.positions[3 * l.j + 2],
        );
        const dir = b.clone().sub(a);
        const len = dir.length();
        const q = new Quaternion().setFromUnitVectors(new Vector3(0, 1, 0), dir.normalize());
        return { key: `${l.i}-${l.j}`, mid: a.add(b).multiplyScalar(0.5), q, len, l };
      }),
    [v],
  );
  return (
    <>
      {items.map(({ key, mid, q, len, l }) => (
        <mesh key={key} position={mid} quaternion={q}>
          <cylinderGeometry args={[0.004 + 0.02 * l.strength, 0.004 + 0.02 * l.strength, len, 8]} />
          <meshStandardMaterial color={l.color} transparent opacity={0.25 + 0.6 * l.strength} />
        </mesh>
      ))}
    </>
  );
}

function Particles({ v }: { v: CoulombViewData }) {
  const group = useRef<Group>(null);
  useFrame((_, dt) => {
    if (group.current) group.current.rotation.y += 0.25 * dt;
  });
  return (
    <group ref={group}>
      {Array.from({ length: v.K }, (_, i) => (
        <mesh
          // biome-ignore lint/suspicious/noArrayIndexKey: particle i is objective i
          key={i}
          position={[v.positions[3 * i], v.positions[3 * i + 1], v.positions[3 * i + 2]]}
        >
          <sphereGeometry args={[v.radius[i], 24, 16]} />
          <meshStandardMaterial color={v.color[i]} />
        </mesh>
      ))}
      <Links v={v} />
    </group>
  );
}

export function CoulombScene({ view }: { view: CoulombViewData }) {
  return (
    <div className="lab-scene" data-testid="coulomb-scene">
      <Canvas camera={{ position: [0, 0, 3.2], fov: 45 }}>
        <color attach="background" args={['#0f1216']} />
        <ambientLight intensity={0.6} />
        <directionalLight position={[3, 4, 5]} intensity={1.6} />
        <Particles v={view} />
      </Canvas>
    </div>
  );
}
