/**
 * The guided tour: eight steps in the manner of TensorFlow Playground and Distill. Each step sets
 * a configuration (a preset, then a patch), says what to look at, and asks the viewer to do one
 * thing; `done` tells when that thing has been done (the card then says so). The tour ends on the
 * lab. The behaviours the text states are those the preset stories state, measured with the core
 * (test/app/presetStories.test.ts).
 */
import type { Config } from '../state/configSchema';
import type { RunState } from '../state/runStore';
import { PARETO_ZERO, relativeParetoGap } from '../ui/pareto';

export interface TourStep {
  id: string;
  title: string;
  /** What to look at. */
  look: string;
  /** The one thing to do. */
  task: string;
  /** CSS selector of the element the step points at. */
  target: string;
  preset?: string;
  patch?: Partial<Config>;
  /** Whether the task has been done, from the configuration and the run (default: never). */
  done?: (c: Config, run: RunState, start: Config) => boolean;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'arrows',
    title: 'Two objectives, two gradients',
    look: 'Each arrow is the gradient g_i of one loss L_i at the current θ: the direction in which that loss grows fastest (a step goes against it). Faded arrows are the raw g_i, solid ones g′_i after the method, the white one d/K, the direction the step takes. The red arc marks a conflict: the two gradients are more than 90° apart.',
    task: 'Hover the bead in the middle of the red arc to read the angle between g1 and g2.',
    target: '[data-testid="scene"]',
    preset: 'pcgrad-vs-cosine',
    patch: { view: 'live' },
  },
  {
    id: 'play',
    title: 'Two methods, two paths',
    look: 'On the right of the scene is the landscape of F = L1 + L2 with the path of θ under cosine-scaled projection and, in a second colour, under PCGrad, from the same start.',
    task: 'Press Play (or the space bar) and watch the two paths.',
    target: '[data-testid="play"]',
    preset: 'pcgrad-vs-cosine',
    done: (_c, run) => run.step > 0,
  },
  {
    id: 'alpha',
    title: 'How much to remove: α',
    look: 'Cosine-scaled projection removes the share α·|cos| of the conflicting component. α = 0 is the plain sum of the gradients; PCGrad removes all of it. Watch where the cosine path ends as α changes.',
    task: 'Drag the α slider (or focus it and use the arrow keys).',
    target: '[data-testid="alpha"]',
    preset: 'pcgrad-vs-cosine',
    done: (c, _run, start) => c.alpha !== start.alpha,
  },
  {
    id: 'sandbox-pcgrad',
    title: 'Your own gradients: PCGrad',
    look: 'Now the arrows are the gradients themselves. PCGrad removes from g1 its whole component along g2: the dashed segment from the tip of g1 to the tip of g′1. What is left, g′1, stands at a right angle to g2 (the small square).',
    task: 'Drag the tip of g2 (mouse or finger) and watch g′1, the dashed segment and the square follow.',
    target: '[data-testid="scene"]',
    preset: 'sandbox',
    done: (c, _run, start) => c.sandboxG !== start.sandboxG,
  },
  {
    id: 'sandbox-cosine',
    title: 'Cosine-scaled: only a share',
    look: 'Cosine-scaled projection removes only α·|cos| of the same component (the share is written on the dashed segment), so g′1 still leans a little against g2 unless α·|cos| = 1.',
    task: 'Drag α and watch the share and the dashed segment change.',
    target: '[data-testid="alpha"]',
    preset: 'sandbox',
    patch: { method: 'cosine', alpha: 0.5 },
    done: (c, _run, start) => c.alpha !== start.alpha,
  },
  {
    id: 'sandbox-mgda',
    title: 'MGDA: the shortest vector of the hull',
    look: 'MGDA steps along the shortest vector in the convex hull of the gradients: the hull is the polygon through their tips, the ring marks that shortest vector (the min-norm point). When the hull contains the origin that vector is 0: no direction improves every objective at once, θ is Pareto-stationary, and MGDA stops. The Pareto gap under the scene is the length of that vector.',
    task: 'Drag a gradient until the hull covers the origin and the Pareto gap reads 0.',
    target: '[data-testid="scene"]',
    preset: 'sandbox',
    patch: { method: 'mgda', sandboxG: '1,0.3;0.4,1;-0.3,-0.9' },
    done: (_c, run) => relativeParetoGap(run.view?.G, run.K) < PARETO_ZERO,
  },
  {
    id: 'fixed-points',
    title: 'Where each method stops',
    look: 'A method stops where its direction vanishes. Only Sum aims at the minimum of F = ΣL_i (F − F* → 0); PCGrad, cosine-scaled, MGDA and UPGrad also stop at Pareto-stationary points, where the Pareto gap is 0 but F − F* is not.',
    task: 'Press Play and watch F − F* freeze while the Pareto gap reaches 0; the finding under the numbers says why.',
    target: '[data-testid="metrics"]',
    preset: 'ill-conditioned',
    done: (_c, run) => run.step >= 300,
  },
  {
    id: 'lab',
    title: 'The lab',
    look: 'The lab measures every claim of the seed documents with these definitions, live, and runs batched experiments: α sweeps, basin maps, meta-learning of the interaction matrix A.',
    task: 'Press run on a claim, read its verdict when the measurement ends, then press Finish.',
    target: '.lab-area',
    preset: 'pcgrad-vs-cosine',
    patch: { view: 'lab' },
  },
];
