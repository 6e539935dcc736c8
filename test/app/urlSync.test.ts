import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/state/configSchema';
import { useConfigStore } from '../../src/state/configStore';
import { decodeConfig } from '../../src/state/urlCodec';
import { startUrlSync } from '../../src/state/urlSync';

/** The parts of window that URL sync uses. */
function fakeWindow(hash: string) {
  const listeners = new Map<string, () => void>();
  let writes = 0;
  const win = {
    location: { hash },
    history: {
      replaceState: (_s: unknown, _t: string, url: string) => {
        writes++;
        win.location.hash = url;
      },
    },
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
  };
  return {
    win,
    writes: () => writes,
    navigate(h: string) {
      win.location.hash = h;
      listeners.get('hashchange')?.();
    },
    listening: () => listeners.has('hashchange'),
  };
}

describe('URL sync', () => {
  it('reads the link, writes back the full configuration, follows edits and pasted links', () => {
    useConfigStore.setState({ config: defaultConfig(), fallbacks: [], unknown: [] });
    const f = fakeWindow('#alpha=0.25&K=oops');
    const stop = startUrlSync(f.win as unknown as Window);
    const st = useConfigStore.getState();
    expect(st.config.alpha).toBe(0.25);
    expect(st.fallbacks).toEqual(['K']);
    // The hash now holds every field, K at its default.
    expect(decodeConfig(f.win.location.hash)).toEqual({
      config: { ...defaultConfig(), alpha: 0.25 },
      fallbacks: [],
      unknown: [],
    });
    const n = f.writes();
    useConfigStore.getState().update({ seed: 99 });
    expect(f.writes()).toBe(n + 1);
    expect(decodeConfig(f.win.location.hash).config.seed).toBe(99);
    // A no-op update writes nothing.
    useConfigStore.getState().update({ seed: 99 });
    expect(f.writes()).toBe(n + 1);
    // A pasted link replaces the configuration.
    f.navigate('#preset=cagrad-toy');
    expect(useConfigStore.getState().config.problem).toBe('cagrad-toy');
    expect(decodeConfig(f.win.location.hash).config.problem).toBe('cagrad-toy');
    stop();
    expect(f.listening()).toBe(false);
    useConfigStore.getState().update({ seed: 5 });
    expect(decodeConfig(f.win.location.hash).config.seed).not.toBe(5);
  });
});
