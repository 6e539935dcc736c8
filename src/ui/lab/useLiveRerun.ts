/**
 * Re-runs a lab experiment while the user changes its parameters: when `enabled`, every change
 * of `deps` schedules `run` after `delayMs` of quiet (debounced), and a new run cancels the one
 * in flight (useLabRun). On the GPU a 256-world sweep or a basin map is one dispatch per batch,
 * so the views follow a dragged parameter.
 */
import { useEffect, useRef } from 'react';

export function useLiveRerun(
  enabled: boolean,
  deps: readonly unknown[],
  run: () => void,
  delayMs = 300,
): void {
  const latest = useRef(run);
  latest.current = run;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!enabled) return;
    const id = setTimeout(() => latest.current(), delayMs);
    return () => clearTimeout(id);
  }, [enabled, delayMs, ...deps]);
}
