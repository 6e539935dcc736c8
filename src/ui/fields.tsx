/**
 * Plain, labelled HTML inputs bound to one configuration field each. A value is committed only
 * when it is admissible under the property table; otherwise the input is marked invalid and the
 * configuration keeps its previous value.
 */
import { type ReactNode, useEffect, useId, useState } from 'react';
import { CONFIG_FIELDS, type Config, isValidValue } from '../state/configSchema';
import { useConfigStore } from '../state/configStore';

type NumKey = {
  [k in keyof Config]: Config[k] extends number ? k : never;
}[keyof Config];

function rangeOf(key: NumKey): { min: number; max: number } {
  const s = CONFIG_FIELDS[key];
  return s.kind === 'int' || s.kind === 'float' ? { min: s.min, max: s.max } : { min: 0, max: 0 };
}

export function NumField({
  field,
  label,
  testId,
  unit,
  max,
  hint,
}: {
  field: NumKey;
  label: ReactNode;
  testId: string;
  unit?: string;
  max?: number;
  hint?: string;
}) {
  const id = useId();
  const value = useConfigStore((s) => s.config[field]);
  const update = useConfigStore((s) => s.update);
  const [draft, setDraft] = useState(String(value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setDraft(String(value));
    setBad(false);
  }, [value]);
  const r = rangeOf(field);
  const hi = max ?? r.max;
  const commit = (text: string) => {
    const v = Number(text);
    const ok = text.trim() !== '' && isValidValue(CONFIG_FIELDS[field], v) && v <= hi;
    setBad(!ok);
    if (ok && v !== value) update({ [field]: v } as Partial<Config>);
  };
  return (
    <div className="field" title={hint}>
      <label htmlFor={id}>
        {label}
        {unit ? <span className="unit"> {unit}</span> : null}
      </label>
      <input
        id={id}
        data-testid={testId}
        type="number"
        min={r.min}
        max={hi}
        step={CONFIG_FIELDS[field].kind === 'int' ? 1 : 'any'}
        value={draft}
        aria-invalid={bad}
        className={bad ? 'invalid' : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          commit(e.target.value);
        }}
      />
    </div>
  );
}

export function SliderField({
  field,
  label,
  testId,
  step,
  digits = 2,
}: {
  field: NumKey;
  label: ReactNode;
  testId: string;
  step: number;
  digits?: number;
}) {
  const id = useId();
  const value = useConfigStore((s) => s.config[field]);
  const update = useConfigStore((s) => s.update);
  const r = rangeOf(field);
  return (
    <div className="field slider">
      <label htmlFor={id}>
        {label} <output data-testid={`${testId}-value`}>{value.toFixed(digits)}</output>
      </label>
      <input
        id={id}
        data-testid={testId}
        type="range"
        min={r.min}
        max={r.max}
        step={step}
        value={value}
        onChange={(e) => update({ [field]: Number(e.currentTarget.value) } as Partial<Config>)}
      />
    </div>
  );
}

type EnumKey = {
  [k in keyof Config]: Config[k] extends string ? k : never;
}[keyof Config];

export function SelectField({
  field,
  label,
  testId,
  options,
}: {
  field: EnumKey;
  label: string;
  testId: string;
  options: readonly { value: string; label: string }[];
}) {
  const id = useId();
  const value = useConfigStore((s) => s.config[field]);
  const update = useConfigStore((s) => s.update);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(e) => update({ [field]: e.target.value } as Partial<Config>)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckField({
  field,
  label,
  testId,
}: {
  field: 'showRaw' | 'showProjected' | 'learnA' | 'torchjd' | 'compareTorchjd';
  label: string;
  testId: string;
}) {
  const id = useId();
  const value = useConfigStore((s) => s.config[field]);
  const update = useConfigStore((s) => s.update);
  return (
    <div className="field check">
      <input
        id={id}
        data-testid={testId}
        type="checkbox"
        checked={value}
        onChange={(e) => update({ [field]: e.target.checked })}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
