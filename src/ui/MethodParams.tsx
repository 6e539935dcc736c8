/**
 * The parameters of the aggregators added with the method atlas, shown for the running or the
 * compared method when it reads them: the scaling convention (every method), TorchJD's Gram
 * treatment (UPGrad, DualProj; one switch for the running method, one for the compared one, so
 * UPGrad can run beside UPGrad with TorchJD's Gram), GradVac's β, Krum's f and m, the trimmed mean's t and the
 * constant weights. RLW and GradDrop draw from the problem's seed, per step and world.
 */
import { useEffect, useId, useState } from 'react';
import { CONFIG_FIELDS, type Config, isValidValue } from '../state/configSchema';
import { useConfigStore } from '../state/configStore';
import { CheckField, NumField, SelectField } from './fields';
import { Sym } from './Sym';

function uses(c: Config, ...ids: string[]): boolean {
  return ids.includes(c.method) || ids.includes(c.compare);
}

/** Comma-separated weights w_1..w_K of `constant` ('' = all 1). */
function WeightsField({ K }: { K: number }) {
  const id = useId();
  const value = useConfigStore((s) => s.config.weights);
  const update = useConfigStore((s) => s.update);
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const parts = draft === '' ? [] : draft.split(',');
  const okText = isValidValue(CONFIG_FIELDS.weights, draft);
  const okCount = draft === '' || parts.length === K;
  return (
    <div className="field" title="d = Σ_i w_i g_i; empty: all weights 1">
      <label htmlFor={id}>Weights w (comma-separated, K = {K})</label>
      <input
        id={id}
        data-testid="weights"
        type="text"
        value={draft}
        aria-invalid={!okText || !okCount}
        className={!okText || !okCount ? 'invalid' : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          if (isValidValue(CONFIG_FIELDS.weights, e.target.value)) {
            update({ weights: e.target.value });
          }
        }}
      />
      {okText && !okCount ? (
        <p className="hint">
          weights: {parts.length} numbers given, K = {K} needed
        </p>
      ) : null}
    </div>
  );
}

export function MethodParams({ c, K }: { c: Config; K: number }) {
  const trimMax = Math.floor((K - 1) / 2);
  return (
    <>
      <SelectField
        field="scale"
        label="Scaling convention"
        testId="scale"
        options={[
          { value: 'sum', label: "Sum (Concord's: equal g_i give d = K·g)" },
          { value: 'mean', label: "Mean (TorchJD's: d/K)" },
        ]}
      />
      {c.method === 'upgrad' || c.method === 'dualproj' ? (
        <CheckField field="torchjd" label="TorchJD Gram (G/tr G + 1e-4·I)" testId="torchjd" />
      ) : null}
      {c.compare === 'upgrad' || c.compare === 'dualproj' ? (
        <CheckField
          field="compareTorchjd"
          label="Compared method: TorchJD Gram (G/tr G + 1e-4·I)"
          testId="compare-torchjd"
        />
      ) : null}
      {uses(c, 'gradvac') ? (
        <NumField
          field="beta"
          label={
            <>
              GradVac EMA rate <Sym id="beta" />
            </>
          }
          testId="gradvac-beta"
        />
      ) : null}
      {uses(c, 'krum') ? (
        <>
          <NumField field="byzantine" label="Krum: adversarial rows f" testId="krum-f" />
          <NumField field="selected" label="Krum: selected rows m" testId="krum-m" max={K} />
          {K < c.byzantine + 3 ? <p className="hint">Krum needs K ≥ f + 3 (K = {K}).</p> : null}
        </>
      ) : null}
      {uses(c, 'trimmedmean') ? (
        <>
          <NumField field="trim" label="Trimmed rows t (each end)" testId="trim" />
          {c.trim > trimMax ? (
            <p className="hint">
              t = {c.trim} needs K ≥ {2 * c.trim + 1}: using t = {trimMax} for K = {K}.
            </p>
          ) : null}
        </>
      ) : null}
      {uses(c, 'constant') ? <WeightsField K={K} /> : null}
      {uses(c, 'rlw', 'graddrop') ? (
        <p className="hint">Random draws are seeded by the problem's seed, per step and world.</p>
      ) : null}
    </>
  );
}
