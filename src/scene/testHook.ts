/**
 * What the scene exposes on window.__concordScene for end-to-end tests: the arrow tips it is
 * drawing now (display units, after the frame and the scale), the snapshot version they come
 * from, the renderer backend, and how many frames have been drawn.
 */
import type { DrawEntry } from './live';
import type { RendererKind } from './renderer';
import type { SceneSnapshot } from './sceneData';

export interface ConcordSceneHook {
  /** Tips of the raw and projected arrows (K × [x, y, z]) and of d/K. */
  tips(): { raw: number[][]; projected: number[][]; direction: number[] } | null;
  /** Conflicting raw pairs on screen with their angles (degrees) and whether they are resolved. */
  pairs(): { i: number; j: number; angleDeg: number; resolved: boolean }[];
  /** The raw tips on screen, in client (window) pixels (null before the first frame). */
  clientTips(): [number, number][] | null;
  /** Run-store version of the snapshot on screen (−1 before the first). */
  version(): number;
  backend(): RendererKind | null;
  frames(): number;
  /**
   * [version, performance.now()] of each run-store version, taken in the frame that draws it,
   * with a third entry on WebGPU: when the device had done that frame's work.
   */
  drawLog(): DrawEntry[];
  /** The caption on screen (frame and share of variance). */
  caption(): string;
}

declare global {
  interface Window {
    __concordScene?: ConcordSceneHook;
  }
}

const rows = (a: Float64Array, n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from(a.subarray(3 * i, 3 * i + 3)));

/** Installs the hook over live getters; returns the function that removes it. */
export function installSceneHook(get: {
  snapshot: () => SceneSnapshot | null;
  version: () => number;
  backend: () => RendererKind | null;
  frames: () => number;
  drawLog: () => DrawEntry[];
  caption: () => string;
  toClient: () => ((p: readonly [number, number, number]) => [number, number]) | null;
}): () => void {
  const hook: ConcordSceneHook = {
    tips: () => {
      const s = get.snapshot();
      if (!s) return null;
      return {
        raw: rows(s.raw, s.K),
        projected: rows(s.projected, s.K),
        direction: Array.from(s.direction),
      };
    },
    pairs: () =>
      (get.snapshot()?.pairs ?? []).map(({ i, j, angleDeg, resolved }) => ({
        i,
        j,
        angleDeg,
        resolved,
      })),
    clientTips: () => {
      const s = get.snapshot();
      const f = get.toClient();
      if (!s || !f) return null;
      return Array.from({ length: s.K }, (_, i) =>
        f([s.raw[3 * i], s.raw[3 * i + 1], s.raw[3 * i + 2]]),
      );
    },
    version: get.version,
    backend: get.backend,
    frames: get.frames,
    drawLog: () => get.drawLog().map((e) => [...e] as DrawEntry),
    caption: get.caption,
  };
  window.__concordScene = hook;
  return () => {
    if (window.__concordScene === hook) delete window.__concordScene;
  };
}
