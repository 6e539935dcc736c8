/**
 * The tour on screen: a first-visit offer, then one card per step with a ring around the element
 * the step points at. Keyboard: → or Enter next, ← back, Esc closes (the step is kept, "Tour" in
 * the top bar resumes it). The keys act only while the card is open and never while typing or on
 * a slider (the α step asks for the arrow keys on the slider).
 */
import { useEffect, useRef, useState } from 'react';
import { useConfigStore } from '../state/configStore';
import { useRunStore } from '../state/runStore';
import { TOUR_STEPS } from './steps';
import { useTourStore } from './tourStore';
import './tour.css';

function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return true;
  return t instanceof HTMLInputElement && t.type !== 'checkbox' && t.type !== 'button';
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The target's box on screen, followed every animation frame (null while it is absent); the
 * first time the target is found it is scrolled into view (e.g. the α slider low in the controls).
 */
function useTargetBox(selector: string | null): Box | null {
  const [box, setBox] = useState<Box | null>(null);
  const last = useRef('');
  useEffect(() => {
    if (!selector) return;
    let id = 0;
    let shown = false;
    const tick = () => {
      const el = document.querySelector(selector);
      if (el && !shown) {
        shown = true;
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
      const r = el?.getBoundingClientRect();
      const key = r ? `${r.left | 0},${r.top | 0},${r.width | 0},${r.height | 0}` : '';
      if (key !== last.current) {
        last.current = key;
        setBox(r ? { left: r.left, top: r.top, width: r.width, height: r.height } : null);
      }
      id = requestAnimationFrame(tick);
    };
    tick();
    return () => cancelAnimationFrame(id);
  }, [selector]);
  return box;
}

/**
 * Card position: docked at the window's right edge (over the dense panels, never over the
 * scene, the controls or the numbers the step is about), level with the target; at the left
 * edge when the target itself is on the right; at the bottom on a narrow screen.
 */
function cardStyle(box: Box | null): React.CSSProperties {
  const W = window.innerWidth;
  const H = window.innerHeight;
  const cw = Math.min(340, W - 16);
  if (W < 720 || !box) return { left: 8, right: 8, bottom: 8 };
  const onRight = box.left + box.width > W - cw - 24 && box.left > W / 2;
  const full = box.width > W * 0.8;
  const left = onRight && !full ? 8 : W - cw - 8;
  const top = full ? H - 300 : Math.max(60, Math.min(box.top - 20, H - 300));
  return { left, top, width: cw };
}

export function Tour() {
  const { open, offer, step, startConfig } = useTourStore();
  const tour = useTourStore.getState();
  const s = open ? TOUR_STEPS[step] : null;
  const box = useTargetBox(s?.target ?? null);
  const done = useRunStore((run) => {
    if (!s?.done || !startConfig) return false;
    return s.done(useConfigStore.getState().config, run, startConfig);
  });
  const doneCfg = useConfigStore((c) => {
    if (!s?.done || !startConfig) return false;
    return s.done(c.config, useRunStore.getState(), startConfig);
  });

  useEffect(() => {
    if (!open && !offer) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const t = useTourStore.getState();
      let used = true;
      if (t.offer) {
        if (e.key === 'Enter') t.start();
        else if (e.key === 'Escape') t.skip();
        else used = false;
      } else if (e.key === 'ArrowRight' || e.key === 'Enter') t.next();
      else if (e.key === 'ArrowLeft') t.back();
      else if (e.key === 'Escape') t.close();
      else used = false;
      if (used) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [open, offer]);

  if (offer) {
    return (
      <aside className="tour-card tour-offer" data-testid="tour-offer" aria-label="Guided tour">
        <h2>New to gradient conflict?</h2>
        <p>
          A {TOUR_STEPS.length}-step tour shows what the arrows mean, what PCGrad, cosine-scaled
          projection and MGDA do, and where each of them stops. About five minutes.
        </p>
        <div className="tour-buttons">
          <button
            type="button"
            className="primary"
            data-testid="tour-start"
            onClick={() => tour.start()}
          >
            Take the tour
          </button>
          <button type="button" data-testid="tour-skip" onClick={() => tour.skip()}>
            Skip
          </button>
        </div>
        <p className="tour-keys">Enter starts, Esc skips; “Tour” in the top bar opens it later.</p>
      </aside>
    );
  }
  if (!s) return null;
  const last = step === TOUR_STEPS.length - 1;
  const ok = done || doneCfg;
  return (
    <>
      {box ? (
        <div
          className="tour-ring"
          aria-hidden="true"
          style={{
            left: box.left - 4,
            top: box.top - 4,
            width: box.width + 8,
            height: box.height + 8,
          }}
        />
      ) : null}
      <aside
        className="tour-card"
        data-testid="tour-card"
        data-step={s.id}
        aria-live="polite"
        aria-label={`Tour step ${step + 1} of ${TOUR_STEPS.length}`}
        style={cardStyle(box)}
      >
        <div className="tour-head">
          <span className="tour-count">
            {step + 1} / {TOUR_STEPS.length}
          </span>
          <h2>{s.title}</h2>
          <button
            type="button"
            className="tour-close"
            aria-label="Close the tour"
            data-testid="tour-close"
            onClick={() => tour.close()}
          >
            ×
          </button>
        </div>
        <p>{s.look}</p>
        <p className={`tour-task${ok ? ' done' : ''}`} data-testid="tour-task" data-done={ok}>
          <b>{ok ? '✓ Done:' : 'Try:'}</b> {s.task}
        </p>
        <div className="tour-buttons">
          <button
            type="button"
            data-testid="tour-back"
            disabled={step === 0}
            onClick={() => tour.back()}
          >
            ← Back
          </button>
          <button
            type="button"
            className="primary"
            data-testid="tour-next"
            onClick={() => tour.next()}
          >
            {last ? 'Finish' : 'Next →'}
          </button>
          <button type="button" data-testid="tour-skip" onClick={() => tour.skip()}>
            Skip tour
          </button>
        </div>
        <p className="tour-keys">← → or Enter to move, Esc to close (resume from “Tour”).</p>
      </aside>
    </>
  );
}
