/**
 * A symbol with its hover (and keyboard-focus) definition: one sentence and the formula. The
 * popup is rendered into the document body (so no scrolling panel or transformed overlay clips
 * it), measured once drawn, and placed inside the window (popupPosition.ts).
 */
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { popupPosition } from './popupPosition';
import { SYMBOLS, type SymbolId } from './symbols';
import { Tex } from './Tex';

export function Sym({ id, children }: { id: SymbolId; children?: ReactNode }) {
  const def = SYMBOLS[id];
  const ref = useRef<HTMLButtonElement>(null);
  const pop = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    if (!open) {
      setAt(null);
      return;
    }
    const r = ref.current?.getBoundingClientRect();
    const p = pop.current?.getBoundingClientRect();
    if (!r || !p) return;
    setAt(popupPosition(r, p.width, p.height, window.innerWidth, window.innerHeight));
  }, [open]);
  return (
    <button
      type="button"
      ref={ref}
      className="sym"
      data-sym={id}
      aria-description={def.sentence}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      {children ?? def.name}
      {open
        ? createPortal(
            <span
              ref={pop}
              className="sym-pop"
              role="tooltip"
              data-testid="sym-pop"
              data-for={id}
              style={at ?? { left: 0, top: 0, visibility: 'hidden' }}
            >
              <b>{def.name}</b>: {def.sentence}
              <Tex tex={def.tex} inline />
            </span>,
            document.body,
          )
        : null}
    </button>
  );
}
