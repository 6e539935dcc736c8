/**
 * One cancellable lab run: an AbortController per run, a progress fraction with a message
 * (rendered at most every PROGRESS_MS), and the run's outcome. Starting a run cancels the one before; cancelling (or unmounting) aborts the
 * signal and marks the run cancelled at once, and whatever the aborted work still produces is
 * dropped: `commit` only applies results while the run that made them is the current one and has
 * not been aborted. Lab runs keep their state here, never in the main view's stores. A run may
 * leave one notice (e.g. the GPU device was lost and the CPU took over), shown beside its status.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type LabRunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface LabRunState {
  status: LabRunStatus;
  progress: number;
  message: string;
  error: string | null;
  /** One line the run wants the user to see besides its status (null when none). */
  notice: string | null;
}

export interface LabRunControls {
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
  /** Sets the run's notice (the latest one wins; a run shows at most one). */
  notice(text: string): void;
  /** Runs `apply` only while this run is current and not aborted; returns whether it ran. */
  commit(apply: () => void): boolean;
}

export interface LabRun {
  state: LabRunState;
  start(work: (c: LabRunControls) => Promise<string | undefined>): void;
  cancel(): void;
}

/** Shortest interval between two progress renders of a run (ms). */
export const PROGRESS_MS = 100;

const IDLE: LabRunState = { status: 'idle', progress: 0, message: '', error: null, notice: null };

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

export function useLabRun(): LabRun {
  const [state, setState] = useState<LabRunState>(IDLE);
  const current = useRef<AbortController | null>(null);

  const cancel = useCallback(() => {
    const ac = current.current;
    if (!ac) return;
    current.current = null;
    ac.abort();
    setState((s) => ({ ...s, status: 'cancelled', message: 'cancelled' }));
  }, []);

  const start = useCallback((work: (c: LabRunControls) => Promise<string | undefined>) => {
    current.current?.abort();
    const ac = new AbortController();
    current.current = ac;
    const live = () => current.current === ac && !ac.signal.aborted;
    setState({ status: 'running', progress: 0, message: 'starting…', error: null, notice: null });
    // Progress reaches React at most every PROGRESS_MS (the newest value, trailing), however
    // often the workers report it.
    let pending: { fraction: number; message: string | undefined } | null = null;
    let shownAt = Number.NEGATIVE_INFINITY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const p = pending;
      pending = null;
      if (!p || !live()) return;
      shownAt = performance.now();
      setState((s) => ({
        ...s,
        progress: Math.max(0, Math.min(1, p.fraction)),
        message: p.message ?? s.message,
      }));
    };
    const controls: LabRunControls = {
      signal: ac.signal,
      progress(fraction, message) {
        if (!live()) return;
        pending = { fraction, message: message ?? pending?.message };
        if (timer === undefined)
          timer = setTimeout(flush, Math.max(0, shownAt + PROGRESS_MS - performance.now()));
      },
      notice(text) {
        if (live()) setState((s) => ({ ...s, notice: text }));
      },
      commit(apply) {
        if (!live()) return false;
        apply();
        return true;
      },
    };
    work(controls).then(
      (msg) => {
        if (!live()) return;
        current.current = null;
        setState((s) => ({
          status: 'done',
          progress: 1,
          message: msg ?? 'done',
          error: null,
          notice: s.notice,
        }));
      },
      (e: unknown) => {
        if (!live()) return;
        current.current = null;
        if (isAbort(e)) {
          setState((s) => ({ ...s, status: 'cancelled', message: 'cancelled' }));
          return;
        }
        const text = e instanceof Error ? e.message : String(e);
        setState((s) => ({ ...s, status: 'error', message: text, error: text }));
      },
    );
  }, []);

  useEffect(() => () => current.current?.abort(), []);

  return { state, start, cancel };
}
