/**
 * The tour's state: open or not, the current step, and whether a first visit has been offered
 * the tour. The step is kept in localStorage ('concord.tour'), so a tour closed half-way resumes
 * where it stopped; 'done' once it was finished or skipped.
 */
import { create } from 'zustand';
import { useConfigStore } from '../state/configStore';
import { TOUR_STEPS } from './steps';

export const TOUR_KEY = 'concord.tour';

export interface TourState {
  open: boolean;
  step: number;
  /** Configuration when the current step was applied (its `done` compares against it). */
  startConfig: ReturnType<typeof useConfigStore.getState>['config'] | null;
  /** The first-visit offer is on screen. */
  offer: boolean;
  /** Opens the tour at `step` (default: the saved step, or the first). */
  start(step?: number): void;
  go(step: number): void;
  next(): void;
  back(): void;
  /** Closes the tour, keeping the step for a later resume. */
  close(): void;
  /** Skips the tour (it is not offered again). */
  skip(): void;
}

function saved(): number | 'done' | null {
  try {
    const v = localStorage.getItem(TOUR_KEY);
    if (v === null) return null;
    if (v === 'done') return 'done';
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 && n < TOUR_STEPS.length ? n : null;
  } catch {
    return null;
  }
}

function save(v: number | 'done'): void {
  try {
    localStorage.setItem(TOUR_KEY, String(v));
  } catch {
    // Storage may be off (private mode): the tour then simply does not resume.
  }
}

/** The saved step to resume at, or null when there is none (never started, or done). */
export function resumeStep(): number | null {
  const v = saved();
  return typeof v === 'number' ? v : null;
}

/** Applies step k's configuration: its preset, then its patch. */
export function applyStep(k: number): void {
  const s = TOUR_STEPS[k];
  const store = useConfigStore.getState();
  if (s.preset) store.applyPreset(s.preset);
  store.update({ view: 'live', ...s.patch });
}

export const useTourStore = create<TourState>()((set, get) => ({
  open: false,
  step: 0,
  startConfig: null,
  offer: false,
  start: (step) => get().go(step ?? resumeStep() ?? 0),
  go: (step) => {
    const k = Math.max(0, Math.min(TOUR_STEPS.length - 1, step));
    applyStep(k);
    save(k);
    set({ open: true, offer: false, step: k, startConfig: useConfigStore.getState().config });
  },
  next: () => {
    const { step } = get();
    if (step >= TOUR_STEPS.length - 1) {
      save('done');
      set({ open: false });
    } else get().go(step + 1);
  },
  back: () => get().go(get().step - 1),
  close: () => set({ open: false, offer: false }),
  skip: () => {
    save('done');
    set({ open: false, offer: false });
  },
}));

/** Offers the tour on a first visit (nothing saved yet). */
export function offerTourOnFirstVisit(): void {
  if (saved() === null) useTourStore.setState({ offer: true });
}
