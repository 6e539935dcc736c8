/**
 * A symbol with its hover (and keyboard-focus) definition: one sentence and the formula, in a
 * popup kept inside the window.
 */
import { type ReactNode, useRef, useState } from 'react';
import { SYMBOLS, type SymbolId } from './symbols';
import { Tex } from './Tex';

export function Sym({ id, children }: { id: SymbolId; children?: ReactNode }) {
  const def = SYMBOLS[id];
  const ref = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  const show = () => {
    const r = ref.current?.getBoundingClientRect();
    if (!r) return;
    const W = window.innerWidth;
    const H = window.innerHeight;
    const left = Math.max(8, Math.min(r.left, W - 330));
    const top = r.bottom + 150 < H ? r.bottom + 6 : Math.max(8, r.top - 150);
    setAt({ left, top });
  };
  return (
    <button
      type="button"
      ref={ref}
      className="sym"
      data-sym={id}
      aria-description={`${def.sentence}`}
      onMouseEnter={show}
      onMouseLeave={() => setAt(null)}
      onFocus={show}
      onBlur={() => setAt(null)}
    >
      {children ?? def.name}
      {at ? (
        <span className="sym-pop" role="tooltip" data-testid="sym-pop" style={at}>
          <b>{def.name}</b>: {def.sentence}
          <Tex tex={def.tex} inline />
        </span>
      ) : null}
    </button>
  );
}
