/**
 * Keeps the URL hash and the configuration store in step: the store is read from the hash at
 * start and whenever the hash changes (a pasted link), and every store change rewrites the hash
 * with history.replaceState (no history entry per slider tick).
 */
import { useConfigStore } from './configStore';
import { encodeConfig } from './urlCodec';

export function startUrlSync(win: Window = window): () => void {
  const store = useConfigStore;
  if (win.location.hash.length > 1) store.getState().loadHash(win.location.hash);
  let writing = '';
  const write = () => {
    const hash = `#${encodeConfig(store.getState().config)}`;
    if (win.location.hash === hash) return;
    writing = hash;
    win.history.replaceState(null, '', hash);
  };
  write();
  const unsub = store.subscribe((s, prev) => {
    if (s.config !== prev.config) write();
  });
  const onHash = () => {
    if (win.location.hash === writing) return;
    store.getState().loadHash(win.location.hash);
  };
  win.addEventListener('hashchange', onHash);
  return () => {
    unsub();
    win.removeEventListener('hashchange', onHash);
  };
}
