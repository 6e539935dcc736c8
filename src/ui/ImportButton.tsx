/**
 * "Import gradients" in the top bar: a button that opens the file picker (JSON, .npy,
 * safetensors, CSV). The file goes through the same path as a drop (importActions.importBytes).
 */
import { useRef } from 'react';
import { importBytes } from '../state/importActions';
import { useImportStore } from '../state/importStore';

export const IMPORT_ACCEPT = '.json,.npy,.safetensors,.st,.csv,.tsv,.txt,.dat';

export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const busy = useImportStore((s) => s.progress !== null);
  return (
    <>
      <button
        type="button"
        data-testid="import-button"
        disabled={busy}
        title="Load per-task gradients: JSON (project format or a Concord export), .npy, safetensors, CSV"
        onClick={() => input.current?.click()}
      >
        Import gradients
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept={IMPORT_ACCEPT}
        data-testid="import-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importBytes(f.name, f);
        }}
      />
    </>
  );
}
