/**
 * What an imported file stores, in words: the element type of a binary file (npy, safetensors),
 * else decimal text (CSV, JSON) read as float64. Concord's analysis is float64 either way.
 */
import type { ImportedSet } from '../state/importStore';

const NAMES: Record<string, string> = {
  f64: 'float64',
  f32: 'float32',
  f16: 'float16',
  bf16: 'bfloat16',
  mixed: 'mixed precision',
};

export function filePrecision(set: Pick<ImportedSet, 'stored' | 'precision' | 'format'>): string {
  if (set.stored) return NAMES[set.stored] ?? set.stored;
  if (set.format === 'csv' || set.format === 'json') return 'decimal text';
  return set.precision;
}
