/**
 * Reference marks around the origin: the unit circle (length 1 = the largest raw gradient norm,
 * stated in the overlay) in the plane of the first two axes, and faint axis lines. For d > 3 the
 * axes are the principal directions PC1..PC3.
 */
import { useMemo } from 'react';
import { BufferGeometry, Float32BufferAttribute } from 'three/webgpu';

export function Reference({ axes }: { axes: 2 | 3 }) {
  const circle = useMemo(() => {
    const pts: number[] = [];
    const n = 96;
    for (let k = 0; k < n; k++) {
      // Dashed: every other segment.
      if (k % 2) continue;
      for (const t of [k, k + 1]) {
        const a = (2 * Math.PI * t) / n;
        pts.push(Math.cos(a), Math.sin(a), 0);
      }
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new Float32BufferAttribute(pts, 3));
    return g;
  }, []);
  const lines = useMemo(() => {
    const L = 1.15;
    const pts = [-L, 0, 0, L, 0, 0, 0, -L, 0, 0, L, 0];
    if (axes === 3) pts.push(0, 0, -L, 0, 0, L);
    const g = new BufferGeometry();
    g.setAttribute('position', new Float32BufferAttribute(pts, 3));
    return g;
  }, [axes]);
  return (
    <group>
      <lineSegments geometry={circle}>
        <lineBasicMaterial color="#6b7685" transparent opacity={0.55} />
      </lineSegments>
      <lineSegments geometry={lines}>
        <lineBasicMaterial color="#3a4350" />
      </lineSegments>
    </group>
  );
}
