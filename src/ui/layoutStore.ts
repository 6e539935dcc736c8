/**
 * Page layout state that is not part of the shared configuration: whether the controls drawer is
 * open on a narrow screen. (Presentation mode is the configuration's `present`, so a link keeps it.)
 */
import { create } from 'zustand';

export interface LayoutState {
  drawer: boolean;
  setDrawer(open: boolean): void;
}

export const useLayoutStore = create<LayoutState>()((set) => ({
  drawer: false,
  setDrawer: (open) => set({ drawer: open }),
}));
