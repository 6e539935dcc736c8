/**
 * Visible notices: URL fields that fell back to defaults (named), the backend notice (no WebGPU,
 * device lost), the frame budget lowering the steps per frame, divergence, and run errors.
 */
import { useConfigStore } from '../state/configStore';
import { useRunStore } from '../state/runStore';

/** At most this many reasons are listed, each cut to MESSAGE_CHARS characters. */
const MAX_MESSAGES = 6;
const MESSAGE_CHARS = 160;
const cut = (m: string) => (m.length > MESSAGE_CHARS ? `${m.slice(0, MESSAGE_CHARS - 1)}…` : m);

export function Notices() {
  const fallbacks = useConfigStore((s) => s.fallbacks);
  const unknown = useConfigStore((s) => s.unknown);
  const messages = useConfigStore((s) => s.messages);
  const dismiss = useConfigStore((s) => s.dismissNotice);
  const notice = useRunStore((s) => s.notice);
  const status = useRunStore((s) => s.status);
  const error = useRunStore((s) => s.error);
  const step = useRunStore((s) => s.step);
  const budget = useRunStore((s) => s.budgetNotice);
  return (
    <div className="notices" aria-live="polite">
      {fallbacks.length > 0 || unknown.length > 0 ? (
        <div className="notice warn" data-testid="url-notice">
          <div>
            {fallbacks.length > 0 ? (
              <>
                The link had invalid values for <b>{fallbacks.join(', ')}</b>; using the defaults
                for {fallbacks.length === 1 ? 'it' : 'them'}.
                {messages.length > 0 ? (
                  <ul className="notice-reasons" data-testid="url-notice-reasons">
                    {messages.slice(0, MAX_MESSAGES).map((m) => (
                      <li key={m}>{cut(m)}</li>
                    ))}
                    {messages.length > MAX_MESSAGES ? (
                      <li>and {messages.length - MAX_MESSAGES} more</li>
                    ) : null}
                  </ul>
                ) : null}
              </>
            ) : null}
            {unknown.length > 0 ? <> Ignored unknown keys: {unknown.join(', ')}.</> : null}
          </div>
          <button type="button" onClick={dismiss} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
      {notice ? (
        <div className="notice info" data-testid="notice">
          {notice}
        </div>
      ) : null}
      {budget ? (
        <div className="notice info" data-testid="budget-notice">
          {budget}
        </div>
      ) : null}
      {status === 'diverged' ? (
        <div className="notice danger" data-testid="diverged">
          The run diverged (a non-finite value appeared) after step {step}: paused, showing the last
          finite state. Lower the step size η and reset.
        </div>
      ) : null}
      {error ? (
        <div className="notice danger" data-testid="run-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
