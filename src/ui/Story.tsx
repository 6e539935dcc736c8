/**
 * The story of the preset on screen, in one fixed place above the scene (a band of fixed height,
 * so the layout never moves when the preset changes). A story longer than the band (on a narrow
 * screen) scrolls inside it, and its last visible line fades while more text lies below.
 */
import { useLayoutEffect, useRef, useState } from 'react';
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
  const ref = useRef<HTMLElement>(null);
  const [more, setMore] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measured whenever the story changes.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setMore(el.scrollTop + el.clientHeight < el.scrollHeight - 1);
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    el.addEventListener('scroll', check, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', check);
    };
  }, [text, title]);
  return (
    <section
      ref={ref}
      className="story-band"
      data-testid="preset-story"
      data-more={more ? 'true' : 'false'}
      aria-label="Story of this view"
    >
      <b className="story-title">{title}.</b> <span className="story-text">{text}</span>
    </section>
  );
}
