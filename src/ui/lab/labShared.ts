/**
 * State the lab's own views share (never the main view's stores): the interaction matrix most
 * recently learned in the meta panel, offered to the Coulomb view as a target.
 */
import { create } from 'zustand';

export interface LabShared {
  learned: { A: Float64Array; K: number; cycle: number } | null;
  setLearned(A: Float64Array, K: number, cycle: number): void;
}

export const useLabShared = create<LabShared>()((set) => ({
  learned: null,
  setLearned: (A, K, cycle) => set({ learned: { A, K, cycle } }),
}));
