/**
 * The story of the preset on screen, in one fixed place above the scene (a band of fixed height,
 * so the layout never moves when the preset changes), with the tour's resume button.
 */
import { useConfigStore } from '../state/configStore';
import { useImportStore } from '../state/importStore';
import { CUSTOM_STORY, PRESETS } from '../state/presets';
import { filePrecision } from './filePrecision';

export function storyText(preset: string, source: string): { title: string; text: string } {
  const p = PRESETS.find((x) => x.id === preset);
  if (source === 'imported') {
    const set = useImportStore.getState().set;
    return {
      title: set
        ? `Imported: ${set.fileName} (${set.K} tasks, ${filePrecision(set)})`
        : 'Imported gradients',
      text: 'Your imported gradients, with the method chosen in the controls applied to them: no θ and no flow, the view is the set itself.',
    };
  }
  if (source === 'sandbox' && p?.id !== 'sandbox') {
    return { title: 'Your own gradients', text: PRESETS.find((x) => x.id === 'sandbox')!.story };
  }
  return p ? { title: p.title, text: p.story } : { title: 'Custom', text: CUSTOM_STORY };
}

export function Story() {
  const preset = useConfigStore((s) => s.config.preset);
  const source = useConfigStore((s) => s.config.source);
  useImportStore((s) => s.set);
  const { title, text } = storyText(preset, source);
  return (
    <section className="story-band" data-testid="preset-story" aria-label="Story of this view">
      <b className="story-title">{title}.</b> <span className="story-text">{text}</span>
    </section>
  );
}
