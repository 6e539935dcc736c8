/** Run / cancel buttons with a progress bar and the run's status line. */
import type { LabRun } from './useLabRun';

export interface RunBarProps {
  run: LabRun;
  onRun: () => void;
  label?: string;
  testId: string;
  disabled?: boolean;
  /** Status text before this bar's own first run (default "not run yet"). */
  idleText?: string;
}

export function RunBar({
  run,
  onRun,
  label = 'run',
  testId,
  disabled,
  idleText = 'not run yet',
}: RunBarProps) {
  const { status, progress, message, notice } = run.state;
  const running = status === 'running';
  return (
    <div className="lab-runbar" data-testid={testId} data-status={status}>
      <button
        type="button"
        data-testid={`${testId}-run`}
        onClick={onRun}
        disabled={running || disabled}
      >
        {label}
      </button>
      <button
        type="button"
        data-testid={`${testId}-cancel`}
        onClick={run.cancel}
        disabled={!running}
      >
        cancel
      </button>
      <progress max={1} value={progress} data-testid={`${testId}-progress`} />
      <span className={`lab-status lab-status-${status}`} data-testid={`${testId}-status`}>
        {status === 'idle' ? idleText : message}
      </span>
      {notice ? (
        <span className="lab-notice" role="status" data-testid={`${testId}-notice`}>
          {notice}
        </span>
      ) : null}
    </div>
  );
}
