/**
 * The safetensors writer, for export and round-trip tests (the reader is in safetensors.ts).
 */
import { InputError } from '../errors';
import type { GradSet } from '../types';

/** Options of the safetensors writer. */
export interface SafetensorsWriteOptions {
  dtype?: 'F32' | 'F64';
  /** 'tasks' (default): one 1-D tensor per task named by `names`; 'matrix': one K×d tensor. */
  layout?: 'tasks' | 'matrix';
  /** Tensor name in the 'matrix' layout (default "gradients"). */
  tensor?: string;
}

/**
 * Writes a K×d gradient set as safetensors, little-endian, with `__metadata__.tasks` holding the
 * task names in order. The header is padded with spaces so the data starts at a multiple of
 * 8 bytes. Names must be distinct and not "__metadata__" in the 'tasks' layout.
 */
export function writeSafetensors(
  gs: GradSet,
  names: string[],
  opts: SafetensorsWriteOptions = {},
): Uint8Array {
  const { K, d, g } = gs;
  if (g.length !== K * d) throw new InputError('gradients', `holds ${g.length} values, not K·d`);
  if (names.length !== K) throw new InputError('names', `has ${names.length} names for K = ${K}`);
  const dtype = opts.dtype ?? 'F64';
  const size = dtype === 'F64' ? 8 : 4;
  const entries: string[] = [];
  const meta = JSON.stringify({ tasks: JSON.stringify(names) });
  entries.push(`"__metadata__":${meta}`);
  if (opts.layout === 'matrix') {
    const info = { dtype, shape: [K, d], data_offsets: [0, K * d * size] };
    entries.push(`${JSON.stringify(opts.tensor ?? 'gradients')}:${JSON.stringify(info)}`);
  } else {
    const distinct = new Set(names);
    if (distinct.size !== K || distinct.has('__metadata__')) {
      throw new InputError('names', 'must be distinct and not "__metadata__" (they name tensors)');
    }
    names.forEach((name, i) => {
      const info = { dtype, shape: [d], data_offsets: [i * d * size, (i + 1) * d * size] };
      entries.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    });
  }
  let header = `{${entries.join(',')}}`;
  const headerBytes = new TextEncoder().encode(header);
  const pad = (8 - (headerBytes.length % 8)) % 8;
  header += ' '.repeat(pad);
  const n = headerBytes.length + pad;
  const out = new Uint8Array(8 + n + K * d * size);
  const view = new DataView(out.buffer);
  view.setUint32(0, n, true);
  out.set(new TextEncoder().encode(header), 8);
  for (let j = 0; j < K * d; j++) {
    if (size === 8) view.setFloat64(8 + n + 8 * j, g[j], true);
    else {
      if (!Number.isFinite(Math.fround(g[j])) && Number.isFinite(g[j])) {
        throw new InputError(
          `gradients row ${Math.floor(j / d)}, column ${j % d}`,
          'overflows F32',
        );
      }
      view.setFloat32(8 + n + 4 * j, g[j], true);
    }
  }
  return out;
}
