/**
 * The page's own title and URL state for what it shows: "Concord — <preset>" for a preset,
 * "Concord — <file>" for an imported set (whose view then no longer carries the previous
 * preset's name: `preset` is cleared, so the title, the story and the link say "imported"),
 * "Concord — Your own gradients" for the sandbox. Returns the unsubscribe function.
 */
import { useConfigStore } from '../state/configStore';
import { useImportStore } from '../state/importStore';
import { PRESETS } from '../state/presets';

export function pageTitle(): string {
  const c = useConfigStore.getState().config;
  const set = useImportStore.getState().set;
  if (c.view === 'lab') return 'Concord — lab';
  if (c.source === 'imported' && set) return `Concord — ${set.fileName}`;
  if (c.source === 'sandbox') return 'Concord — Your own gradients';
  const p = PRESETS.find((x) => x.id === c.preset);
  return p ? `Concord — ${p.title}` : 'Concord — custom run';
}

export function startPageTitle(): () => void {
  const apply = () => {
    const c = useConfigStore.getState().config;
    if (c.source === 'imported' && useImportStore.getState().set && c.preset !== '') {
      useConfigStore.getState().update({ preset: '' });
      return;
    }
    const t = pageTitle();
    if (document.title !== t) document.title = t;
  };
  apply();
  const a = useConfigStore.subscribe(apply);
  const b = useImportStore.subscribe((s, p) => {
    if (s.set !== p.set) apply();
  });
  return () => {
    a();
    b();
  };
}
