/**
 * Translation of the shared configuration into what the core and the engine take: the problem's
 * parameters, the method specification, and which configuration changes need a rebuild.
 */
import type { MethodId, MethodSpec } from '../core/types';
import type { Config } from './configSchema';

/** Parameters of createProblem for the configured problem. */
export function problemParams(c: Config): Record<string, number> {
  if (c.problem === 'quadratic-groups') {
    return {
      K: c.K,
      d: c.d,
      groups: c.groups,
      groupRadius: c.groupRadius,
      spread: c.spread,
      eigMin: c.eigMin,
      eigMax: c.eigMax,
      seed: c.seed,
    };
  }
  return {};
}

/**
 * Interaction matrix used by the `interaction` method from the app: A_ij = α for i ≠ j, 0 on
 * the diagonal (the α slider scales a uniform A; α = 1 with conflicting gating is simultaneous
 * PCGrad, α = 0 is `sum`). Null for every other method.
 */
export function interactionMatrix(c: Config, K: number): Float64Array | null {
  if (c.method !== 'interaction') return null;
  const A = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) if (i !== j) A[i * K + j] = c.alpha;
  return A;
}

/** The method specification for `id` with the configured parameters. */
export function methodSpec(c: Config, K: number, id: MethodId = c.method): MethodSpec {
  const spec: MethodSpec = {
    id,
    alpha: c.alpha,
    mode: c.mode,
    gating: c.gating,
    order: c.order,
    shuffle: c.shuffle,
    seed: c.seed,
    tau: c.tau,
    c: c.c,
  };
  addAggregatorParams(spec, c, K, id);
  const A = interactionMatrix({ ...c, method: id }, K);
  if (A) spec.A = A;
  return spec;
}

/** The compared method's specification: the configured parameters, with its own TorchJD option. */
export function compareSpec(c: Config, K: number): MethodSpec {
  return methodSpec({ ...c, torchjd: c.compareTorchjd }, K, c.compare as MethodId);
}

/** The label of the running method or of the compared one, with " (TorchJD Gram)" where it applies. */
export function methodLabel(c: Config, which: 'method' | 'compare'): string {
  const id = (which === 'method' ? c.method : c.compare) as MethodId;
  const torchjd = which === 'method' ? c.torchjd : c.compareTorchjd;
  const gram = torchjd && (id === 'upgrad' || id === 'dualproj') ? ' (TorchJD Gram)' : '';
  return `${METHOD_LABELS[id]}${gram}`;
}

/** The parameters of the aggregators of the method atlas (only those the method reads). */
function addAggregatorParams(spec: MethodSpec, c: Config, K: number, id: MethodId): void {
  if (c.scale === 'mean') spec.scale = 'mean';
  if (c.torchjd && (id === 'upgrad' || id === 'dualproj')) spec.torchjd = true;
  if (id === 'gradvac') spec.beta = c.beta;
  if (id === 'krum') {
    spec.byzantine = c.byzantine;
    spec.selected = c.selected;
  }
  if (id === 'trimmedmean') spec.trim = Math.min(c.trim, Math.floor((K - 1) / 2));
  if (id === 'constant' && c.weights !== '') spec.weights = parseWeights(c.weights);
}

/** The `weights` text as numbers (validateSpec reports a count that is not K). */
export function parseWeights(text: string): Float64Array {
  return Float64Array.from(text.split(',').map(Number));
}

/** Fields whose change rebuilds the run (new problem, new starts, new flow or backend). */
export const REBUILD_FIELDS: readonly (keyof Config)[] = [
  'problem',
  'K',
  'd',
  'groups',
  'groupRadius',
  'spread',
  'eigMin',
  'eigMax',
  'seed',
  'start',
  'flow',
  'epsSwitch',
  'backend',
];

/** Fields that change the method in place (engine.setMethod, no reset). */
export const METHOD_FIELDS: readonly (keyof Config)[] = [
  'method',
  'learnA',
  'metaLoss',
  'alpha',
  'mode',
  'gating',
  'order',
  'shuffle',
  'tau',
  'c',
  'scale',
  'torchjd',
  'beta',
  'byzantine',
  'selected',
  'trim',
  'weights',
];

export type ConfigChange = 'rebuild' | 'method' | 'eta' | 'compare' | 'none';

/** What a change from `a` to `b` requires, most drastic first. */
export function classifyChange(a: Config, b: Config): Set<ConfigChange> {
  const out = new Set<ConfigChange>();
  if (REBUILD_FIELDS.some((k) => a[k] !== b[k])) out.add('rebuild');
  if (METHOD_FIELDS.some((k) => a[k] !== b[k])) out.add('method');
  if (a.eta !== b.eta) out.add('eta');
  if (a.compare !== b.compare || a.compareTorchjd !== b.compareTorchjd) out.add('compare');
  return out;
}

export const METHOD_LABELS: Record<MethodId, string> = {
  sum: 'Sum (plain loss-flow)',
  pcgrad: 'PCGrad',
  cosine: 'Cosine-scaled projection',
  interaction: 'Interaction matrix A',
  mgda: 'MGDA (min-norm)',
  cagrad: 'CAGrad',
  upgrad: 'UPGrad',
  dualproj: 'DualProj',
  imtlg: 'IMTL-G',
  alignedmtl: 'Aligned-MTL',
  nashmtl: 'Nash-MTL',
  graddrop: 'GradDrop',
  config: 'ConFIG',
  krum: 'Krum',
  trimmedmean: 'Trimmed mean',
  rlw: 'Random weighting (RLW)',
  mean: 'Mean',
  constant: 'Constant weights',
  gradvac: 'GradVac',
};
