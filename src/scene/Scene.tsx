/**
 * Concord's 3-D scene: gradients and their projections as arrows, conflict arcs, the principal
 * subspace for d > 3, and for 2-D problems the loss landscape with the trajectories. Renders the
 * r3f <Canvas> on three's WebGPURenderer (shared GPUDevice; WebGL2 when WebGPU is missing) and
 * an HTML overlay for labels, caption, legend and hover text. Everything that changes per frame
 * is read transiently from the run store inside useFrame; React renders only when the layout
 * changes (K, d, problem, landscape field, renderer backend). Frames are drawn on demand
 * (OnDemand.tsx): only when a store the scene reads changes, the camera moves or React updates.
 */
import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import type { WebGPURenderer } from 'three/webgpu';
import { type LandscapeField, landscapeDomain } from '../core/landscape';
import { createProblem } from '../core/problems';
import type { Problem } from '../core/problems/types';
import { useConfigStore } from '../state/configStore';
import { problemParams } from '../state/runConfig';
import { useRunStore } from '../state/runStore';
import { getSharedDevice } from '../ui/gpu';
import { THEME } from '../ui/palette';
import { Arcs } from './Arcs';
import { Arrows } from './Arrows';
import { Construction } from './Construction';
import { Controls } from './Controls';
import { registerCaptureTarget } from './capture';
import { Driver } from './Driver';
import { capacityBucket, type FlatLayout, flatLayoutFor, landscapeBeside } from './geometry';
import { Labels } from './Labels';
import { Landscape, PLANE_SIZE } from './Landscape';
import { Legend } from './Legend';
import { createSceneLive, type SceneLive, SceneLiveContext } from './live';
import { OnDemand } from './OnDemand';
import { Reference } from './Reference';
import { type RendererKind, rendererFactory } from './renderer';
import { SandboxDrag } from './SandboxDrag';
import { installSceneHook } from './testHook';
import './scene.css';

/** Registers renderer, scene and camera for the PNG export while mounted. */
function CaptureRegistration({ live }: { live: SceneLive }) {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    registerCaptureTarget({
      renderer: gl as unknown as WebGPURenderer,
      scene,
      camera,
      overlay: live.overlay.root,
    });
    return () => registerCaptureTarget(null);
  }, [gl, scene, camera, live]);
  return null;
}

/**
 * Places the landscape (2-D problems) beside or below the arrows depending on the viewport's
 * shape, and the camera to fit.
 */
function Layout(props: { flat: boolean; problem: Problem | null; field: LandscapeField }) {
  const beside = useThree((s) => landscapeBeside(s.size.width / s.size.height, PLANE_SIZE));
  // Without a landscape (sandbox, imported 2-D sets) the flat view holds the arrows' disc only
  // (up to the sandbox's largest norm).
  const alone = props.problem === null;
  const layout = useMemo<FlatLayout | null>(
    () =>
      !props.flat
        ? null
        : alone
          ? { planeCentre: [0, 0, 0], bounds: [-1.35, 1.35, -1.35, 1.35] }
          : flatLayoutFor(beside, PLANE_SIZE),
    [props.flat, beside, alone],
  );
  return (
    <>
      {layout && props.problem && (
        <Landscape problem={props.problem} field={props.field} centre={layout.planeCentre} />
      )}
      <Controls layout={layout} />
    </>
  );
}

/** "[x0, x1] × [y0, y1]" of the landscape's domain. */
function domainText(problem: Problem): string {
  const f = (x: number) => String(Number(x.toPrecision(3)));
  const [[a, b], [c, e]] = landscapeDomain(problem);
  return `[${f(a)}, ${f(b)}] × [${f(c)}, ${f(e)}]`;
}

/** The 2-D problem the landscape shows, from the configuration (null when d ≠ 2 or invalid). */
function useLandscapeProblem(d: number): Problem | null {
  const id = useConfigStore((s) => s.config.problem);
  const key = useConfigStore((s) => JSON.stringify(problemParams(s.config)));
  const imported = useConfigStore((s) => s.config.source !== 'problem');
  return useMemo(() => {
    if (d !== 2 || imported) return null;
    try {
      const p = createProblem(id, JSON.parse(key) as Record<string, number>);
      return p.d === 2 ? p : null;
    } catch {
      return null;
    }
  }, [d, id, key, imported]);
}

