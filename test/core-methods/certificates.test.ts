/**
 * KKT certificates (certificate.ts) of mgda, upgrad, cagrad and dualproj on the hard families of
 * hardInputs.ts, on both paths: project() (QR factor of the gradients) and coefficients(G).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { gram } from '../../src/core/gram';
import {
  type CertificateOptions,
  cagradCertificate,
  dualConeCertificate,
  mgdaCertificate,
  upgradCertificate,
} from '../../src/core/methods/certificate';
import { coefficients, project } from '../../src/core/methods/index';
import type { MethodSpec } from '../../src/core/types';
import { arbHard } from './hardInputs';
import { gs } from './support';

function certify(
  G: Float64Array,
  K: number,
  spec: MethodSpec,
  C: Float64Array,
  opts: CertificateOptions,
) {
  if (spec.id === 'mgda') {
    return mgdaCertificate(
      G,
      K,
      Array.from({ length: K }, (_, i) => C[i * K + i] / K),
    );
  }
  if (spec.id === 'upgrad') return upgradCertificate(G, K, C, opts);
  if (spec.id === 'dualproj') {
    // v = Σ_j C_jj g_j is the projection of the sum Σ_j g_j (u = 1, the default pref).
    const u = Array.from({ length: K }, () => 1);
    const v = Array.from({ length: K }, (_, i) => C[i * K + i]);
    return dualConeCertificate(G, K, u, v, opts);
  }
  return cagradCertificate(G, K, C, spec.c ?? 0.5, opts);
}

/**
 * Sets resolvable at separation `sep`: no two unit directions within `sep` of each other or of
 * each other's negative unless exactly so. The Gram form's floor is ε/sin² (simplex.ts), so G
 * resolves sets at sep = 1e-3; the QR factor's floor is ε/sin, so project() resolves them at
 * sep = 1e-6 (a row 1e-11 the size of another and within sin ≈ 6e-7 of its negative, a set
 * the generator draws, is below it: its certificate misses by a ratio of ~1e4). `lifted`: also
 * parallel rows whose norms differ by less than `sep` relative (see below).
 */
function resolvableAt(rows: number[][], sep: number, lifted = false): boolean {
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      const na = Math.hypot(...a);
      const nb = Math.hypot(...b);
      if (na === 0 || nb === 0) continue;
      const x = a.map((v) => v / na);
      const y = b.map((v) => v / nb);
      const dm = Math.hypot(...x.map((v, k) => v - y[k]));
      const dp = Math.hypot(...x.map((v, k) => v + y[k]));
      const near = Math.min(dm, dp);
      if (near > 0 && near < sep) return false;
      // MGDA's lifted problem (simplex.ts: columns (g_i, γ)) makes parallel rows whose norms
      // differ by a relative δ a pair within ~δ of dependent (found by property runs: δ = 4e-8
      // left the Gram path on the longer of the two, certificate ratio 1.4e3).
      const dn = Math.abs(na - nb) / Math.max(na, nb);
      if (lifted && near === 0 && dn > 0 && dn < sep) return false;
    }
  }
  return true;
}
const gramResolvable = (rows: number[][]) => resolvableAt(rows, 1e-3, true);
const factorResolvable = (rows: number[][]) => resolvableAt(rows, 1e-6);

const SPREAD = [
  [-0.32926290892234344, -0.4733681666735007, 0.34027337142857145, -10.160552138659314],
  [-0.08936553884164922, 0.8384296646021878, -0.2469833142857143, 8.578605816335909],
  [1445742.7626862205, 1270679.5316401422, -202820.97498787972, 5825629.475124398],
  [0.34220493701378163, 1.1812927921217684, 0.2873526857142857, -7.0432008568898645],
  [-2.0069715257154688e-10, -2.478724021202458e-10, -5.044662857143229e-12, 4.88387405862847e-11],
];

const specs: MethodSpec[] = [
  { id: 'mgda' },
  { id: 'upgrad' },
  { id: 'cagrad' },
  { id: 'cagrad', c: 0.9 },
  { id: 'dualproj' },
];

describe('KKT certificates on hard inputs', () => {
  for (const spec of specs) {
    it(`${spec.id}${spec.c ? ` c = ${spec.c}` : ''}: project() (QR factor) certifies on the vectors' Gram`, () => {
      fc.assert(
        fc.property(arbHard.filter(factorResolvable), (rows) => {
          const set = gs(rows);
          const { C } = project(set, spec);
          const cert = certify(gram(set), set.K, spec, C, { gradients: set });
          if (!cert.ok)
            throw new Error(`${cert.worst}: ratio ${cert.ratio}\n${JSON.stringify(rows)}`);
        }),
        // Found by property runs: a parallel pair of norms 0.88 and 8e-13 (CAGrad's optimal g_w is
        // tiny but not zero).
        { numRuns: 400, examples: [[[[-0.88], [-8.003553375601766e-13]]]] },
      );
    });
    it(`${spec.id}${spec.c ? ` c = ${spec.c}` : ''}: coefficients(G) certifies on G where G resolves the set`, () => {
      fc.assert(
        fc.property(arbHard.filter(gramResolvable), (rows) => {
          const set = gs(rows);
          const G = gram(set);
          const C = coefficients(G, set.K, spec);
          const cert = certify(G, set.K, spec, C, { floor: 'gram' });
          if (!cert.ok)
            throw new Error(`${cert.worst}: ratio ${cert.ratio}\n${JSON.stringify(rows)}`);
        }),
        // Found by property runs: norms from 3e-10 to 6e6 in one set (the NNLS once cut a
        // multiplier of 1e-6 beside one of 1e10 as rounding; it now works equilibrated).
        { numRuns: 400, examples: [[SPREAD]] },
      );
    });
  }
});
