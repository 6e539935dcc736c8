/**
 * Presets: each sets a whole configuration that tells one story, stated in one sentence. The
 * sentences describe what to look at, never a result: the numbers on screen are measured live.
 */
import { type Config, defaultConfig } from './configSchema';

export interface Preset {
  id: string;
  title: string;
  story: string;
  patch: Partial<Config>;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'pcgrad-vs-cosine',
    title: 'PCGrad vs cosine-scaled',
    story:
      'PCGrad removes the whole conflicting component, cosine-scaled projection only its α·|cos| share: drag α and watch the two paths on the same two-objective landscape part or meet.',
    patch: {
      problem: 'convex-pair',
      method: 'cosine',
      alpha: 0.5,
      mode: 'simultaneous',
      compare: 'pcgrad',
      flow: 'loss',
      eta: 0.02,
      stepsPerFrame: 1,
      start: 0,
    },
  },
  {
    id: 'group-discovery',
    title: 'Group discovery',
    story:
      'Twelve objectives drawn around three hidden centres: the cosine matrix shows the blocks and spectral clustering colours the arrows by the groups it finds.',
    patch: {
      problem: 'quadratic-groups',
      K: 12,
      d: 8,
      groups: 3,
      groupRadius: 2,
      spread: 0.3,
      eigMin: 0.5,
      eigMax: 2,
      method: 'cosine',
      alpha: 0.5,
      compare: 'none',
      flow: 'loss',
      eta: 0.01,
      stepsPerFrame: 1,
    },
  },
  {
    id: 'bflow-floor',
    title: 'B-flow to the float floor',
    story:
      'Descending the balance residual B itself drives it down until rounding stops it: the log-scale B chart flattens at the floor of the arithmetic in use (float32 on the GPU, float64 on the CPU).',
    patch: {
      problem: 'quadratic-groups',
      K: 4,
      d: 4,
      groups: 2,
      eigMin: 0.5,
      eigMax: 2,
      method: 'sum',
      compare: 'none',
      flow: 'bflow',
      eta: 0.05,
      stepsPerFrame: 10,
    },
  },
  {
    id: 'cagrad-toy',
    title: 'CAGrad toy',
    story:
      "The two-objective toy from the CAGrad paper (Liu and co-authors, 2021): compare CAGrad's path (c = 0.5) with plain summed gradients from the same start on the same landscape.",
    patch: {
      problem: 'cagrad-toy',
      method: 'cagrad',
      c: 0.5,
      compare: 'sum',
      flow: 'loss',
      eta: 0.05,
      stepsPerFrame: 40,
      start: 0,
    },
  },
  {
    id: 'ill-conditioned',
    title: 'Ill-conditioned quadratic',
    story:
      'Hessian eigenvalues spread over four orders of magnitude: the stable step size is set by the stiffest direction, so F − F* crawls along the flattest one.',
    patch: {
      problem: 'quadratic-groups',
      K: 4,
      d: 6,
      groups: 2,
      eigMin: 0.01,
      eigMax: 100,
      method: 'cosine',
      alpha: 0.5,
      compare: 'none',
      flow: 'loss',
      eta: 0.004,
      stepsPerFrame: 10,
    },
  },
];

/** The configuration a preset produces: defaults, then the preset's fields, then its id. */
export function presetConfig(id: string, base: Config = defaultConfig()): Config | null {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) return null;
  return {
    ...defaultConfig(),
    backend: base.backend,
    ...p.patch,
    preset: p.id as Config['preset'],
  };
}
