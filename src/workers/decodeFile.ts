/**
 * A dropped file decoded as the import needs it: readDroppedFile (lab/importFiles.ts) and, for a
 * gradient set, the row exponents e_i (max_k |g_ik|·2^(e_i) ∈ [1, 2)) and the common exponent
 * E = min e_i over non-zero rows that the Gram pass scales by (gpu/gramChunked.ts). A pure
 * function of the bytes: the lab worker runs it for decodeOffThread.ts, the page for small files.
 */
import { rowExponents } from '../core/metrics/rowScaled';
import { commonExponent } from '../gpu/gramChunked';
import { type LoadedFile, readDroppedFile } from '../lab/importFiles';

export interface DecodedFile {
  loaded: LoadedFile;
  /** A gradient set's row exponents and common exponent (null for a run restore). */
  exponents: { e: Int32Array; E: number } | null;
}

/** readDroppedFile and, for gradients, the exponents, in this thread. */
export function decodeInProcess(name: string, bytes: Uint8Array): DecodedFile {
  const loaded = readDroppedFile(name, bytes);
  if (loaded.kind !== 'gradients') return { loaded, exponents: null };
  const { K, d, g } = loaded;
  const e = rowExponents(g, K, d);
  return { loaded, exponents: { e, E: commonExponent(g, K, d, e) } };
}
