/**
 * Presets: each sets a whole configuration that tells one story, written for a student who has
 * never met these methods. A story says what to look at and what happens; every behaviour it
 * states was measured with the float64 core (scripts/measure-presets.ts) and is checked by
 * test/app/presetStories.test.ts, and the numbers themselves are measured live on screen.
 * FIRST_PRESET is where a first visit (a URL without a hash) opens.
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
      'Two objectives pull θ apart. PCGrad (second path) removes all of each gradient’s conflicting part and stops for good on the Pareto set, short of the minimum of L1 + L2. Cosine-scaled removes only an α·|cos| share and at α = 0.5 reaches it; drag α to 1 and it stops short too.',
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
      'Twelve objectives built around three hidden centres. Objectives from one centre point the same way, so the cosine matrix shows three blue blocks; spectral clustering finds them and gives each group one family of hues, which the arrows, labels and heatmap strips share.',
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
      'Here θ descends the balance residual B itself, not the losses. B falls by many orders of magnitude until rounding stops it: the log-scale B chart flattens at the floor of the arithmetic in use (float32 on the GPU, float64 on the CPU).',
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
      'The toy of the CAGrad paper (Liu et al., 2021). From one start, CAGrad (c = 0.5) heads into the valley and reaches the minimum of the sum within about a thousand steps; the plain sum first slides along the slope (F − F* even grows) and arrives only several thousand steps later.',
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
      'Hessian eigenvalues from 0.01 to 100. After a few hundred steps F − F* stops falling for good and the Pareto gap drops to 0: cosine-scaled projection sits at one of its fixed points, on the Pareto set, not at the minimum of the sum. Sum goes all the way to F*.',
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
  {
    id: 'sandbox',
    title: 'Your own gradients',
    story:
      'The arrows are the gradients themselves: drag any arrow tip (mouse or finger). The projected gradients, arcs, heatmaps and numbers follow at once; for the selected gradient the scene draws how the method built g′ (the dashed part is what it removed).',
    patch: { source: 'sandbox', method: 'pcgrad', order: 'fixed', compare: 'none' },
  },
];

/** Where a first visit opens: a story in the plane. */
export const FIRST_PRESET = 'pcgrad-vs-cosine';

/** The story shown for the custom configuration (no preset). */
export const CUSTOM_STORY =
  'Your own configuration: set the problem and the method on the left, then press Play. The finding under the numbers says what the run did and why.';

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
