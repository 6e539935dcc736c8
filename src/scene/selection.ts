/**
 * Which objective the viewer has selected (click or drag on an arrow or its label) and which one
 * the pointer is over. The constructions and, for K > 6, the conflict arcs follow them.
 */
import { create } from 'zustand';

export interface SelectionState {
  selected: number | null;
  hovered: number | null;
  select(i: number | null): void;
  hover(i: number | null): void;
}

export const useSelectionStore = create<SelectionState>()((set, get) => ({
  selected: null,
  hovered: null,
  select: (i) => {
    if (get().selected !== i) set({ selected: i });
  },
  hover: (i) => {
    if (get().hovered !== i) set({ hovered: i });
  },
}));
