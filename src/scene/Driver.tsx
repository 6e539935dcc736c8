/**
 * Reads the run store transiently every frame and rebuilds the scene snapshot when a new run
 * snapshot arrives (runStore.version changes). A view the core rejects (non-finite after a
 * divergence) keeps the last good snapshot on screen and says so.
 */
import { useFrame } from '@react-three/fiber';
import { useConfigStore } from '../state/configStore';
import { useRunStore } from '../state/runStore';
import { formatScale } from './geometry';
import { logDraw, setText, useSceneLive } from './live';
import { buildSnapshot, frameCaption } from './sceneData';

/** Shortest interval between two principal-frame computations. */
const FRAME_REFRESH_MS = 100;

export function Driver() {
  const live = useSceneLive();
  useFrame(() => {
    live.frames++;
    const run = useRunStore.getState();
    if (run.version === live.version) return;
    live.version = run.version;
    logDraw(live, run.version);
    if (!run.view || run.K < 1 || run.d < 1) {
      if (live.snapshot && run.view === null) {
        live.snapshot = null;
        live.snapId++;
      }
      return;
    }
    const { tau, source } = useConfigStore.getState().config;
    try {
      // The principal frame (K×K eigen-decomposition) is refreshed at most every 100 ms; between
      // refreshes the tips are projected on the last frame.
      const now = performance.now();
      const prev = live.snapshot && live.snapshot.K === run.K ? live.snapshot.frame : null;
      const refresh = now - live.frameAt >= FRAME_REFRESH_MS;
      const fixed = source === 'sandbox' ? 1 : undefined;
      live.snapshot = buildSnapshot(run.view, run.K, run.d, tau, prev, refresh, fixed);
      if (refresh || live.snapshot.frame !== prev) live.frameAt = now;
      live.snapId++;
      live.error = null;
    } catch (e) {
      live.error = e instanceof Error ? e.message : String(e);
    }
    const s = live.snapshot;
    live.caption = s ? (run.frameCaption ?? frameCaption(s)) : '';
    const { overlay } = live;
    setText(overlay.caption, live.caption);
    setText(
      overlay.scale,
      s
        ? source === 'sandbox'
          ? 'arrow length 1 = ‖g‖ 1 (the dashed circle)'
          : `arrow length 1 = ‖g‖ ${formatScale(s.maxNorm)} (largest raw gradient)`
        : '',
    );
    setText(overlay.status, live.error ? `last good state shown — ${live.error}` : '');
  });
  return null;
}
