/**
 * Keyboard shortcuts: space play/pause, → one step, r reset. Ignored while typing in a text,
 * number or select control (so typing "r" or moving a slider with arrows still works), and off
 * while the lab is open.
 */
import { useEffect } from 'react';
import { runner } from '../state/runner';

function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return true;
  return t instanceof HTMLInputElement && t.type !== 'checkbox' && t.type !== 'button';
}

export function useKeyboard(enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === ' ') {
        e.preventDefault();
        runner.toggle();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        void runner.step();
      } else if (e.key === 'r' || e.key === 'R') {
        e.preventDefault();
        void runner.reset();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
