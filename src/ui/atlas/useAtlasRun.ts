/**
 * Runs the atlas measurement method by method, yielding to the browser between methods so the
 * page stays responsive and shows its progress; a newer run cancels an older one.
 */
import { useCallback, useRef, useState } from 'react';
import type { GradSet } from '../../core/types';
import {
  type AtlasParams,
  type AtlasRow,
  atlasInputs,
  measureMethod,
  measureOnSet,
} from '../../lab/atlas/measure';
import { type AtlasMethod, atlasMethods } from '../../lab/atlas/methods';

export type AtlasSource =
  | { kind: 'random'; params: AtlasParams }
  | { kind: 'current'; gs: GradSet; seed: number };

export interface AtlasRunState {
  rows: AtlasRow[];
  methods: AtlasMethod[];
  done: number;
  total: number;
  running: boolean;
  source: AtlasSource | null;
  error: string | null;
}

const idle: AtlasRunState = {
  rows: [],
  methods: [],
  done: 0,
  total: 0,
  running: false,
  source: null,
  error: null,
};

export function useAtlasRun() {
  const [state, setState] = useState<AtlasRunState>(idle);
  const token = useRef(0);
  const run = useCallback(async (source: AtlasSource) => {
    const my = ++token.current;
    const K = source.kind === 'random' ? source.params.K : source.gs.K;
    const seed = source.kind === 'random' ? source.params.seed : source.seed;
    const methods = atlasMethods(K, seed);
    setState({ ...idle, methods, total: methods.length, running: true, source });
    try {
      const inputs = source.kind === 'random' ? atlasInputs(source.params) : null;
      const rows: AtlasRow[] = [];
      for (const m of methods) {
        await new Promise((r) => setTimeout(r, 0));
        if (token.current !== my) return;
        rows.push(
          inputs ? measureMethod(m, inputs) : measureOnSet(m, (source as { gs: GradSet }).gs, seed),
        );
        setState((s) => ({ ...s, rows: [...rows], done: rows.length }));
      }
      setState((s) => ({ ...s, running: false }));
    } catch (e) {
      if (token.current === my) {
        setState((s) => ({ ...s, running: false, error: (e as Error).message }));
      }
    }
  }, []);
  return { state, run };
}