export function Scene() {
  const live = useMemo(createSceneLive, []);
  const K = useRunStore((s) => s.K);
  const d = useRunStore((s) => s.d);
  const problem = useLandscapeProblem(d);
  const [field, setField] = useState<LandscapeField>({ kind: 'F' });
  const [backend, setBackend] = useState<RendererKind | null>(null);
  const [canvasKey, setCanvasKey] = useState(0);
  const factory = useMemo(
    () =>
      rendererFactory((kind) => {
        live.backend = kind;
        setBackend(kind);
      }),
    [live],
  );
  const shownField = useMemo<LandscapeField>(
    () => (field.kind === 'L' && problem && field.i >= problem.K ? { kind: 'F' } : field),
    [field, problem],
  );

  useEffect(
    () =>
      installSceneHook({
        snapshot: () => live.snapshot,
        version: () => live.version,
        backend: () => live.backend,
        frames: () => live.frames,
        drawLog: () => live.drawLog,
        caption: () => live.caption,
        toClient: () => live.toClient,
      }),
    [live],
  );

  // A lost device: draw on with a fresh renderer (WebGL2 when no device is left).
  useEffect(() => {
    const dev = getSharedDevice();
    if (backend !== 'webgpu' || !dev) return;
    let alive = true;
    dev.lost.then(() => {
      if (!alive) return;
      live.version = -1;
      setCanvasKey((k) => k + 1);
    });
    return () => {
      alive = false;
    };
  }, [backend, live]);

  // Stable ref setters: React calls them only on mount and unmount.
  const refs = useMemo(() => {
    const set =
      <T extends keyof SceneLive['overlay']>(k: T) =>
      (el: SceneLive['overlay'][T]) => {
        live.overlay[k] = el;
      };
    return {
      root: set('root'),
      labels: set('labels'),
      caption: set('caption'),
      scale: set('scale'),
      status: set('status'),
      tooltip: set('tooltip'),
    };
  }, [live]);
  const cap = capacityBucket(K, 8);
  const pairCap = capacityBucket((K * (K - 1)) / 2, 32);
  const flat = d === 2;
  return (
    <SceneLiveContext.Provider value={live}>
      <div
        className="concord-scene"
        data-testid="scene"
        data-renderer={backend ?? 'starting'}
        ref={refs.root}
        title={backend === 'webgl2' ? 'Drawn with WebGL2 (WebGPU unavailable)' : undefined}
      >
        <Canvas
          key={canvasKey}
          gl={factory}
          frameloop="demand"
          flat
          dpr={[1, 2]}
          camera={{ fov: 42, near: 0.05, far: 100, position: [2.1, 1.5, 2.7] }}
          style={{ background: THEME.bg }}
        >
          <SceneLiveContext.Provider value={live}>
            <ambientLight intensity={1.1} />
            <directionalLight position={[3, 4, 5]} intensity={2.2} />
            <directionalLight position={[-4, -2, -3]} intensity={0.6} />
            <OnDemand />
            <Driver />
            <Reference axes={flat ? 2 : 3} />
            <Arrows key={`a${cap}`} capacity={cap} />
            <Arcs key={`c${pairCap}`} maxPairs={pairCap} />
            <Labels K={K} />
            <Construction />
            <SandboxDrag />
            <Layout flat={flat} problem={problem} field={shownField} />
            <CaptureRegistration live={live} />
          </SceneLiveContext.Provider>
        </Canvas>
        <div className="concord-scene-labels" ref={refs.labels} />
        <div className="concord-scene-info">
          <div data-capture className="caption" ref={refs.caption} />
          <div data-capture className="scale" ref={refs.scale} />
          <div className="status" ref={refs.status} />
        </div>
        {problem && (
          <fieldset className="concord-scene-field" aria-label="Landscape of">
            <span>landscape:</span>
            {[{ kind: 'F' } as LandscapeField]
              .concat(
                Array.from(
                  { length: Math.min(problem.K, 8) },
                  (_, i) => ({ kind: 'L', i }) as const,
                ),
              )
              .map((f) => {
                const name = f.kind === 'F' ? 'F' : `L${f.i + 1}`;
                const on =
                  f.kind === shownField.kind &&
                  (f.kind === 'F' || (shownField.kind === 'L' && f.i === shownField.i));
                return (
                  <button
                    type="button"
                    key={name}
                    className={on ? 'on' : ''}
                    onClick={() => setField(f)}
                  >
                    {name}
                  </button>
                );
              })}
          </fieldset>
        )}
        <Legend
          landscape={
            problem
              ? `${shownField.kind === 'F' ? 'F = Σ L_i' : `L${shownField.i + 1}`} on ${domainText(problem)}, shaded by quantile`
              : null
          }
        />
        <div className="concord-scene-tooltip" ref={refs.tooltip} />
      </div>
    </SceneLiveContext.Provider>
  );
}
