/** Meta-learning of the interaction matrix (MATH.md §6). */
export { backtrackPick, STEP_SCALES } from './backtrack';
export {
  evaluateMeta,
  evaluateMetaLosses,
  type MetaContext,
  type MetaEvaluation,
  stepsToTolerance,
} from './evaluate';
export {
  type MetaPerturbations,
  type MetaStencil,
  metaGradientFromLosses,
  metaPerturbations,
  offDiagonalEntries,
  type PerturbationOptions,
} from './metaGradient';
export {
  clipToBox,
  constantInteraction,
  createMetaLearner,
  curvatureBound,
  type MetaCycleRecord,
  type MetaLearner,
  type MetaLearnOptions,
  type MetaLearnResult,
  metaLearn,
  type ResolvedMetaOptions,
  resolveMetaOptions,
} from './metaLearn';
export {
  flooredLog10,
  isMetaLossId,
  LOG_FLOOR,
  logGap,
  META_LOSS_IDS,
  META_LOSSES,
  type MetaLossId,
  type MetaLossInfo,
  metaLoss,
  rolloutMetaLoss,
} from './metaLoss';
export {
  createStabilityTest,
  MAX_PERTURBATION,
  perturbMatrix,
  type StabilityOptions,
  type StabilityRecord,
  type StabilityTest,
  stabilityTest,
} from './perturb';
export {
  interactionSpec,
  type RolloutOptions,
  rollout,
  rolloutFrom,
  type StartRollout,
} from './rollout';
