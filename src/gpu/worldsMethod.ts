/**
 * A method upload packed for the worlds' buffers (worldsBase.ts): the coefficient buffer
 * [α (1 or W) | A (K·K or W·K·K)], the table buffer [pair table | PCGrad orders (K·(K−1) or
 * W·K·(K−1))] and the uniform fields that say where each lives and whether it is per world.
 */
import type { MethodUpload } from './worldsConfig';

export function packMethod(m: MethodUpload, W: number, K: number, pairs: Uint32Array) {
  const P = pairs.length;
  const perWorldAlpha = m.alpha.length === W && W > 1;
  const perWorldA = m.A.length === W * K * K && W > 1;
  const perWorldOrd = m.orders.length === W * K * (K - 1) && W > 1;
  const coef = new Float32Array(m.alpha.length + m.A.length);
  coef.set(m.alpha, 0);
  coef.set(m.A, m.alpha.length);
  const tables = new Uint32Array(P + m.orders.length);
  tables.set(pairs, 0);
  tables.set(new Uint32Array(m.orders.buffer, m.orders.byteOffset, m.orders.length), P);
  const values = {
    method: m.method,
    gating: m.gating,
    tau: m.tau,
    alphaStride: perWorldAlpha ? 1 : 0,
    AStride: perWorldA ? K * K : 0,
    orderStride: perWorldOrd ? K * (K - 1) : 0,
    offA: m.alpha.length,
    qpC: m.c ?? 0.5,
    orderMode: m.orderMode ?? 0,
    orderSeed: (m.orderSeed ?? 0) >>> 0,
  };
  return { coef, tables, values };
}
