/** Spectral and Coulomb-like representations of a symmetric matrix (MATH.md §8). */
export { type CoulombExact, type CoulombExactOptions, coulombExact } from './coulombExact';
export {
  type CoulombFit,
  type CoulombFitOptions,
  coulombFit,
  coulombObjective,
} from './coulombFit';
export { coulombMatrix, fibonacciSphere, offDiagonalResidual } from './coulombForm';
export { rankTruncationErrors, spectralByMagnitude, truncate } from './spectral';
