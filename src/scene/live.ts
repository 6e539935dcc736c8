/**
 * The scene's mutable live state, shared by its components through a React context and updated
 * only inside useFrame: the current snapshot and its id, the overlay's DOM nodes, and counters.
 * Nothing here triggers a React render.
 */
import { createContext, useContext } from 'react';
import type { RendererKind } from './renderer';
import type { SceneSnapshot } from './sceneData';

export interface OverlayNodes {
  root: HTMLDivElement | null;
  caption: HTMLDivElement | null;
  scale: HTMLDivElement | null;
  labels: HTMLDivElement | null;
  tooltip: HTMLDivElement | null;
  status: HTMLDivElement | null;
}

export interface SceneLive {
  snapshot: SceneSnapshot | null;
  /** Increments whenever `snapshot` is replaced. */
  snapId: number;
  /** Run-store version the snapshot was built from (−1 before the first). */
  version: number;
  /** performance.now() of the last principal-frame computation. */
  frameAt: number;
  /** Why the last view could not be drawn (kept last good snapshot), if it could not. */
  error: string | null;
  frames: number;
  /**
   * [run-store version, performance.now()] of each snapshot the scene took, in the frame that
   * draws it (the newest DRAW_LOG_MAX), for latency benchmarks.
   */
  /** [version, drawn at, device done at (WebGPU; set when the frame's work completes)]. */
  drawLog: DrawEntry[];
  caption: string;
  backend: RendererKind | null;
  overlay: OverlayNodes;
  /**
   * A note label tied to a point of the scene (the construction's text), placed by Labels with
   * the objective labels so that it overlaps none of them.
   */
  note: { el: HTMLElement; anchor: readonly [number, number, number] | null } | null;
  /** Projects a scene point to client (window) pixels; set while the camera is mounted. */
  toClient: ((p: readonly [number, number, number]) => [number, number]) | null;
}

export function createSceneLive(): SceneLive {
  return {
    snapshot: null,
    snapId: 0,
    version: -1,
    frameAt: Number.NEGATIVE_INFINITY,
    error: null,
    frames: 0,
    drawLog: [],
    caption: '',
    backend: null,
    note: null,
    toClient: null,
    overlay: { root: null, caption: null, scale: null, labels: null, tooltip: null, status: null },
  };
}

/** A drawn run-store version: when its frame was drawn and, on WebGPU, when the device had done it. */
export type DrawEntry = [version: number, drawnAt: number, doneAt?: number];

/** Entries kept in SceneLive.drawLog. */
export const DRAW_LOG_MAX = 4096;

/** Notes that the frame being drawn now shows run-store `version`. */
export function logDraw(live: SceneLive, version: number): void {
  live.drawLog.push([version, performance.now()]);
  if (live.drawLog.length > DRAW_LOG_MAX)
    live.drawLog.splice(0, live.drawLog.length - DRAW_LOG_MAX);
}

export const SceneLiveContext = createContext<SceneLive | null>(null);

export function useSceneLive(): SceneLive {
  const live = useContext(SceneLiveContext);
  if (!live) throw new Error('scene: component used outside <Scene>');
  return live;
}

/** Sets an element's text only when it changes (no layout work on equal text). */
export function setText(el: HTMLElement | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}
