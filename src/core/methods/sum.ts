/**
 * `sum` (MATH.md §2): g'_i = g_i, so C = I and d = Σ_i g_i (plain loss-flow on F = Σ L_i).
 */
export function sumCoefficients(K: number): Float64Array {
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) C[i * K + i] = 1;
  return C;
}
