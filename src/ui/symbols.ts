/**
 * The hover definition of every symbol on screen: one sentence and its formula (TeX, typeset by
 * KaTeX), shown by <Sym> (Sym.tsx) wherever the live view, the sandbox or an imported set prints
 * the symbol: the numbers under the scene, the legend, the control labels (α, η, τ), the heatmap
 * and chart titles. Every entry is rendered somewhere (test/e2e/teach.test.ts checks the
 * `data-sym` ids). The definitions are those of MATH.md; the text is display only.
 */
export interface SymbolDef {
  name: string;
  sentence: string;
  tex: string;
}

export const SYMBOLS = {
  g: {
    name: 'g_i',
    sentence: 'The gradient of objective i at θ: the direction in which L_i grows fastest.',
    tex: String.raw`g_i = \nabla L_i(\theta)`,
  },
  gp: {
    name: 'g′_i',
    sentence: 'The gradient of objective i after the method: what the method keeps of g_i.',
    tex: String.raw`g'_i = \textstyle\sum_j C_{ij}\, g_j`,
  },
  dK: {
    name: 'd/K',
    sentence:
      'The combined direction d divided by K, drawn on the arrows’ scale; the step is θ ← θ − η d.',
    tex: String.raw`d = \textstyle\sum_i g'_i,\qquad \theta \leftarrow \theta - \eta\, d`,
  },
  B: {
    name: 'B',
    sentence:
      'Balance residual: how much of the gradients’ total size survives in their sum (0: they cancel, K: all aligned).',
    tex: String.raw`B = \frac{\|\sum_i g_i\|^2}{\sum_i \|g_i\|^2} \in [0, K]`,
  },
  I: {
    name: 'I',
    sentence:
      'Interaction ratio: the summed pairwise inner products relative to the total size; negative when the gradients conflict on balance.',
    tex: String.raw`I = \frac{\sum_{i<j} G_{ij}}{\sum_i \|g_i\|^2},\qquad B = 1 + 2I`,
  },
  S: {
    name: 'S',
    sentence: 'Total squared size of the gradients.',
    tex: String.raw`S = \textstyle\sum_i \|g_i\|^2`,
  },
  gap: {
    name: 'F − F*',
    sentence:
      'Optimality gap of the summed loss: how far F = ΣL_i is above its minimum F*, the point only Sum aims at.',
    tex: String.raw`F - F^*,\quad F = \textstyle\sum_i L_i,\ F^* = \min_\theta F`,
  },
  pareto: {
    name: 'Pareto gap',
    sentence:
      'Pareto-stationarity gap: the length of the shortest vector in the convex hull of the gradients; 0 means no direction decreases every objective at once.',
    tex: String.raw`\|u^*\|,\quad u^* = \operatorname*{arg\,min}_{u\,\in\,\operatorname{conv}\{g_i\}} \|u\|`,
  },
  tau: {
    name: 'τ',
    sentence:
      'Conflict tolerance: a pair counts as conflicting only when its cosine is below −τ (so rounding does not make orthogonal pairs conflict).',
    tex: String.raw`G_{ij} < -\tau\,\|g_i\|\,\|g_j\|`,
  },
  conflicts: {
    name: 'conflicts',
    sentence: 'Pairs of objectives whose gradients point more than 90° apart (with tolerance τ).',
    tex: String.raw`\#\{\, i<j : G_{ij} < -\tau\|g_i\|\|g_j\| \,\}`,
  },
  C: {
    name: 'C',
    sentence:
      'The method’s coefficients: each projected gradient is this combination of the raw ones.',
    tex: String.raw`g'_i = \textstyle\sum_j C_{ij}\, g_j`,
  },
  G: {
    name: 'G',
    sentence: 'Gram matrix of the gradients: all their pairwise inner products.',
    tex: String.raw`G_{ij} = g_i \cdot g_j`,
  },
  cos: {
    name: 'cos',
    sentence:
      'Cosine of the angle between two raw gradients: −1 opposite, 0 orthogonal, 1 aligned.',
    tex: String.raw`\cos_{ij} = \frac{G_{ij}}{\|g_i\|\,\|g_j\|}`,
  },
  A: {
    name: 'A',
    sentence:
      'Interaction matrix: how much of g_j the interaction rule removes from g_i (diagonal ignored).',
    tex: String.raw`g'_i = g_i - \textstyle\sum_{j\neq i} A_{ij}\, m_{ij}\,\frac{G_{ij}}{G_{jj}}\, g_j`,
  },
  alpha: {
    name: 'α',
    sentence:
      'Strength of cosine-scaled projection: the share α·|cos| of each conflicting component is removed.',
    tex: String.raw`g'_i = g_i - \textstyle\sum_{j} \alpha\,|\cos_{ij}|\,\frac{G_{ij}}{G_{jj}}\, g_j`,
  },
  eta: {
    name: 'η',
    sentence: 'Step size of the flow.',
    tex: String.raw`\theta \leftarrow \theta - \eta\, d`,
  },
  phi: {
    name: 'φ̂',
    sentence:
      'GradVac’s target cosines: a running average (rate β) of the cosine φ_ij between g_i, as GradVac adjusts it, and g_j; when φ_ij is below its target, g_i is turned until the cosine equals it.',
    tex: String.raw`\hat\phi_{ij} \leftarrow (1-\beta)\,\hat\phi_{ij} + \beta\,\phi_{ij}`,
  },
  c: {
    name: 'c',
    sentence:
      'CAGrad’s conflict aversion: the step d is sought within c·‖g₀‖ of the mean gradient g₀ so as to improve the worst objective most; c = 0 is Sum.',
    tex: String.raw`\max_{\|d - g_0\| \le c\|g_0\|}\ \min_i\ g_i\cdot d,\qquad g_0 = \tfrac1K \textstyle\sum_i g_i`,
  },
  beta: {
    name: 'β',
    sentence: 'GradVac’s EMA rate: how fast the target cosines φ̂ follow the cosines it measures.',
    tex: String.raw`\hat\phi_{ij} \leftarrow (1-\beta)\,\hat\phi_{ij} + \beta\,\phi_{ij}`,
  },
  thetaStar: {
    name: 'θ*',
    sentence: 'The minimiser of the summed loss F = ΣL_i: the point only Sum aims at.',
    tex: String.raw`\theta^* = \operatorname*{arg\,min}_\theta \textstyle\sum_i L_i(\theta)`,
  },
  G1: {
    name: 'G1, G2, …',
    sentence:
      'Groups of objectives found by spectral clustering of the cosine matrix (number of groups by the eigengap).',
    tex: String.raw`\text{clusters of the leading eigenvectors of } [\cos_{ij}]`,
  },
} as const satisfies Record<string, SymbolDef>;

export type SymbolId = keyof typeof SYMBOLS;
