/** Backend choice of a lab view: auto (GPU when available), CPU (float64) or GPU (float32). */
import type { LabBackendPref } from './labBackend';

export function BackendSelect({
  value,
  onChange,
  testId,
}: {
  value: LabBackendPref;
  onChange: (v: LabBackendPref) => void;
  testId: string;
}) {
  return (
    <label className="lab-field">
      backend
      <select
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value as LabBackendPref)}
      >
        <option value="auto">auto</option>
        <option value="cpu">CPU (float64)</option>
        <option value="gpu">GPU (float32)</option>
      </select>
    </label>
  );
}
