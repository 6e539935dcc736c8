import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importGradients } from '../../src/core/io/importGradients';
import { writeNpy } from '../../src/core/io/npy';

describe('the stored element type of a gradient file', () => {
  it('is reported for float32 safetensors and npy files, read into float64', () => {
    const st = importGradients(
      'g.safetensors',
      new Uint8Array(readFileSync('test/fixtures/torch-gradients.safetensors')),
    );
    expect(st.stored).toBe('f32');
    expect(st.gs.g).toBeInstanceOf(Float64Array);
    expect(st.names).toEqual(['depth', 'normals', 'segmentation', 'edges']);
    const g = Float64Array.from([1, 2, 3, 4]);
    expect(importGradients('a.npy', writeNpy({ K: 2, d: 2, g }, 'f4')).stored).toBe('f32');
    expect(importGradients('a.npy', writeNpy({ K: 2, d: 2, g }, 'f8')).stored).toBe('f64');
    expect(importGradients('a.csv', new TextEncoder().encode('1,2\n3,4\n')).stored).toBeUndefined();
  });
});
