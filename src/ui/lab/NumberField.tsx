/** A labelled number input that only reports values inside [min, max] (integers when `int`). */
import { useEffect, useState } from 'react';

export function NumberField(p: {
  label: string;
  value: number;
  min: number;
  max: number;
  int?: boolean;
  step?: number;
  testId?: string;
  onChange: (v: number) => void;
}) {
  const [text, setText] = useState(String(p.value));
  useEffect(() => setText(String(p.value)), [p.value]);
  const ok = (v: number) =>
    Number.isFinite(v) && v >= p.min && v <= p.max && (!p.int || Number.isInteger(v));
  return (
    <label className="lab-field">
      {p.label}
      <input
        type="number"
        data-testid={p.testId}
        value={text}
        min={p.min}
        max={p.max}
        step={p.step ?? (p.int ? 1 : 'any')}
        aria-invalid={!ok(Number(text))}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value !== '' && ok(v)) p.onChange(v);
        }}
      />
    </label>
  );
}
